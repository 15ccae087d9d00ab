"""Arranging data for the organisations' and initiatives' tests: held events with their closing reports, and
initiatives. Builders add and flush; `arrange` commits like a view would."""

import itertools
from datetime import timedelta

from dialogue.attendance.models import ClosingReport
from dialogue.database import utcnow
from dialogue.events.models import EventStatus
from dialogue.extensions import db
from dialogue.initiatives.models import Initiative, InitiativeKind, InitiativeStatus
from dialogue.permissions import Role
from tests.factories import login, make_event, make_user
from tests.support import arrange, use_english

STAFF_EMAIL = "leader@example.se"
_numbers = itertools.count(1)


def make_held_event(neighbourhood=None, cohosts=(), participants=(), attendees=10, days_ago=10, **fields):
    """A held event with a closing report naming `participants` (co-hosts are not added to it by themselves)."""
    event = make_event(
        neighbourhood,
        starts_at=utcnow() - timedelta(days=days_ago),
        status=EventStatus.HELD,
        cohosts=list(cohosts),
        **fields,
    )
    db.session.add(ClosingReport(event_id=event.id, attendees=attendees, organisations=list(participants)))
    db.session.flush()
    return event


def make_initiative(name=None, kind=InitiativeKind.INNOVATION, status=InitiativeStatus.IDEA, **fields):
    initiative = Initiative(
        name=name or f"Initiative {next(_numbers)}",
        kind=kind,
        status=status,
        description=fields.pop("description", ""),
        tested_on=fields.pop("tested_on", None),
        partners=list(fields.pop("partners", ())),
        neighbourhoods=list(fields.pop("neighbourhoods", ())),
        events=list(fields.pop("events", ())),
    )
    db.session.add(initiative)
    db.session.flush()
    return initiative


def staff_client(app, client, role: Role = Role.PROCESS_LEADER, email: str = STAFF_EMAIL):
    """The client logged in as a new user with `role`, reading English."""
    with arrange(app):
        make_user(role, email=email)
    response = login(client, email)
    assert response.status_code == 302, response.status_code
    use_english(client)
    return client
