"""List pages run the same number of SQL statements with 10 and with 200 events (no N+1 queries).

Each page is first measured with 10 published upcoming events, then 190 more are added and it is measured
again, together with a later page of the pagination. The pages must also show the events they should, so a
page that lists nothing cannot pass.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pytest
from flask import Flask

from dialogue.database import utcnow
from dialogue.events.models import EventKind
from dialogue.extensions import db
from dialogue.local_time import LOCAL_TIMEZONE
from dialogue.neighbourhoods.models import Neighbourhood
from tests.factories import make_event, make_neighbourhood
from tests.support import assert_same_statement_counts, describe, page_and_statements

FEW, MANY = 10, 200
KINDS = (EventKind.CITIZEN_DIALOGUE, EventKind.EXHIBITION, EventKind.LUNCH_SEMINAR, EventKind.DANCE_WORKSHOP)


@dataclass(frozen=True)
class EventSpec:
    number: int
    kind: EventKind
    languages: tuple[str, ...]
    in_seved: bool
    capacity: int | None
    places_taken: int

    @property
    def title(self) -> str:
        return f"Event {self.number:03d}"  # same length for all, so no title is part of another

    @property
    def has_free_places(self) -> bool:
        return self.capacity is None or self.places_taken < self.capacity


def spec(number: int) -> EventSpec:
    """A varied event: kinds, languages, neighbourhoods and full, open and unlimited events all occur."""
    capacity, taken = ((None, 0), (12, 12), (30, 4))[number % 3]
    return EventSpec(
        number=number,
        kind=KINDS[number % len(KINDS)],
        languages=("sv",) if number % 2 else ("ar", "sv"),
        in_seved=number % 5 != 0,
        capacity=capacity,
        places_taken=taken,
    )


@dataclass
class Site:
    app: Flask
    seved_id: int
    other_neighbourhood_id: int
    seved_slug: str
    base_time: datetime
    specs: list[EventSpec] = field(default_factory=list)

    def add_events(self, up_to: int) -> None:
        with self.app.app_context():
            seved = db.session.get(Neighbourhood, self.seved_id)
            other = db.session.get(Neighbourhood, self.other_neighbourhood_id)
            for number in range(len(self.specs) + 1, up_to + 1):
                event_spec = spec(number)
                make_event(
                    seved if event_spec.in_seved else other,
                    title=event_spec.title,
                    kind=event_spec.kind,
                    languages=event_spec.languages,
                    capacity=event_spec.capacity,
                    places_taken=event_spec.places_taken,
                    starts_at=self.base_time + timedelta(hours=number),
                )
                self.specs.append(event_spec)
            db.session.commit()


@pytest.fixture
def site(any_app):
    with any_app.app_context():
        seved = make_neighbourhood("Södra Sofielund (Seved)", slug="sodra-sofielund")
        other = make_neighbourhood("Lindängen", slug="lindangen")
        db.session.commit()
        site = Site(any_app, seved.id, other.id, seved.slug, base_time=utcnow() + timedelta(days=1))
    site.add_events(FEW)
    return site


def filtered_url(site: Site, page: int = 1) -> str:
    today = datetime.now(LOCAL_TIMEZONE).date()
    url = (
        f"/events/?neighbourhood={site.seved_slug}&kind=citizen_dialogue&language=sv&free_places=y"
        f"&date_from={today.isoformat()}&date_to={(today + timedelta(days=60)).isoformat()}"
    )
    return url if page == 1 else f"{url}&page={page}"


def matches_filters(event_spec: EventSpec) -> bool:
    return (
        event_spec.in_seved
        and event_spec.kind == EventKind.CITIZEN_DIALOGUE
        and "sv" in event_spec.languages
        and event_spec.has_free_places
    )


def pages(site: Site, page_size: int) -> dict[str, list[EventSpec]]:
    """Each page's URL and the events, soonest first, that it must list."""

    def page_of(specs, page):
        return specs[(page - 1) * page_size : page * page_size]

    every = site.specs
    in_seved = [event_spec for event_spec in every if event_spec.in_seved]
    filtered = [event_spec for event_spec in every if matches_filters(event_spec)]
    urls = {
        "/": every[:6],
        "/events/": page_of(every, 1),
        filtered_url(site): page_of(filtered, 1),
        f"/neighbourhoods/{site.seved_slug}": page_of(in_seved, 1),
    }
    if len(every) > page_size:
        urls["/events/?page=5"] = page_of(every, 5)
        urls[filtered_url(site, page=2)] = page_of(filtered, 2)
        urls[f"/neighbourhoods/{site.seved_slug}?page=3"] = page_of(in_seved, 3)
    return urls


def measure(site: Site) -> dict[str, list[str]]:
    """GET every page; check it lists exactly the events it should; return the statements each ran."""
    client = site.app.test_client()
    page_size = site.app.config["EVENTS_PER_PAGE"]
    client.get("/")  # warm up: the first request may open a connection
    statements = {}
    for url, expected in pages(site, page_size).items():
        html, statements[url] = page_and_statements(site.app, client, url)
        assert expected, f"{url} has no events to show: the test data is wrong"
        shown = [event_spec.title for event_spec in site.specs if event_spec.title in html]
        assert shown == [event_spec.title for event_spec in expected], url
    return statements


def test_list_pages_run_as_many_statements_with_200_events_as_with_10(site):
    few = measure(site)
    site.add_events(MANY)
    many = measure(site)

    assert_same_statement_counts(few, many, FEW, MANY)

    later_pages = {
        "/events/?page=5": "/events/",
        filtered_url(site, page=2): filtered_url(site),
        f"/neighbourhoods/{site.seved_slug}?page=3": f"/neighbourhoods/{site.seved_slug}",
    }
    for later, first in later_pages.items():
        assert len(many[later]) == len(many[first]), f"{later}: {describe(many[later])}"
    # Sanity: a page is a handful of statements, not one per event.
    assert all(len(statements) < FEW for statements in many.values()), {url: len(s) for url, s in many.items()}
