"""The process leaders' workspace in the demo: events held in the past four months, with check-ins, walk-ins,
co-hosts and closing reports, and the initiatives that the indicators report counts.

An event is found by title and neighbourhood (its sign-ups, walk-ins and closing report are made with it), an
initiative by name.
"""

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from dialogue.attendance.models import ClosingReport, WalkIn
from dialogue.demo.events import EventTexts, add_event, find_event, sign_up
from dialogue.demo.records import read_data, records
from dialogue.demo.seeding import Seeding
from dialogue.events.models import Audience, Event, EventStatus
from dialogue.extensions import db
from dialogue.initiatives.models import Initiative, InitiativeKind, InitiativeStatus
from dialogue.initiatives.services import InitiativeInput, create_initiative
from dialogue.permissions import Role


@dataclass(frozen=True, kw_only=True)
class WalkInParty:
    name: str = ""
    party_size: int


@dataclass(frozen=True, kw_only=True)
class HeldEvent(EventTexts):
    days_ago: int
    minutes: str  # of the closing report
    inclusive_note: str = ""  # set: the event used inclusive methods
    cohosts: tuple[str, ...] = ()  # organisation names
    participants: tuple[str, ...] = ()  # other organisations named in the closing report
    registrations: int = 0
    no_shows: int = 0  # the last sign-ups did not come
    walk_ins: tuple[WalkInParty, ...] = ()


@dataclass(frozen=True, kw_only=True)
class DemoInitiative:
    name: str
    kind: InitiativeKind
    status: InitiativeStatus
    description: str
    partners: tuple[str, ...]  # organisation names
    neighbourhoods: tuple[str, ...] = ()  # slugs
    events: tuple[str, ...] = ()  # titles of held or upcoming demo events
    tested_days_ago: int | None = None


_held_events_file = read_data("held_events")
PARTICIPANT_NAMES: tuple[str, ...] = tuple(_held_events_file["participant_names"])
HELD_EVENTS = records(HeldEvent, _held_events_file["held_events"])
INITIATIVES = records(DemoInitiative, read_data("initiatives")["initiatives"])


def seed_workspace(seeding: Seeding) -> None:
    held = {demo.title: _held_event(demo, seeding) for demo in HELD_EVENTS}
    _initiatives(seeding, held)
    db.session.flush()


def _held_event(demo: HeldEvent, seeding: Seeding) -> Event:
    event = find_event(demo, seeding)
    if event is not None:
        return event
    process_leader = seeding.accounts[Role.PROCESS_LEADER]
    starts_at = seeding.local_time(-demo.days_ago, demo.start)
    event = add_event(
        demo,
        seeding,
        starts_at,
        inclusive_method=bool(demo.inclusive_note),
        inclusive_methods_note=demo.inclusive_note,
        cohosts=[seeding.organisations[name] for name in demo.cohosts],
        created_by_id=process_leader.id,
        created_at=starts_at - timedelta(days=30),
    )  # published, as it was open for registration; the closing report below marks it held
    seeding.count("held events")
    checked_in_people = _check_ins(event, demo, seeding)
    walk_in_people = _walk_ins(event, demo, seeding)
    event.status = EventStatus.HELD
    db.session.add(
        ClosingReport(
            event_id=event.id,
            attendees=checked_in_people + walk_in_people,
            minutes=demo.minutes,
            organisations=[seeding.organisations[name] for name in (*demo.cohosts, *demo.participants)],
            created_by_id=process_leader.id,
            created_at=event.ends_at + timedelta(days=1),
        )
    )
    seeding.count("closing reports")
    return event


def _check_ins(event: Event, demo: HeldEvent, seeding: Seeding) -> int:
    """Sign-ups made ten days before; all but the last `no_shows` came. Returns the number of people checked in."""
    children = 1 if event.audience == Audience.CHILDREN_WITH_GUARDIAN else 0
    signed_up_at = event.starts_at - timedelta(days=10)
    people = 0
    for number in range(demo.registrations):
        registration = sign_up(
            event,
            number + 1,
            PARTICIPANT_NAMES[(number + demo.days_ago) % len(PARTICIPANT_NAMES)],
            adults=1,
            children=children + (1 if children and number % 3 == 0 else 0),
            at=signed_up_at + timedelta(minutes=7 * number),
            seeding=seeding,
        )
        if number < demo.registrations - demo.no_shows:
            registration.checked_in_at = event.starts_at - timedelta(minutes=10) + timedelta(minutes=2 * number)
            people += registration.party_size
        else:
            registration.no_show = True
    return people


def _walk_ins(event: Event, demo: HeldEvent, seeding: Seeding) -> int:
    for number, party in enumerate(demo.walk_ins):
        db.session.add(
            WalkIn(
                event_id=event.id,
                name=party.name,
                party_size=party.party_size,
                created_by_id=seeding.accounts[Role.PROCESS_LEADER].id,
                created_at=event.starts_at + timedelta(minutes=5 * number),
            )
        )
        seeding.count("walk-ins")
    return sum(party.party_size for party in demo.walk_ins)


def _initiatives(seeding: Seeding, held: dict[str, Event]) -> None:
    existing = set(db.session.scalars(select(Initiative.name)))
    for demo in INITIATIVES:
        if demo.name in existing:
            continue
        events = [held[title] for title in demo.events if title in held]
        events += list(
            db.session.scalars(select(Event).where(Event.title.in_([t for t in demo.events if t not in held])))
        )
        create_initiative(
            InitiativeInput(
                name=demo.name,
                kind=demo.kind,
                status=demo.status,
                description=demo.description,
                tested_on=seeding.today - timedelta(days=demo.tested_days_ago) if demo.tested_days_ago else None,
                partners=[seeding.organisations[name] for name in demo.partners],
                neighbourhoods=[seeding.neighbourhoods[slug] for slug in demo.neighbourhoods],
                events=sorted(events, key=lambda event: event.starts_at),
            ),
            acting_user=seeding.accounts[Role.PROCESS_LEADER],
            today=seeding.today,
        )
        seeding.count("initiatives")
