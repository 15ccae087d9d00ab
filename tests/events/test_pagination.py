"""The event list is split into pages of 20; a page that does not exist is a 404, never a 500."""

import re
from datetime import timedelta

import pytest

from dialogue.database import utcnow
from dialogue.events.models import EventKind
from dialogue.extensions import db
from tests.events.pages import event_ids_on
from tests.factories import make_event


@pytest.fixture
def twenty_one_events(ctx):
    now = utcnow()
    events = [make_event(starts_at=now + timedelta(days=1, hours=number)) for number in range(21)]
    db.session.commit()
    return [event.id for event in events]


def test_twenty_one_events_make_two_pages(client, twenty_one_events):
    first = client.get("/events/")
    second = client.get("/events/?page=2")

    assert first.status_code == second.status_code == 200
    assert event_ids_on(first) == set(twenty_one_events[:20])
    assert event_ids_on(second) == {twenty_one_events[20]}
    assert 'rel="next"' in first.get_data(as_text=True)
    assert 'rel="prev"' in second.get_data(as_text=True)
    assert 'rel="next"' not in second.get_data(as_text=True)


def test_page_beyond_the_last_is_a_404_page(client, twenty_one_events):
    assert client.get("/events/?page=3").status_code == 404
    assert client.get("/events/?page=999").status_code == 404


@pytest.mark.parametrize("page", ["abc", "0", "-1", "1.5", "", "%00", "99999999999999999999999"])
def test_odd_page_numbers_never_crash(client, twenty_one_events, page):
    response = client.get(f"/events/?page={page}")

    assert response.status_code in (200, 404)
    if response.status_code == 200:
        assert event_ids_on(response) == set(twenty_one_events[:20])


def test_per_page_cannot_be_raised_from_the_address(client, twenty_one_events):
    response = client.get("/events/?per_page=1000")

    assert response.status_code == 200
    assert len(event_ids_on(response)) == 20


def test_next_page_link_keeps_the_filters(client, ctx):
    now = utcnow()
    exhibitions = [
        make_event(kind=EventKind.EXHIBITION, starts_at=now + timedelta(days=1, hours=number)) for number in range(21)
    ]
    make_event(kind=EventKind.CITIZEN_DIALOGUE)
    db.session.commit()

    first = client.get("/events/?kind=exhibition").get_data(as_text=True)
    next_link = re.search(r'<a href="([^"]+)" rel="next"', first).group(1).replace("&amp;", "&")
    second = client.get(next_link)

    assert "kind=exhibition" in next_link
    assert event_ids_on(second) == {exhibitions[20].id}
