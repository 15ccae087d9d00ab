"""Neighbourhood pages: the list, and one neighbourhood with its own upcoming events."""

from datetime import timedelta

from dialogue.database import utcnow
from dialogue.events.models import EventStatus
from dialogue.extensions import db
from tests.events.pages import event_ids_on
from tests.factories import make_event, make_neighbourhood
from tests.support import use_english


def test_neighbourhood_list_links_every_neighbourhood(client, ctx):
    make_neighbourhood("Sege Park", slug="sege-park", district="Husie")
    make_neighbourhood("Östervärn", slug="ostervarn", district="Kirseberg")
    db.session.commit()

    response = client.get("/neighbourhoods/")

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'href="/neighbourhoods/sege-park"' in page
    assert 'href="/neighbourhoods/ostervarn"' in page
    assert "Östervärn" in page
    assert "Husie" in page


def test_neighbourhood_page_lists_only_its_upcoming_published_events(client, ctx):
    now = utcnow()
    sege_park = make_neighbourhood("Sege Park", slug="sege-park", description="A former hospital area.")
    elsewhere = make_neighbourhood("Lindängen", slug="lindangen")
    coming = make_event(sege_park, starts_at=now + timedelta(days=3))
    later = make_event(sege_park, starts_at=now + timedelta(days=30))
    hidden = [
        make_event(sege_park, starts_at=now - timedelta(days=3)),
        make_event(sege_park, status=EventStatus.DRAFT),
        make_event(sege_park, status=EventStatus.CANCELLED),
        make_event(elsewhere),
    ]
    db.session.commit()

    response = client.get("/neighbourhoods/sege-park")

    assert response.status_code == 200
    assert event_ids_on(response) == {coming.id, later.id}
    assert not event_ids_on(response) & {event.id for event in hidden}
    page = response.get_data(as_text=True)
    assert "Sege Park" in page
    assert "A former hospital area." in page


def test_neighbourhood_without_events_says_so(client, ctx):
    make_neighbourhood("Fredriksborg", slug="fredriksborg")
    db.session.commit()
    use_english(client)

    response = client.get("/neighbourhoods/fredriksborg")

    assert response.status_code == 200
    assert event_ids_on(response) == set()
    assert "No events are planned here right now." in response.get_data(as_text=True)


def test_neighbourhood_page_is_paginated(client, ctx):
    now = utcnow()
    herrgarden = make_neighbourhood(slug="herrgarden")
    events = [make_event(herrgarden, starts_at=now + timedelta(days=1, hours=number)) for number in range(21)]
    db.session.commit()

    assert event_ids_on(client.get("/neighbourhoods/herrgarden")) == {event.id for event in events[:20]}
    assert event_ids_on(client.get("/neighbourhoods/herrgarden?page=2")) == {events[20].id}
    assert client.get("/neighbourhoods/herrgarden?page=3").status_code == 404
    assert client.get("/neighbourhoods/herrgarden?page=99999999999999999999").status_code == 404


def test_unknown_neighbourhood_is_the_404_page(client):
    use_english(client)

    response = client.get("/neighbourhoods/no-such-place")

    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)
