"""Staff set developers up: their organisation and the neighbourhoods whose proposals they review."""

import pytest

from dialogue.accounts.models import User
from dialogue.contributions.services import ContributionError, NotAllowed
from dialogue.extensions import db
from dialogue.neighbourhoods.models import Neighbourhood
from dialogue.organisations.models import OrganisationKind
from dialogue.reviews.services import update_developer
from tests.factories import make_organisation
from tests.reviews.conftest import in_english, log_in_as, setup_of


@pytest.mark.parametrize(
    ("role", "status"), [(None, 302), ("resident", 403), ("developer", 403), ("process_leader", 200), ("admin", 200)]
)
def test_developer_pages_are_for_staff(client, city, role, status):
    log_in_as(client, city, role)
    developer_id = city.user_ids["developer"]

    assert client.get("/staff/developers").status_code == status
    assert client.get(f"/staff/developers/{developer_id}").status_code == status
    posted = client.post(f"/staff/developers/{developer_id}", data={"organisation": "", "neighbourhoods": []})
    assert posted.status_code == (302 if status == 200 else status)


def test_list_shows_each_developer_with_organisation_and_neighbourhoods(client, city):
    log_in_as(client, city, "admin")

    page = client.get("/staff/developers").get_data(as_text=True)

    row = page[page.index(f'id="developer-{city.user_ids["developer"]}"') :]
    row = row[: row.index("</tr>")]
    assert "Dana Developer" in row and "MKB Fastighets AB" in row and "Södra Sofielund (Seved)" in row
    assert "Lindängen" not in row
    assert f'id="developer-{city.user_ids["developer_without_organisation"]}"' in page
    assert f'id="developer-{city.user_ids["resident"]}"' not in page
    assert f'id="developer-{city.user_ids["process_leader"]}"' not in page


def test_staff_sets_organisation_and_neighbourhoods(app, client, city):
    with app.app_context():
        builder = make_organisation("Skanska", OrganisationKind.BUILDER)
        db.session.commit()
        builder_id = builder.id
    log_in_as(client, city, "process_leader")
    developer_id = city.user_ids["developer_without_organisation"]

    response = client.post(
        f"/staff/developers/{developer_id}",
        data={"organisation": str(builder_id), "neighbourhoods": [str(city.lindangen_id)]},
    )

    assert response.status_code == 302
    assert response.headers["Location"] == "/staff/developers"
    assert setup_of(app, developer_id) == (builder_id, {city.lindangen_id}, {city.user_ids["process_leader"]})
    # The developer can now review Lindängen, and no longer Seved.
    log_in_as(client, city, "developer_without_organisation")
    assert client.get("/review").status_code == 200
    assert client.get(f"/review/proposals/{city.proposal_ids['lindangen']}/answer").status_code == 200
    assert client.get(f"/review/proposals/{city.proposal_ids['old_seved']}/answer").status_code == 403


def test_form_shows_the_current_setup_and_only_developer_organisations(app, client, city):
    with app.app_context():
        make_organisation("Hyresgästföreningen", OrganisationKind.ASSOCIATION)
        db.session.commit()
    log_in_as(client, city, "admin")

    page = client.get(f"/staff/developers/{city.user_ids['developer']}").get_data(as_text=True)

    assert f'<option selected value="{city.organisation_id}">' in page
    assert "Hyresgästföreningen" not in page
    assert 'checked id="neighbourhoods-' in page and f'value="{city.seved_id}"' in page


def test_unassigning_takes_the_neighbourhood_away(app, client, city):
    log_in_as(client, city, "admin")
    developer_id = city.user_ids["developer"]

    client.post(f"/staff/developers/{developer_id}", data={"organisation": str(city.organisation_id)})

    assert setup_of(app, developer_id)[:2] == (city.organisation_id, set())
    log_in_as(client, city, "developer")
    assert client.get(f"/review/proposals/{city.proposal_ids['old_seved']}/answer").status_code == 403


def test_an_organisation_that_is_not_a_property_owner_or_builder_is_refused(app, client, city):
    with app.app_context():
        association = make_organisation("Hyresgästföreningen", OrganisationKind.ASSOCIATION)
        db.session.commit()
        association_id = association.id
    in_english(client)
    log_in_as(client, city, "admin")
    developer_id = city.user_ids["developer"]
    before = setup_of(app, developer_id)

    response = client.post(
        f"/staff/developers/{developer_id}",
        data={"organisation": str(association_id), "neighbourhoods": [str(city.lindangen_id)]},
    )

    assert response.status_code == 422
    assert 'id="organisation-error"' in response.get_data(as_text=True)
    assert setup_of(app, developer_id) == before


@pytest.mark.parametrize("neighbourhoods", [["999999"], ["abc"]])
def test_an_unknown_neighbourhood_is_refused(app, client, city, neighbourhoods):
    log_in_as(client, city, "admin")
    developer_id = city.user_ids["developer"]
    before = setup_of(app, developer_id)

    response = client.post(
        f"/staff/developers/{developer_id}",
        data={"organisation": str(city.organisation_id), "neighbourhoods": neighbourhoods},
    )

    assert response.status_code == 422
    assert 'id="neighbourhoods-error"' in response.get_data(as_text=True)
    assert setup_of(app, developer_id) == before


@pytest.mark.parametrize("account", ["resident", "process_leader", "admin"])
def test_a_user_who_is_not_a_developer_gives_404(client, city, account):
    log_in_as(client, city, "admin")

    assert client.get(f"/staff/developers/{city.user_ids[account]}").status_code == 404
    assert client.post(f"/staff/developers/{city.user_ids[account]}", data={}).status_code == 404
    assert client.get("/staff/developers/999999").status_code == 404


def test_the_service_refuses_non_staff_and_non_developers(app, city):
    with app.test_request_context():
        developer = db.session.get(User, city.user_ids["developer"])
        resident = db.session.get(User, city.user_ids["resident"])
        admin = db.session.get(User, city.user_ids["admin"])
        seved = db.session.get(Neighbourhood, city.seved_id)

        with pytest.raises(NotAllowed):
            update_developer(developer, None, [], acting_user=developer)
        with pytest.raises(ContributionError):
            update_developer(resident, None, [seved], acting_user=admin)
        db.session.rollback()

    assert setup_of(app, city.user_ids["developer"])[:2] == (city.organisation_id, {city.seved_id})
    assert setup_of(app, city.user_ids["resident"])[:2] == (None, set())
