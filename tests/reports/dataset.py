"""A small world with a known answer for every indicator, edge cases included.

The period is the calendar year 2025 (winter at both ends: Stockholm is UTC+1). Two neighbourhoods, Seved and
Lindängen. What counts, and why the rest does not, is written next to each record; EXPECTED holds the answers
for all neighbourhoods and for each one.
"""

import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from dialogue.attendance.models import ClosingReport, WalkIn
from dialogue.contributions.models import Channel, ProposalStatus, Theme
from dialogue.contributions.services import FeedbackInput, answer, hide, merge, submit_feedback
from dialogue.events.models import EventKind, EventStatus
from dialogue.extensions import db
from dialogue.initiatives.models import Initiative, InitiativeKind, InitiativeStatus
from dialogue.local_time import LOCAL_TIMEZONE
from dialogue.organisations.models import OrganisationKind
from dialogue.permissions import Role
from dialogue.registrations.models import Registration, RegistrationStatus, hash_manage_token
from tests.factories import make_developer, make_event, make_neighbourhood, make_organisation, make_proposal, make_user

FIRST_DAY = date(2025, 1, 1)
LAST_DAY = date(2025, 12, 31)
STAFF_EMAIL = "leader@example.se"


def local(year, month, day, hour=18, minute=0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LOCAL_TIMEZONE)


def utc(year, month, day, hour=10) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)


@dataclass
class Expected:
    property_owners: int
    organisations: int
    collaboration_meetings: int
    inclusive_activities: int
    innovations: int
    learning_formats: int
    people_reached: int
    held_per_kind: dict
    per_channel: dict
    per_theme: dict
    proposals: int
    answered: int
    median_days: float | None


ZERO_KINDS = dict.fromkeys(EventKind, 0)
ZERO_CHANNELS = dict.fromkeys(Channel, 0)
ZERO_THEMES = {**dict.fromkeys(Theme, 0), None: 0}

EXPECTED = {
    None: Expected(
        property_owners=3,  # Hyresbostäder (many events, once), Stadsfastigheter (report), Trygghem (answer)
        organisations=5,  # + Sofielunds förening (co-host), Byggbolaget (report and answer)
        collaboration_meetings=4,  # first-day dialogue, dance, last-day exhibition, seminar
        inclusive_activities=3,  # first-day dialogue, dance, walk
        innovations=2,  # the first-day and the last-day innovation
        learning_formats=2,
        people_reached=90,  # 40 + 25 + 10 + 7 from reports, 8 at the door of the seminar without a report
        held_per_kind={
            **ZERO_KINDS,
            EventKind.CITIZEN_DIALOGUE: 2,
            EventKind.DANCE_WORKSHOP: 1,
            EventKind.EXHIBITION: 1,
            EventKind.LUNCH_SEMINAR: 1,
        },
        per_channel={**ZERO_CHANNELS, Channel.ONLINE: 4, Channel.PAPER_CARD: 1, Channel.SAID_AT_EVENT: 1},
        per_theme={**ZERO_THEMES, Theme.SAFETY: 3, Theme.HOUSING: 1, Theme.GREEN_SPACE_AND_PLAY: 1, None: 1},
        proposals=4,
        answered=3,
        median_days=4.0,  # of 2, 4 and 9 days: an odd count
    ),
    "seved": Expected(
        property_owners=3,  # Hyresbostäder, Stadsfastigheter, Trygghem (answered here)
        organisations=4,  # + Byggbolaget (named in the dance workshop's report)
        collaboration_meetings=2,
        inclusive_activities=3,
        innovations=1,
        learning_formats=1,
        people_reached=72,
        held_per_kind={**ZERO_KINDS, EventKind.CITIZEN_DIALOGUE: 2, EventKind.DANCE_WORKSHOP: 1},
        per_channel={**ZERO_CHANNELS, Channel.ONLINE: 2, Channel.PAPER_CARD: 1},
        per_theme={**ZERO_THEMES, Theme.HOUSING: 1, Theme.SAFETY: 1, None: 1},
        proposals=2,
        answered=2,
        median_days=3.0,  # of 2 and 4 days: an even count
    ),
    "lindangen": Expected(
        property_owners=1,  # Hyresbostäder (the last-day exhibition)
        organisations=3,  # + Sofielunds förening (co-host), Byggbolaget (answered here)
        collaboration_meetings=2,
        inclusive_activities=0,
        innovations=1,
        learning_formats=0,
        people_reached=18,
        held_per_kind={**ZERO_KINDS, EventKind.EXHIBITION: 1, EventKind.LUNCH_SEMINAR: 1},
        per_channel={**ZERO_CHANNELS, Channel.ONLINE: 2, Channel.SAID_AT_EVENT: 1},
        per_theme={**ZERO_THEMES, Theme.SAFETY: 2, Theme.GREEN_SPACE_AND_PLAY: 1},
        proposals=2,
        answered=1,
        median_days=9.0,
    ),
}


@dataclass
class World:
    seved_id: int
    lindangen_id: int
    ids: dict  # name -> id of the records the tests look for
    user_ids: dict  # role name -> id of an account


def _held(neighbourhood, starts_at, kind, cohosts=(), inclusive=False, attendees=None, participants=()):
    event = make_event(
        neighbourhood,
        starts_at=starts_at,
        kind=kind,
        status=EventStatus.HELD,
        cohosts=list(cohosts),
        inclusive_method=inclusive,
        inclusive_methods_note="Dance, interpreter" if inclusive else "",
    )
    if attendees is not None:
        db.session.add(ClosingReport(event_id=event.id, attendees=attendees, organisations=list(participants)))
        db.session.flush()
    return event


def _registration(event, adults, children=0, checked_in=True, status=RegistrationStatus.CONFIRMED):
    registration = Registration(
        event_id=event.id,
        contact_name="Guest",
        email=f"{secrets.token_hex(4)}@example.se",
        adults=adults,
        children=children,
        status=status,
        manage_token_hash=hash_manage_token(secrets.token_hex(8)),
        checked_in_at=event.starts_at if checked_in else None,
    )
    db.session.add(registration)


def build_world() -> World:
    """Call inside an application context; flushes, the caller commits."""
    seved = make_neighbourhood("Södra Sofielund (Seved)", slug="seved")
    lindangen = make_neighbourhood("Lindängen", slug="lindangen")
    owner = make_organisation("Hyresbostäder", OrganisationKind.PROPERTY_OWNER)
    city_owner = make_organisation("Stadsfastigheter", OrganisationKind.PROPERTY_OWNER)
    answering_owner = make_organisation("Trygghem", OrganisationKind.PROPERTY_OWNER)
    cancelled_owner = make_organisation("Inställda Hem", OrganisationKind.PROPERTY_OWNER)
    early_owner = make_organisation("Tidiga Hus", OrganisationKind.PROPERTY_OWNER)
    association = make_organisation("Sofielunds förening", OrganisationKind.ASSOCIATION)
    builder = make_organisation("Byggbolaget", OrganisationKind.BUILDER)
    outside = make_organisation("Utanför perioden", OrganisationKind.ASSOCIATION)
    academia = make_organisation("Malmö universitet", OrganisationKind.ACADEMIA)
    ids = {}

    # Inside the period. 00:30 on the first day is 23:30 UTC on 31 December 2024.
    first = _held(seved, local(2025, 1, 1, 0, 30), EventKind.CITIZEN_DIALOGUE, [owner], True, 40, [city_owner])
    dance = _held(seved, local(2025, 6, 15), EventKind.DANCE_WORKSHOP, [owner], True, 25, [builder, owner])
    # 23:30 on the last day is 22:30 UTC the same day.
    last = _held(lindangen, local(2025, 12, 31, 23, 30), EventKind.EXHIBITION, [owner], False, 10)
    # Held without a closing report: the people at the door count, 3 + 1 checked in and a walk-in group of 4.
    seminar = _held(lindangen, local(2025, 3, 10, 12), EventKind.LUNCH_SEMINAR, [association])
    _registration(seminar, adults=2, children=1)
    _registration(seminar, adults=1)
    _registration(seminar, adults=5, checked_in=False)
    _registration(seminar, adults=3, status=RegistrationStatus.WAITLISTED, checked_in=False)
    db.session.add(WalkIn(event_id=seminar.id, party_size=4))
    walk = _held(seved, local(2025, 5, 5), EventKind.CITIZEN_DIALOGUE, (), True, 7)
    # Never counted: cancelled with a co-host, published but not held, and a day outside at either end
    # (the last one is on 31 December 2025 in UTC, but on 1 January 2026 in Malmö).
    cancelled = make_event(
        seved,
        starts_at=local(2025, 4, 1),
        status=EventStatus.CANCELLED,
        cohosts=[cancelled_owner],
        inclusive_method=True,
    )
    not_held = make_event(seved, starts_at=local(2025, 4, 2), status=EventStatus.PUBLISHED, cohosts=[academia])
    before = _held(seved, local(2024, 12, 31, 23, 30), EventKind.CITIZEN_DIALOGUE, [outside], True, 100)
    after = _held(lindangen, local(2026, 1, 1, 0, 30), EventKind.EXHIBITION, [outside], True, 100)
    ids.update(
        first=first.id,
        dance=dance.id,
        last=last.id,
        seminar=seminar.id,
        walk=walk.id,
        cancelled=cancelled.id,
        not_held=not_held.id,
        before=before.id,
        after=after.id,
    )

    staff = make_user(Role.PROCESS_LEADER, email=STAFF_EMAIL, name="Lena Processledare")
    answering = make_developer([seved], organisation=answering_owner)
    early = make_developer([seved], organisation=early_owner)
    building = make_developer([lindangen], organisation=builder)
    user_ids = {
        "process_leader": staff.id,
        "admin": make_user(Role.ADMIN).id,
        "resident": make_user(Role.RESIDENT).id,
        "developer": answering.id,
    }

    housing = make_proposal(seved, title="Homes for big families", theme=Theme.HOUSING, now=utc(2025, 2, 1))
    answer(housing, ProposalStatus.UNDER_REVIEW, "We look at it.", answering, now=utc(2025, 2, 3))  # 2 days
    lights = make_proposal(seved, title="Lights on the path", theme=Theme.SAFETY, now=utc(2025, 3, 1))
    answer(lights, ProposalStatus.PLANNED, "Ordered.", staff, now=utc(2025, 3, 5))  # 4 days, by staff
    crossing = make_proposal(lindangen, title="A safe crossing", theme=Theme.SAFETY, now=utc(2025, 4, 1))
    answer(crossing, ProposalStatus.UNDER_REVIEW, "We check it.", building, now=utc(2025, 4, 10))  # 9 days
    playground = make_proposal(lindangen, title="A playground", theme=Theme.GREEN_SPACE_AND_PLAY, now=utc(2025, 5, 1))
    # Before the period, answered before the period: neither the proposal nor the answer counts.
    old = make_proposal(seved, title="Old idea", theme=Theme.HOUSING, now=utc(2024, 11, 1))
    answer(old, ProposalStatus.UNDER_REVIEW, "Long ago.", early, now=utc(2024, 11, 20))
    hidden = make_proposal(seved, title="Rude words", theme=Theme.SAFETY, now=utc(2025, 6, 1))
    hide(hidden, "Rude", staff)
    duplicate = make_proposal(seved, title="Homes for large families", theme=Theme.HOUSING, now=utc(2025, 6, 2))
    merge(duplicate, housing, staff)
    card = submit_feedback(seved, FeedbackInput(rating=4, channel=Channel.PAPER_CARD), author=None)
    card.created_at = utc(2025, 7, 1)
    said = submit_feedback(
        lindangen,
        FeedbackInput(rating=None, body="Dark at night", theme=Theme.SAFETY, channel=Channel.SAID_AT_EVENT),
        author=None,
    )
    said.created_at = utc(2025, 8, 1)
    ids.update(
        housing=housing.id,
        lights=lights.id,
        crossing=crossing.id,
        playground=playground.id,
        old=old.id,
        hidden=hidden.id,
        duplicate=duplicate.id,
        card=card.id,
        said=said.id,
    )

    def initiative(name, kind, status, tested_on, partners=(), neighbourhoods=()):
        item = Initiative(
            name=name,
            kind=kind,
            status=status,
            tested_on=tested_on,
            partners=list(partners),
            neighbourhoods=list(neighbourhoods),
        )
        db.session.add(item)
        db.session.flush()
        ids[name] = item.id

    innovation, learning = InitiativeKind.INNOVATION, InitiativeKind.LEARNING_FORMAT
    tested, spread, idea = InitiativeStatus.TESTED, InitiativeStatus.SPREAD, InitiativeStatus.IDEA
    initiative("Shared laundry café", innovation, tested, FIRST_DAY, [owner], [seved])
    initiative("Courtyard app", innovation, spread, LAST_DAY, [association, city_owner], [lindangen])
    initiative("No owner among partners", innovation, tested, date(2025, 5, 1), [association], [seved])
    initiative("Only an idea", innovation, idea, date(2025, 5, 1), [owner], [seved])
    initiative("Tested a day early", innovation, tested, FIRST_DAY - timedelta(days=1), [owner], [seved])
    initiative("Lunch seminar series", learning, tested, date(2025, 9, 1), [], [seved])
    initiative("Study visit", learning, spread, date(2025, 10, 1))
    initiative("Planned study visit", learning, idea, date(2025, 10, 1))
    initiative("Walk method", InitiativeKind.METHOD, tested, date(2025, 10, 1), [owner], [seved])
    db.session.flush()
    return World(seved_id=seved.id, lindangen_id=lindangen.id, ids=ids, user_ids=user_ids)
