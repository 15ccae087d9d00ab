"""Every route of the organisations and initiatives registers × every role: staff get the page, residents and
developers 403 (and nothing changes), anonymous users are sent to log in."""

from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from dialogue.extensions import db
from dialogue.initiatives.models import Initiative
from dialogue.organisations.models import Organisation, OrganisationKind, OrganisationNeighbourhood, SiteRelation
from dialogue.permissions import Role
from tests.factories import login, make_developer, make_neighbourhood, make_organisation, make_user
from tests.organisations.helpers import make_initiative
from tests.support import arrange, look


@dataclass(frozen=True)
class Register:
    organisation_id: int
    neighbourhood_id: int
    linked_neighbourhood_id: int
    initiative_id: int
    email: str | None


ROUTES = [
    ("GET", "/staff/organisations/"),
    ("GET", "/staff/organisations/new"),
    ("POST", "/staff/organisations/new"),
    ("GET", "/staff/organisations/{organisation_id}"),
    ("GET", "/staff/organisations/{organisation_id}/edit"),
    ("POST", "/staff/organisations/{organisation_id}/edit"),
    ("POST", "/staff/organisations/{organisation_id}/neighbourhoods"),
    ("POST", "/staff/organisations/{organisation_id}/neighbourhoods/{linked_neighbourhood_id}/owns/remove"),
    ("GET", "/staff/initiatives/"),
    ("GET", "/staff/initiatives/new"),
    ("POST", "/staff/initiatives/new"),
    ("GET", "/staff/initiatives/{initiative_id}"),
    ("GET", "/staff/initiatives/{initiative_id}/edit"),
    ("POST", "/staff/initiatives/{initiative_id}/edit"),
]


def build(app, who=None) -> Register:
    with arrange(app):
        owner = make_organisation("Trianon", OrganisationKind.PROPERTY_OWNER)
        free, linked = make_neighbourhood("Lindängen"), make_neighbourhood("Seved")
        db.session.add(
            OrganisationNeighbourhood(organisation_id=owner.id, neighbourhood_id=linked.id, relation=SiteRelation.OWNS)
        )
        initiative = make_initiative("Kvällsöppen gårdslokal", partners=[owner])
        email = None
        if who == "developer_inside":
            email = make_developer([linked], organisation=owner, email="inside@example.se").email
        elif who is not None:
            email = make_user(who, email=f"{who.value}@example.se").email
        return Register(owner.id, free.id, linked.id, initiative.id, email)


def post_data(path: str, register: Register) -> dict:
    """A complete, valid submission, so that only the access check can stop it."""
    if "/initiatives/" in path:
        return {"name": "Changed", "kind": "method", "status": "idea"}
    if path.endswith("/neighbourhoods"):
        return {"neighbourhood": str(register.neighbourhood_id), "relation": "owns"}
    return {"name": "Changed", "kind": "builder"}


def send(client, method: str, template: str, register: Register):
    path = template.format(**register.__dict__)
    if method == "GET":
        return client.get(path)
    return client.post(path, data=post_data(path, register))


def snapshot() -> tuple:
    return (
        sorted(db.session.execute(select(Organisation.name, Organisation.kind)).all()),
        db.session.scalar(select(func.count()).select_from(OrganisationNeighbourhood)),
        sorted(db.session.execute(select(Initiative.name, Initiative.kind)).all()),
    )


@pytest.mark.parametrize(("method", "template"), ROUTES)
def test_anonymous_users_are_sent_to_log_in(app, client, method, template):
    register = build(app)
    response = send(client, method, template, register)
    assert response.status_code == 302
    assert "/account/login" in response.headers["Location"]


@pytest.mark.parametrize(("method", "template"), ROUTES)
@pytest.mark.parametrize("who", [Role.RESIDENT, Role.DEVELOPER, "developer_inside"])
def test_residents_and_developers_get_403_and_change_nothing(app, client, method, template, who):
    register = build(app, who)
    with look(app):
        before = snapshot()
    assert login(client, register.email).status_code == 302
    assert send(client, method, template, register).status_code == 403
    with look(app):
        assert snapshot() == before


@pytest.mark.parametrize(("method", "template"), ROUTES)
@pytest.mark.parametrize("role", [Role.PROCESS_LEADER, Role.ADMIN])
def test_staff_may_use_every_route(app, client, method, template, role):
    register = build(app, role)
    assert login(client, register.email).status_code == 302
    response = send(client, method, template, register)
    assert response.status_code == (200 if method == "GET" else 302), response.get_data(as_text=True)[:2000]


@pytest.mark.parametrize(
    "path",
    [
        "/staff/organisations/999999",
        "/staff/organisations/999999/edit",
        "/staff/organisations/99999999999999",
        "/staff/initiatives/999999",
        "/staff/initiatives/999999/edit",
    ],
)
def test_unknown_ids_are_404(app, client, path):
    register = build(app, Role.PROCESS_LEADER)
    assert login(client, register.email).status_code == 302
    assert client.get(path).status_code == 404
