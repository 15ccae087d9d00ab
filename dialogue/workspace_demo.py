"""Demo content for the process leaders' workspace: events held in the past four months with check-ins,
walk-ins, co-hosts and closing reports; where property owners and builders own or build; and initiatives.

Called by dialogue.seed after neighbourhoods, organisations, accounts and the upcoming events exist, so the
indicators report shows figures. Idempotent: an organisation and an initiative are found by name, an event by
title and neighbourhood (its registrations, walk-ins and closing report are made with it), a site by its key.
"""
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from dialogue.accounts.models import User
from dialogue.attendance.models import ClosingReport, WalkIn
from dialogue.events.models import (
    Audience,
    Event,
    EventKind,
    EventLanguage,
    EventStatus,
)
from dialogue.extensions import db
from dialogue.initiatives.models import Initiative, InitiativeKind, InitiativeStatus
from dialogue.initiatives.services import InitiativeInput, create_initiative
from dialogue.neighbourhoods.models import Neighbourhood
from dialogue.organisations.models import (
    Organisation,
    OrganisationKind,
    OrganisationNeighbourhood,
    SiteRelation,
)
from dialogue.registrations.services import RegistrationRequest, register
from dialogue.workspace_demo_data import (
    HELD_EVENTS,
    INITIATIVES,
    MORE_ORGANISATIONS,
    PARTICIPANT_NAMES,
    SITES,
    HeldEvent,
)

STOCKHOLM = ZoneInfo("Europe/Stockholm")
PROCESS_LEADER_EMAIL = "processledare@demo.dialogue.se"


@dataclass
class Context:
    now: datetime
    count: Callable[[str], None]  # called with the kind of every record added
    neighbourhoods: dict[str, Neighbourhood]
    organisations: dict[str, Organisation]
    process_leader: User | None


def seed_workspace(now: datetime, count) -> None:
    """Add the workspace demo; `count(kind)` is called for every record added."""
    context = Context(
        now=now,
        count=count,
        neighbourhoods={n.slug: n for n in db.session.scalars(select(Neighbourhood))},
        organisations=_organisations(count),
        process_leader=db.session.scalars(select(User).where(User.email == PROCESS_LEADER_EMAIL)).one_or_none(),
    )
    _sites(context)
    held = {demo.title: _held_event(demo, context) for demo in HELD_EVENTS}
    _initiatives(context, held)
    db.session.flush()


def _organisations(count) -> dict[str, Organisation]:
    existing = {o.name: o for o in db.session.scalars(select(Organisation))}
    for name, kind in MORE_ORGANISATIONS:
        if name not in existing:
            existing[name] = Organisation(name=name, kind=OrganisationKind(kind))
            db.session.add(existing[name])
            count("organisations")
    db.session.flush()
    return existing


def _sites(context: Context) -> None:
    for organisation_name, slug, relation in SITES:
        organisation = context.organisations[organisation_name]
        key = (organisation.id, context.neighbourhoods[slug].id, SiteRelation(relation))
        if db.session.get(OrganisationNeighbourhood, key) is None:
            db.session.add(OrganisationNeighbourhood(organisation_id=key[0], neighbourhood_id=key[1], relation=key[2]))
            context.count("organisation sites")
    db.session.flush()


def _local(day_offset: int, at: time, now: datetime) -> datetime:
    local_day = now.astimezone(STOCKHOLM).date() + timedelta(days=day_offset)
    return datetime.combine(local_day, at, tzinfo=STOCKHOLM)


def _held_event(demo: HeldEvent, context: Context) -> Event:
    neighbourhood = context.neighbourhoods[demo.neighbourhood]
    event = db.session.scalars(
        select(Event).where(Event.title == demo.title, Event.neighbourhood_id == neighbourhood.id)
    ).first()
    if event is not None:
        return event
    starts_at = _local(-demo.days_ago, demo.start, context.now)
    event = Event(
        kind=EventKind(demo.kind),
        title=demo.title,
        description=demo.description,
        neighbourhood=neighbourhood,
        venue=demo.venue,
        address=f"{demo.address}, Malmö",
        accessibility_info=demo.accessibility,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=demo.hours),
        capacity=demo.capacity,
        audience=Audience(demo.audience),
        status=EventStatus.PUBLISHED,  # it was open for registration; the closing report below marks it held
        inclusive_method=bool(demo.inclusive_note),
        inclusive_methods_note=demo.inclusive_note,
        languages=[EventLanguage(code=code) for code in demo.languages],
        cohosts=[context.organisations[name] for name in demo.cohosts],
        created_by_id=context.process_leader.id if context.process_leader else None,
        created_at=starts_at - timedelta(days=30),
    )
    db.session.add(event)
    db.session.flush()
    context.count("held events")
    checked_in_people = _registrations(event, demo, context)
    walk_in_people = _walk_ins(event, demo, context)
    event.status = EventStatus.HELD
    db.session.add(
        ClosingReport(
            event_id=event.id,
            attendees=checked_in_people + walk_in_people,
            minutes=demo.minutes,
            organisations=[context.organisations[name] for name in (*demo.cohosts, *demo.participants)],
            created_by_id=context.process_leader.id if context.process_leader else None,
            created_at=event.ends_at + timedelta(days=1),
        )
    )
    context.count("closing reports")
    return event


def _registrations(event: Event, demo: HeldEvent, context: Context) -> int:
    """Sign-ups made ten days before, through the real rules; all but the last `no_shows` came. Returns the
    number of people checked in."""
    children = 1 if event.audience == Audience.CHILDREN_WITH_GUARDIAN else 0
    signed_up_at = event.starts_at - timedelta(days=10)
    people = 0
    for number in range(demo.registrations):
        name = PARTICIPANT_NAMES[(number + demo.days_ago) % len(PARTICIPANT_NAMES)]
        registration = register(
            event.id,
            RegistrationRequest(
                contact_name=name,
                email=f"deltagare{number + 1}@demo.dialogue.se",
                adults=1,
                children=children + (1 if children and number % 3 == 0 else 0),
            ),
            now=signed_up_at + timedelta(minutes=7 * number),
        ).registration
        context.count("registrations")
        if number < demo.registrations - demo.no_shows:
            registration.checked_in_at = event.starts_at - timedelta(minutes=10) + timedelta(minutes=2 * number)
            people += registration.party_size
        else:
            registration.no_show = True
    return people


def _walk_ins(event: Event, demo: HeldEvent, context: Context) -> int:
    for number, (name, party_size) in enumerate(demo.walk_ins):
        db.session.add(
            WalkIn(
                event_id=event.id,
                name=name,
                party_size=party_size,
                created_by_id=context.process_leader.id if context.process_leader else None,
                created_at=event.starts_at + timedelta(minutes=5 * number),
            )
        )
        context.count("walk-ins")
    return sum(party_size for _, party_size in demo.walk_ins)


def _initiatives(context: Context, held: dict[str, Event]) -> None:
    if context.process_leader is None:
        return  # the register is changed by staff only; without the demo process leader there is nobody to do it
    existing = set(db.session.scalars(select(Initiative.name)))
    today = context.now.astimezone(STOCKHOLM).date()
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
                kind=InitiativeKind(demo.kind),
                status=InitiativeStatus(demo.status),
                description=demo.description,
                tested_on=today - timedelta(days=demo.tested_days_ago) if demo.tested_days_ago else None,
                partners=[context.organisations[name] for name in demo.partners],
                neighbourhoods=[context.neighbourhoods[slug] for slug in demo.neighbourhoods],
                events=sorted(events, key=lambda event: event.starts_at),
            ),
            acting_user=context.process_leader,
            today=today,
        )
        context.count("initiatives")
