"""The data behind the hostile-input test: something real for every part of every URL.

It starts from the permission matrix's data (two neighbourhoods, an account per role, an event, proposals with
photos, feedback, a hidden proposal) and adds what the other routes name: a guest's registration with its
manage link, a resident's own registration, an event that has started (for its closing report), an English
translation of the event, a second proposal to merge the first into, an organisation linked to a neighbourhood, an
initiative, a personal calendar address, a link to choose a new password and one that finishes a sign-up, and an
administrator's request about a guest's address. Two published events stored in the years 1 and 9999, as the
planning form once let a typing mistake through, are on every list and in every feed.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from dialogue.accounts.models import User
from dialogue.accounts.password_reset import request_reset
from dialogue.accounts.signup import sign_up
from dialogue.calendars.tokens import renew_calendar_token
from dialogue.database import utcnow
from dialogue.events.models import Event, EventKind, EventTranslation
from dialogue.extensions import db
from dialogue.initiatives.models import InitiativeKind, InitiativeStatus
from dialogue.initiatives.services import InitiativeInput, create_initiative
from dialogue.neighbourhoods.models import Neighbourhood
from dialogue.organisation_register.services import link_neighbourhood
from dialogue.organisations.models import Organisation, SiteRelation
from dialogue.outbox.models import OutboxMessage
from dialogue.permissions import Role
from dialogue.privacy.requests import request_token
from dialogue.reports.records import Figure
from tests.factories import PASSWORD, make_event, make_proposal, make_registration, make_user
from tests.permission_matrix_data import build_dataset

# The roles the test acts as; the permission matrix's developer_inside is "the developer".
ROLE_EMAILS_FROM_MATRIX = {
    "resident": "resident",
    "process_leader": "process_leader",
    "developer": "developer_inside",
    "admin": "admin",
}
ROLES = ("anonymous", *ROLE_EMAILS_FROM_MATRIX)
RETURNING_EMAIL = "returning@example.se"  # logs in through the form, so that the roles' logins are never paused
FORGETFUL_EMAIL = "forgetful@example.se"
NEWCOMER_EMAIL = "newcomer@example.se"
ASKING_EMAIL = "asking@example.se"  # writes to the city for everything kept about them: an administrator's request
_TOKEN_IN_LINK = {
    "password_reset": re.compile(r"/account/reset/([A-Za-z0-9_-]+)"),
    "signup_confirmation": re.compile(r"/account/confirm/([A-Za-z0-9_-]+)"),
}


# Where one name in URLs stands for different things: (endpoint, part of the URL) -> the key in path_values.
PATH_VALUE_KEYS = {
    ("accounts.confirm_signup", "token"): "signup_token",
    ("accounts.reset_password", "token"): "reset_token",
    ("registrations.manage", "token"): "manage_token",
    ("registrations.cancel_by_token", "token"): "manage_token",
    ("privacy.download_registration", "token"): "manage_token",
    ("privacy.erase_my_registration", "token"): "manage_token",
    ("calendars.personal_feed", "token"): "calendar_token",
    ("registrations.cancel_mine", "registration_id"): "own_registration_id",
    ("attendance.closing_report", "event_id"): "started_event_id",
}


@dataclass(frozen=True)
class HostileDataset:
    path_values: dict[str, str]  # a URL part's name (event_id, slug, ...) -> a real value for it
    emails: dict[str, str]  # role -> the account's email address

    def value_for(self, endpoint: str, part: str) -> str:
        """A real value for a part of a route's URL; a KeyError names a part the data has nothing for yet."""
        return self.path_values[PATH_VALUE_KEYS.get((endpoint, part), part)]


def _token_sent(kind: str, address: str) -> str:
    body = db.session.scalars(
        select(OutboxMessage.body_text)
        .where(OutboxMessage.kind == kind, OutboxMessage.to_address == address)
        .order_by(OutboxMessage.id.desc())
    ).first()
    return _TOKEN_IN_LINK[kind].search(body).group(1)


def build_hostile_dataset() -> HostileDataset:
    """Call inside an application context; commits."""
    matrix = build_dataset()
    ids = matrix.ids
    emails = {role: matrix.emails[source] for role, source in ROLE_EMAILS_FROM_MATRIX.items()}
    event = db.session.get(Event, ids["event"])
    resident = db.session.scalars(select(User).where(User.email == emails["resident"])).one()
    admin = db.session.scalars(select(User).where(User.email == emails["admin"])).one()
    sege_park = db.session.scalars(select(Neighbourhood).where(Neighbourhood.slug == ids["slug_a"])).one()

    make_proposal(sege_park, title="Benches near the school")  # one to merge the proposal into
    started = make_event(sege_park, title="Lunch seminar yesterday", starts_at=utcnow() - timedelta(days=1))
    for year in (1, 9999):  # stored directly, as a mistake before the planning form refused such years
        moment = datetime(year, 12 if year == 9999 else 1, 31 if year == 9999 else 1, 17, tzinfo=UTC)
        make_event(
            sege_park, title=f"A mistake in the year {year}", starts_at=moment, ends_at=moment + timedelta(hours=2)
        )
    guest = make_registration(event, email="guest@example.se", adults=2)
    own = make_registration(event, email=resident.email, user=resident)
    for number in (1, 2):  # two parties from one connection: flagged, so the page offers to cancel them
        made_up = make_registration(event, email=f"party{number}@example.se").registration
        made_up.origin_hash = "0" * 64
    owner = db.session.scalars(select(Organisation).where(Organisation.name == "Sege Park Fastigheter AB")).one()
    link_neighbourhood(owner, sege_park, SiteRelation.OWNS, admin)
    initiative = create_initiative(
        InitiativeInput(
            name="Dance as a way to be heard",
            kind=InitiativeKind.METHOD,
            status=InitiativeStatus.IDEA,
            neighbourhoods=[sege_park],
            events=[event],
        ),
        admin,
    )
    # A translation into English, so that its form and its remove button are found too.
    db.session.add(EventTranslation(event_id=event.id, language="en", title="Dance the square"))
    calendar_token = renew_calendar_token(resident)
    make_user(Role.RESIDENT, email=RETURNING_EMAIL)
    make_user(Role.RESIDENT, email=FORGETFUL_EMAIL)
    request_reset(FORGETFUL_EMAIL)
    sign_up(NEWCOMER_EMAIL, "New Comer", PASSWORD)
    make_registration(event, email=ASKING_EMAIL)
    make_proposal(sege_park, title="Shade by the school", contact_email=ASKING_EMAIL)
    db.session.flush()

    path_values = {
        "event_id": event.id,
        "started_event_id": started.id,
        "registration_id": guest.registration.id,
        "contribution_id": ids["proposal"],
        "proposal_id": ids["proposal"],
        "photo_id": ids["photo"],
        "user_id": ids["developer_inside"],
        "organisation_id": owner.id,
        "neighbourhood_id": sege_park.id,
        "relation": SiteRelation.OWNS.value,
        "initiative_id": initiative.id,
        "slug": sege_park.slug,
        "kind": EventKind.DANCE_WORKSHOP.value,
        "language": "en",
        "figure_name": Figure.HELD_EVENTS.value,
        "filename": "css/app.css",
        "own_registration_id": own.registration.id,
        "manage_token": guest.manage_token,
        "calendar_token": calendar_token,
        "reset_token": _token_sent("password_reset", FORGETFUL_EMAIL),
        "signup_token": _token_sent("signup_confirmation", NEWCOMER_EMAIL),
        "request_token": request_token(ASKING_EMAIL),
    }
    db.session.commit()
    return HostileDataset(path_values={name: str(value) for name, value in path_values.items()}, emails=emails)
