"""The upcoming demo events, over the coming six weeks, filled with demo sign-ups; and what they share with the
held events of the workspace demo (dialogue.demo.workspace): finding or adding an event, and signing up."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import select

from dialogue.demo.records import read_data, records
from dialogue.demo.seeding import Seeding
from dialogue.events.models import Audience, Event, EventKind, EventLanguage, EventStatus
from dialogue.extensions import db
from dialogue.registrations.models import Registration
from dialogue.registrations.services import RegistrationRequest, register


@dataclass(frozen=True, kw_only=True)
class EventTexts:
    """What an upcoming and a held demo event both have."""

    title: str
    kind: EventKind
    neighbourhood: str  # slug
    start: time  # local time in Malmö
    hours: float
    venue: str
    address: str  # in Malmö
    capacity: int | None = None  # none: no limit
    languages: tuple[str, ...] = ("sv",)
    audience: Audience = Audience.EVERYONE
    accessibility: str
    description: str


@dataclass(frozen=True, kw_only=True)
class DemoEvent(EventTexts):
    day: int  # days from today
    waitlist: bool = True
    fill: int = 0  # demo sign-ups of two people each


DEMO_EVENTS = records(DemoEvent, read_data("events")["events"])


def seed_upcoming_events(seeding: Seeding) -> None:
    for demo in DEMO_EVENTS:
        if find_event(demo, seeding) is None:
            event = add_event(demo, seeding, seeding.local_time(demo.day, demo.start), waitlist_enabled=demo.waitlist)
            seeding.count("events")
            children = 1 if demo.audience == Audience.CHILDREN_WITH_GUARDIAN else 0
            for number in range(1, demo.fill + 1):
                sign_up(event, number, f"Demodeltagare {number}", 2 - children, children, seeding.now, seeding)


def find_event(demo: EventTexts, seeding: Seeding) -> Event | None:
    neighbourhood = seeding.neighbourhoods[demo.neighbourhood]
    return db.session.scalars(
        select(Event).where(Event.title == demo.title, Event.neighbourhood_id == neighbourhood.id)
    ).first()


def add_event(demo: EventTexts, seeding: Seeding, starts_at: datetime, **details) -> Event:
    """A published event from the demo's texts; `details` sets the columns that only some events have."""
    event = Event(
        kind=demo.kind,
        title=demo.title,
        description=demo.description,
        neighbourhood=seeding.neighbourhoods[demo.neighbourhood],
        venue=demo.venue,
        address=f"{demo.address}, Malmö",
        accessibility_info=demo.accessibility,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=demo.hours),
        capacity=demo.capacity,
        audience=demo.audience,
        status=EventStatus.PUBLISHED,
        languages=[EventLanguage(code=code) for code in demo.languages],
        **details,
    )
    db.session.add(event)
    db.session.flush()
    return event


def sign_up(
    event: Event, number: int, name: str, adults: int, children: int, at: datetime, seeding: Seeding
) -> Registration:
    """Demo participant `number` signs up through the real registration rules, so that the places taken and the
    waiting list agree with the sign-ups."""
    request = RegistrationRequest(
        contact_name=name, email=f"deltagare{number}@demo.dialogue.se", adults=adults, children=children
    )
    registration = register(event.id, request, now=at).registration
    seeding.count("registrations")
    return registration
