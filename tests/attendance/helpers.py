"""Helpers for the attendance tests: an event with people, staff to log in, and looking at the database."""

from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import func, select

from dialogue.attendance.models import ClosingReport, WalkIn
from dialogue.database import utcnow
from dialogue.events.models import Event
from dialogue.extensions import db
from dialogue.permissions import Role
from dialogue.registrations.models import Registration
from dialogue.registrations.services import RegistrationRequest, register
from tests.factories import login, make_event, make_neighbourhood, make_registration, make_user
from tests.support import arrange


@dataclass
class Door:
    """An event with a few registrations, and an account for each role asked for."""

    event_id: int
    registration_ids: dict[str, int] = field(default_factory=dict)  # contact name -> id
    codes: dict[str, str] = field(default_factory=dict)  # contact name -> check-in code
    emails: dict = field(default_factory=dict)  # role -> email


PEOPLE = (
    # name, adults, children
    ("Amira Hassan", 2, 1),
    ("Björn Svensson", 1, 0),
    ("Carla Ortiz", 2, 0),
)


def build_door(app, roles=(Role.PROCESS_LEADER,), capacity=20, people=PEOPLE, **event_fields) -> Door:
    """Each account costs a password hash, so ask only for the roles a test uses."""
    with arrange(app):
        event = make_event(make_neighbourhood("Seved"), capacity=capacity, **event_fields)
        door = Door(event_id=event.id)
        for name, adults, children in people:
            registration = make_registration(event, contact_name=name, adults=adults, children=children).registration
            door.registration_ids[name] = registration.id
            door.codes[name] = registration.check_in_code
        for role in roles:
            door.emails[role] = make_user(role, email=f"{role.value}@example.se").email
    return door


def register_from_the_site(event_id: int, email: str, address: str, at, adults: int = 1, name: str = "") -> int:
    """A registration made on the site from client `address` at the time `at`, as the registration page makes
    it; call in an application context. Returns its id."""
    request = RegistrationRequest(contact_name=name or email.partition("@")[0].title(), email=email, adults=adults)
    return register(event_id, request, now=at, client_address=address).registration.id


def move_into_past(app, event_id: int, started_hours_ago: float = 3, ended_hours_ago: float = 1) -> None:
    """Let the event take place: registrations are made before it starts, so its times move afterwards."""
    with arrange(app):
        event = db.session.get(Event, event_id)
        event.starts_at = utcnow() - timedelta(hours=started_hours_ago)
        event.ends_at = utcnow() - timedelta(hours=ended_hours_ago)


def log_in_as(client, door: Door, role: Role = Role.PROCESS_LEADER):
    response = login(client, door.emails[role])
    assert response.status_code == 302, response.status_code
    return client


def registration(app, registration_id: int) -> Registration:
    """A detached snapshot of a stored registration."""
    with app.app_context():
        found = db.session.get(Registration, registration_id)
        db.session.expunge(found)
        return found


def walk_in_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(WalkIn))


def report_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(ClosingReport))


def event_status(app, event_id: int) -> str:
    with app.app_context():
        return db.session.get(Event, event_id).status.value


def flashes(client, response) -> str:
    """The page a redirect leads to, for reading the message it flashed."""
    assert response.status_code == 302, response.status_code
    return client.get(response.headers["Location"]).get_data(as_text=True)
