"""A small city for the review tests: two neighbourhoods, one account of every role, and proposals.

Everything is committed before a test's requests run (SQLite writers wait for each other's transactions).
"""

from copy import deepcopy
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from dialogue.accounts.models import User
from dialogue.contributions.models import Answer, Contribution, NeighbourhoodAssignment
from dialogue.database import utcnow
from dialogue.extensions import db
from dialogue.organisations.models import OrganisationKind
from dialogue.permissions import Role
from tests.conftest import build_sqlite_template, copy_sqlite_database
from tests.factories import make_developer, make_neighbourhood, make_organisation, make_proposal, make_user
from tests.support import log_in_directly

CONTACT_EMAIL = "secret.proposer@example.se"


@dataclass
class City:
    seved_id: int
    lindangen_id: int
    organisation_id: int
    emails: dict[str, str] = field(default_factory=dict)
    user_ids: dict[str, int] = field(default_factory=dict)
    proposal_ids: dict[str, int] = field(default_factory=dict)


def build_city() -> City:
    """Call inside an app context; commits, and leaves no transaction open."""
    seved = make_neighbourhood("Södra Sofielund (Seved)", slug="sodra-sofielund")
    lindangen = make_neighbourhood("Lindängen", slug="lindangen")
    mkb = make_organisation("MKB Fastighets AB", OrganisationKind.PROPERTY_OWNER)
    accounts = {
        "resident": make_user(Role.RESIDENT, email="resident@example.se"),
        "process_leader": make_user(Role.PROCESS_LEADER, email="leader@example.se", name="Lena Leader"),
        "admin": make_user(Role.ADMIN, email="admin@example.se"),
        "developer": make_developer([seved], organisation=mkb, email="dev@mkb.example.se", name="Dana Developer"),
        "developer_elsewhere": make_developer([lindangen], email="dev@elsewhere.example.se"),
        "developer_without_organisation": make_developer([seved], organisation=False, email="dev@none.example.se"),
    }
    now = utcnow()
    proposals = {
        "old_seved": make_proposal(
            seved, title="Benches by the playground", contact_email=CONTACT_EMAIL, now=now - timedelta(days=30)
        ),
        "new_seved": make_proposal(seved, title="Lights on Rasmusgatan", now=now - timedelta(days=2)),
        "lindangen": make_proposal(lindangen, title="A bigger library in Lindängen", now=now - timedelta(days=10)),
    }
    city = City(
        seved_id=seved.id,
        lindangen_id=lindangen.id,
        organisation_id=mkb.id,
        emails={role: user.email for role, user in accounts.items()},
        user_ids={role: user.id for role, user in accounts.items()},
        proposal_ids={name: proposal.id for name, proposal in proposals.items()},
    )
    db.session.commit()
    return city


@pytest.fixture(scope="session")
def city_template(tmp_path_factory, sqlite_schema) -> tuple[Path, City]:
    """The city built once in an SQLite file, and copied for each test."""
    path = tmp_path_factory.mktemp("city") / "city.sqlite"
    return path, build_sqlite_template(path, sqlite_schema, build_city)


@pytest.fixture
def sqlite_url(tmp_path, city_template) -> str:
    """Here every test's fresh database is a copy of the city, so the `app` fixture starts with it."""
    return copy_sqlite_database(city_template[0], tmp_path / "dialogue-test.sqlite")


@pytest.fixture
def city(app, city_template) -> City:
    return deepcopy(city_template[1])


def log_in_as(client, city: City, role: str | None) -> None:
    """Log the client in as the city's account for `role` (None: stay anonymous)."""
    if role is None:
        return
    log_in_directly(client, city.user_ids[role])


def in_english(client) -> None:
    with client.session_transaction() as session:
        session["language"] = "en"


def answer_url(city, name="old_seved") -> str:
    return f"/review/proposals/{city.proposal_ids[name]}/answer"


def stored(app, city, name="old_seved"):
    """The proposal's status, first answer time and its answers, read fresh from the database."""
    with app.app_context():
        proposal = db.session.get(Contribution, city.proposal_ids[name])
        answers = db.session.scalars(
            select(Answer).where(Answer.contribution_id == proposal.id).order_by(Answer.id)
        ).all()
        return (
            proposal.status,
            proposal.first_answered_at,
            [(a.from_status, a.to_status, a.author_id, a.organisation_id, a.text) for a in answers],
        )


def setup_of(app, user_id):
    """(organisation id, assigned neighbourhood ids, who assigned them) from the database."""
    with app.app_context():
        user = db.session.get(User, user_id)
        assignments = db.session.scalars(
            select(NeighbourhoodAssignment).where(NeighbourhoodAssignment.user_id == user_id)
        ).all()
        return (
            user.organisation_id,
            {assignment.neighbourhood_id for assignment in assignments},
            {assignment.assigned_by_id for assignment in assignments},
        )
