"""The start page shows what is coming up: published events that have not ended."""

from datetime import timedelta

from dialogue.database import utcnow
from dialogue.events.models import EventStatus
from dialogue.extensions import db
from tests.events.pages import event_ids_on
from tests.factories import make_event, make_neighbourhood


def test_home_lists_upcoming_published_events_only(client, ctx):
    now = utcnow()
    upcoming = make_event(starts_at=now + timedelta(days=2))
    later = make_event(starts_at=now + timedelta(days=20))
    draft = make_event(status=EventStatus.DRAFT)
    cancelled = make_event(status=EventStatus.CANCELLED)
    past = make_event(starts_at=now - timedelta(days=3))
    db.session.commit()

    response = client.get("/")

    assert response.status_code == 200
    shown = event_ids_on(response)
    assert {upcoming.id, later.id} <= shown
    assert not shown & {draft.id, cancelled.id, past.id}


def test_home_lists_soonest_first(client, ctx):
    now = utcnow()
    later = make_event(starts_at=now + timedelta(days=9))
    sooner = make_event(starts_at=now + timedelta(days=1))
    db.session.commit()

    page = client.get("/").get_data(as_text=True)

    assert page.index(f'href="/events/{sooner.id}"') < page.index(f'href="/events/{later.id}"')


def test_home_lists_the_neighbourhoods(client, ctx):
    make_neighbourhood("Sege Park", slug="sege-park")
    db.session.commit()

    assert 'href="/neighbourhoods/sege-park"' in client.get("/").get_data(as_text=True)


def test_home_without_events_still_renders(client):
    response = client.get("/")

    assert response.status_code == 200
    assert event_ids_on(response) == set()
