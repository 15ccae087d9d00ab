"""The event list and each of its filters: neighbourhood, kind, language and free places."""

from datetime import timedelta

import pytest

from dialogue.database import utcnow
from dialogue.events.models import EventKind, EventStatus
from dialogue.extensions import db
from tests.events.pages import event_ids_on, field_error
from tests.factories import make_event, make_neighbourhood, make_registration


def test_list_shows_upcoming_published_events_only(client, ctx):
    now = utcnow()
    shown = make_event()
    ongoing = make_event(starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=1))
    hidden = [
        make_event(status=EventStatus.DRAFT),
        make_event(status=EventStatus.CANCELLED),
        make_event(starts_at=now - timedelta(days=1)),
    ]
    db.session.commit()

    response = client.get("/events/")

    assert response.status_code == 200
    assert event_ids_on(response) == {shown.id, ongoing.id}
    assert not event_ids_on(response) & {event.id for event in hidden}


def test_neighbourhood_filter(client, ctx):
    lindangen = make_neighbourhood("Lindängen", slug="lindangen")
    holma = make_neighbourhood("Holma-Kroksbäck", slug="holma-kroksback")
    here = make_event(lindangen)
    make_event(holma)
    db.session.commit()

    response = client.get("/events/?neighbourhood=lindangen")

    assert response.status_code == 200
    assert event_ids_on(response) == {here.id}


def test_kind_filter(client, ctx):
    exhibition = make_event(kind=EventKind.EXHIBITION)
    make_event(kind=EventKind.CITIZEN_DIALOGUE)
    make_event(kind=EventKind.DANCE_WORKSHOP)
    db.session.commit()

    response = client.get("/events/?kind=exhibition")

    assert event_ids_on(response) == {exhibition.id}


def test_language_filter(client, ctx):
    arabic = make_event(languages=("sv", "ar"))
    make_event(languages=("sv",))
    make_event(languages=("en", "fi"))
    db.session.commit()

    response = client.get("/events/?language=ar")

    assert event_ids_on(response) == {arabic.id}


def test_only_free_places_filter(client, ctx):
    full = make_event(capacity=2)
    make_registration(full, adults=2)
    with_room = make_event(capacity=5)
    make_registration(with_room, adults=2)
    unlimited = make_event(capacity=None)
    db.session.commit()

    everything = client.get("/events/")
    free_only = client.get("/events/?free_places=y")

    assert event_ids_on(everything) == {full.id, with_room.id, unlimited.id}
    assert event_ids_on(free_only) == {with_room.id, unlimited.id}


def test_filters_combine(client, ctx):
    lindangen = make_neighbourhood(slug="lindangen")
    match = make_event(lindangen, kind=EventKind.EXHIBITION, languages=("sv", "fi"))
    make_event(lindangen, kind=EventKind.EXHIBITION, languages=("sv",))
    make_event(lindangen, kind=EventKind.CITIZEN_DIALOGUE, languages=("fi",))
    make_event(kind=EventKind.EXHIBITION, languages=("fi",))
    db.session.commit()

    response = client.get("/events/?neighbourhood=lindangen&kind=exhibition&language=fi")

    assert event_ids_on(response) == {match.id}


@pytest.mark.parametrize(
    ("query", "field"),
    [("neighbourhood=no-such-place", "neighbourhood"), ("kind=party", "kind"), ("language=klingon", "language")],
)
def test_unknown_filter_values_are_shown_as_errors_and_ignored(client, ctx, query, field):
    event = make_event()
    db.session.commit()

    response = client.get(f"/events/?{query}")

    assert response.status_code == 422
    assert field_error(response, field)
    assert event_ids_on(response) == {event.id}


def test_filter_form_keeps_the_chosen_values(client, ctx):
    make_neighbourhood(slug="lindangen")
    db.session.commit()

    page = client.get("/events/?neighbourhood=lindangen&kind=exhibition&date_from=2030-01-02").get_data(as_text=True)

    assert '<option selected value="lindangen">' in page
    assert '<option selected value="exhibition">' in page
    assert 'value="2030-01-02"' in page


def test_the_language_filter_offers_only_languages_spoken_at_upcoming_events(app):
    from tests.support import arrange

    with arrange(app):
        make_event(languages=("sv", "so"))
    html = app.test_client().get("/events/").get_data(as_text=True)

    assert '<option value="so">' in html
    assert '<option value="sv">' in html
    assert '<option value="uk">' not in html


def test_an_id_too_large_for_the_database_is_a_404_not_a_500(client):
    assert client.get("/events/99999999999999999999").status_code == 404
    assert client.get("/events/99999999999999999999/register").status_code == 404
