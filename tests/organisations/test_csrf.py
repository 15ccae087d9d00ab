"""With CSRF protection on, as in production: the organisation form and the neighbourhood links need the token."""

import pytest
from sqlalchemy import func, select

from dialogue.extensions import db
from dialogue.organisations.models import Organisation, OrganisationKind, OrganisationNeighbourhood
from dialogue.permissions import Role
from tests.factories import make_neighbourhood, make_organisation, make_user
from tests.support import arrange, csrf_token_from, log_in_with_token, look


@pytest.fixture
def staff(csrf_app):
    with arrange(csrf_app):
        make_user(Role.PROCESS_LEADER, email="leader@example.se")
    return log_in_with_token(csrf_app.test_client(), "leader@example.se")


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_the_organisation_form_needs_its_token(csrf_app, staff):
    data = {"name": "Riksbyggen", "kind": "builder"}

    missing = staff.post("/staff/organisations/new", data=data)
    forged = staff.post("/staff/organisations/new", data={**data, "csrf_token": "forged"})
    with look(csrf_app):
        assert count(Organisation) == 0

    token = csrf_token_from(staff.get("/staff/organisations/new"))
    accepted = staff.post("/staff/organisations/new", data={**data, "csrf_token": token})

    assert missing.status_code == 400 and forged.status_code == 400
    assert accepted.status_code == 302
    with look(csrf_app):
        assert count(Organisation) == 1


def test_adding_and_removing_a_neighbourhood_link_need_the_token(csrf_app, staff):
    with arrange(csrf_app):
        owner_id = make_organisation("Trianon", OrganisationKind.PROPERTY_OWNER).id
        area_id = make_neighbourhood("Seved").id
    add = f"/staff/organisations/{owner_id}/neighbourhoods"
    remove = f"/staff/organisations/{owner_id}/neighbourhoods/{area_id}/owns/remove"

    assert staff.post(add, data={"neighbourhood": area_id, "relation": "owns"}).status_code == 400
    token = csrf_token_from(staff.get(f"/staff/organisations/{owner_id}"))
    assert staff.post(add, data={"neighbourhood": area_id, "relation": "owns", "csrf_token": token}).status_code == 302
    assert staff.post(remove).status_code == 400
    with look(csrf_app):
        assert count(OrganisationNeighbourhood) == 1

    assert staff.post(remove, data={"csrf_token": token}).status_code == 302
    with look(csrf_app):
        assert count(OrganisationNeighbourhood) == 0
