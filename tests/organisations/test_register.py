"""The organisations register: adding and changing organisations, the list and its counts, the detail page."""

import pytest
from sqlalchemy import select

from dialogue.events.models import EventStatus
from dialogue.extensions import db
from dialogue.initiatives.models import InitiativeKind, InitiativeStatus
from dialogue.initiatives.services import InitiativeInput, create_initiative
from dialogue.initiatives.services import NotAllowed as InitiativeNotAllowed
from dialogue.organisation_register.services import (
    NotAllowed,
    OrganisationError,
    OrganisationInput,
    create_organisation,
)
from dialogue.organisations.models import Organisation, OrganisationKind, OrganisationNeighbourhood, SiteRelation
from dialogue.permissions import Role
from tests.factories import make_developer, make_event, make_neighbourhood, make_organisation, make_user
from tests.moderation.helpers import element_text
from tests.organisations.helpers import make_held_event, make_initiative, staff_client
from tests.support import arrange, look


@pytest.fixture
def staff(app, client):
    return staff_client(app, client)


def organisations() -> list[tuple[str, OrganisationKind]]:
    rows = db.session.execute(select(Organisation.name, Organisation.kind).order_by(Organisation.id))
    return [tuple(row) for row in rows]


# --- Adding and changing ------------------------------------------------------------------------------------


def test_a_new_organisation_is_added_with_its_name_tidied(app, staff):
    response = staff.post("/staff/organisations/new", data={"name": "  Heimstaden   Malmö ", "kind": "property_owner"})

    assert response.status_code == 302
    with look(app):
        [(name, kind)] = organisations()
        organisation_id = db.session.scalar(select(Organisation.id))
    assert (name, kind) == ("Heimstaden Malmö", OrganisationKind.PROPERTY_OWNER)
    assert response.headers["Location"].endswith(f"/staff/organisations/{organisation_id}")


@pytest.mark.parametrize(
    "duplicate", ["MKB Fastighets AB", "mkb fastighets ab", "  MKB   Fastighets AB", "MKB FASTIGHETS AB"]
)
def test_a_duplicate_name_in_any_letter_case_gets_a_message_next_to_the_name(app, staff, duplicate):
    with arrange(app):
        make_organisation("MKB Fastighets AB")

    response = staff.post("/staff/organisations/new", data={"name": duplicate, "kind": "builder"})

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    message = "An organisation called “MKB Fastighets AB” is already in the register."
    assert element_text(html, "name-error") == message
    assert 'aria-invalid="true"' in html
    with look(app):
        assert organisations() == [("MKB Fastighets AB", OrganisationKind.PROPERTY_OWNER)]


def test_letter_case_is_ignored_for_swedish_letters_too(app, staff):
    with arrange(app):
        make_organisation("Östra Hamnens Bostäder")

    response = staff.post("/staff/organisations/new", data={"name": "ÖSTRA HAMNENS BOSTÄDER", "kind": "builder"})

    assert response.status_code == 422
    assert element_text(response.get_data(as_text=True), "name-error")
    with look(app):
        assert len(organisations()) == 1


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "", "kind": "builder"}, "name"),
        ({"name": "   ", "kind": "builder"}, "name"),
        ({"name": "x" * 161, "kind": "builder"}, "name"),
        ({"name": "Riksbyggen", "kind": ""}, "kind"),
        ({"name": "Riksbyggen", "kind": "mayor"}, "kind"),
        ({"name": "Riksbyggen"}, "kind"),
    ],
)
def test_bad_input_is_refused_with_a_message_next_to_the_field(app, staff, data, field):
    response = staff.post("/staff/organisations/new", data=data)

    assert response.status_code == 422
    assert element_text(response.get_data(as_text=True), f"{field}-error")
    with look(app):
        assert organisations() == []


def test_editing_keeps_the_own_name_and_changes_the_kind(app, staff):
    with arrange(app):
        organisation_id = make_organisation("Kroksbäcks café", OrganisationKind.ASSOCIATION).id

    form = staff.get(f"/staff/organisations/{organisation_id}/edit").get_data(as_text=True)
    response = staff.post(
        f"/staff/organisations/{organisation_id}/edit", data={"name": "kroksbäcks café", "kind": "business"}
    )

    assert 'value="Kroksbäcks café"' in form
    assert response.status_code == 302
    with look(app):
        assert organisations() == [("kroksbäcks café", OrganisationKind.BUSINESS)]


def test_editing_to_another_organisations_name_is_refused(app, staff):
    with arrange(app):
        make_organisation("NCC", OrganisationKind.BUILDER)
        skanska_id = make_organisation("Skanska", OrganisationKind.BUILDER).id

    response = staff.post(f"/staff/organisations/{skanska_id}/edit", data={"name": "ncc", "kind": "builder"})

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "already in the register" in element_text(html, "name-error")
    assert "<h1>Change Skanska</h1>" in html  # the page shows what is stored, not the refused name
    with look(app):
        assert [name for name, _ in organisations()] == ["NCC", "Skanska"]


def test_a_property_owner_with_neighbourhoods_or_developers_cannot_become_an_association(app, staff):
    with arrange(app):
        owner = make_organisation("Trianon", OrganisationKind.PROPERTY_OWNER)
        neighbourhood = make_neighbourhood("Seved")
        builder = make_organisation("NCC", OrganisationKind.BUILDER)
        make_developer(organisation=builder, email="ncc@example.se")
        owner_id, neighbourhood_id, builder_id = owner.id, neighbourhood.id, builder.id
    assert (
        staff.post(
            f"/staff/organisations/{owner_id}/neighbourhoods",
            data={"neighbourhood": neighbourhood_id, "relation": "owns"},
        ).status_code
        == 302
    )

    with_site = staff.post(f"/staff/organisations/{owner_id}/edit", data={"name": "Trianon", "kind": "association"})
    with_developer = staff.post(f"/staff/organisations/{builder_id}/edit", data={"name": "NCC", "kind": "business"})

    assert with_site.status_code == 422
    assert "Remove that link first" in element_text(with_site.get_data(as_text=True), "kind-error")
    assert with_developer.status_code == 422
    assert "Move that account first" in element_text(with_developer.get_data(as_text=True), "kind-error")
    with look(app):
        assert organisations() == [("Trianon", OrganisationKind.PROPERTY_OWNER), ("NCC", OrganisationKind.BUILDER)]


# --- The list -----------------------------------------------------------------------------------------------


def test_the_list_counts_events_co_hosted_and_attended_and_initiatives(app, staff):
    with arrange(app):
        mkb = make_organisation("MKB Fastighets AB", OrganisationKind.PROPERTY_OWNER)
        dance = make_organisation("Skånes Dansteater", OrganisationKind.PUBLIC_BODY)
        quiet = make_organisation("Malmö universitet", OrganisationKind.ACADEMIA)
        area = make_neighbourhood("Herrgården")
        make_held_event(area, cohosts=[mkb, dance], participants=[mkb, dance])
        make_held_event(area, cohosts=[mkb], participants=[dance])
        make_event(area, cohosts=[mkb])  # published, upcoming: co-hosted, not attended yet
        make_event(area, cohosts=[mkb, dance], status=EventStatus.CANCELLED)  # cancelled: not counted
        make_initiative(partners=[mkb, quiet])
        ids = {"mkb": mkb.id, "dance": dance.id, "quiet": quiet.id}

    html = staff.get("/staff/organisations/").get_data(as_text=True)

    def counts(key):
        return element_text(html, f"organisation-{ids[key]}").split()[-3:]

    assert counts("mkb") == ["3", "1", "1"]
    assert counts("dance") == ["1", "2", "0"]
    assert counts("quiet") == ["0", "0", "1"]
    assert "3 organisations found" in html


def test_the_list_filters_by_kind(app, staff):
    with arrange(app):
        builder_id = make_organisation("NCC", OrganisationKind.BUILDER).id
        owner_id = make_organisation("Trianon", OrganisationKind.PROPERTY_OWNER).id

    html = staff.get("/staff/organisations/?kind=builder").get_data(as_text=True)
    refused = staff.get("/staff/organisations/?kind=mayor")

    assert f'id="organisation-{builder_id}"' in html and f'id="organisation-{owner_id}"' not in html
    assert "1 organisation found" in html
    assert refused.status_code == 422
    assert element_text(refused.get_data(as_text=True), "kind-error")
    assert f'id="organisation-{owner_id}"' in refused.get_data(as_text=True)  # a bad filter filters nothing


def test_the_list_is_paginated_by_50(app, staff):
    with arrange(app):
        for number in range(55):
            make_organisation(f"Förening {number:02d}", OrganisationKind.ASSOCIATION)

    first = staff.get("/staff/organisations/").get_data(as_text=True)
    second = staff.get("/staff/organisations/?page=2").get_data(as_text=True)

    assert first.count('<tr id="organisation-') == 50 and second.count('<tr id="organisation-') == 5
    assert "Förening 54" in second and "Förening 54" not in first
    assert staff.get("/staff/organisations/?page=9").status_code == 404


# --- The detail page ----------------------------------------------------------------------------------------


def test_the_detail_page_shows_events_neighbourhoods_members_and_initiatives(app, staff):
    with arrange(app):
        mkb = make_organisation("MKB Fastighets AB", OrganisationKind.PROPERTY_OWNER)
        area = make_neighbourhood("Holma-Kroksbäck")
        make_held_event(area, cohosts=[mkb], title="Trygghetsvandring i Kroksbäck")
        make_held_event(area, participants=[mkb], title="Lunchseminarium om innergårdar")
        make_event(area, cohosts=[mkb], status=EventStatus.CANCELLED, title="Inställt samtal")
        make_held_event(area, title="Utan MKB")
        make_developer([area], organisation=mkb, name="Karin Ek", email="karin@example.se")
        make_user(Role.RESIDENT, name="Not a member")
        make_initiative("Belysning som de boende styr", partners=[mkb])
        mkb_id, area_id = mkb.id, area.id
    assert (
        staff.post(
            f"/staff/organisations/{mkb_id}/neighbourhoods", data={"neighbourhood": area_id, "relation": "owns"}
        ).status_code
        == 302
    )

    html = staff.get(f"/staff/organisations/{mkb_id}").get_data(as_text=True)

    cohosted = element_text(html, "cohosted-events")
    assert "Trygghetsvandring i Kroksbäck" in cohosted and "Inställt samtal" in cohosted
    assert "Lunchseminarium om innergårdar" not in cohosted
    assert "Lunchseminarium om innergårdar" in element_text(html, "attended-events")
    assert "Utan MKB" not in html
    assert element_text(html, "site-list").startswith("Holma-Kroksbäck: Owns property here Remove")
    assert "Karin Ek" in element_text(html, "member-list") and "Not a member" not in html
    assert "Belysning som de boende styr" in element_text(html, "initiative-list")


# --- Neighbourhood links ------------------------------------------------------------------------------------


def site_rows() -> list[tuple]:
    rows = db.session.execute(
        select(
            OrganisationNeighbourhood.organisation_id,
            OrganisationNeighbourhood.neighbourhood_id,
            OrganisationNeighbourhood.relation,
        )
    )
    return [tuple(row) for row in rows]


@pytest.fixture
def places(app):
    with arrange(app):
        return {
            "owner": make_organisation("Victoriahem", OrganisationKind.PROPERTY_OWNER).id,
            "builder": make_organisation("Skanska", OrganisationKind.BUILDER).id,
            "association": make_organisation("Herrgårds kvinnoförening", OrganisationKind.ASSOCIATION).id,
            "area": make_neighbourhood("Herrgården").id,
        }


def test_a_builder_is_linked_to_where_it_builds_and_the_link_is_removed_again(app, staff, places):
    url = f"/staff/organisations/{places['builder']}/neighbourhoods"
    added = staff.post(url, data={"neighbourhood": places["area"], "relation": "builds"})
    again = staff.post(url, data={"neighbourhood": places["area"], "relation": "builds"})

    assert added.status_code == 302 and added.headers["Location"].endswith("#sites")
    assert again.status_code == 422
    assert "already linked" in element_text(again.get_data(as_text=True), "neighbourhood-error")
    with look(app):
        assert site_rows() == [(places["builder"], places["area"], SiteRelation.BUILDS)]

    remove = f"/staff/organisations/{places['builder']}/neighbourhoods/{places['area']}/builds/remove"
    assert staff.post(remove).status_code == 302
    assert staff.post(remove).status_code == 302  # a second click is harmless
    with look(app):
        assert site_rows() == []


def test_only_property_owners_and_builders_are_linked_to_neighbourhoods(app, staff, places):
    page = staff.get(f"/staff/organisations/{places['association']}").get_data(as_text=True)
    response = staff.post(
        f"/staff/organisations/{places['association']}/neighbourhoods",
        data={"neighbourhood": places["area"], "relation": "owns"},
    )

    assert element_text(page, "sites-not-applicable") and 'name="neighbourhood"' not in page
    assert response.status_code == 422
    assert "Only property owners and builders" in response.get_data(as_text=True)
    with look(app):
        assert site_rows() == []


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"neighbourhood": "", "relation": "owns"}, "neighbourhood"),
        ({"neighbourhood": "999999", "relation": "owns"}, "neighbourhood"),
        ({"neighbourhood": "abc", "relation": "owns"}, "neighbourhood"),
        ({"neighbourhood": "AREA", "relation": "rents"}, "relation"),
    ],
)
def test_a_bad_link_is_refused_next_to_its_field(app, staff, places, data, field):
    data = {key: str(places["area"]) if value == "AREA" else value for key, value in data.items()}
    response = staff.post(f"/staff/organisations/{places['owner']}/neighbourhoods", data=data)

    assert response.status_code == 422
    assert element_text(response.get_data(as_text=True), f"{field}-error")
    with look(app):
        assert site_rows() == []


@pytest.mark.parametrize("suffix", ["AREA/rents/remove", "999999/owns/remove", "AREA/owns/delete"])
def test_removing_with_an_unknown_neighbourhood_or_relation_is_404(app, staff, places, suffix):
    url = f"/staff/organisations/{places['owner']}/neighbourhoods/" + suffix.replace("AREA", str(places["area"]))
    assert staff.post(url).status_code == 404


def test_the_services_refuse_a_user_who_is_not_staff(app):
    with look(app):
        resident = make_user(Role.RESIDENT)
        with pytest.raises(NotAllowed):
            create_organisation(OrganisationInput("Riksbyggen", OrganisationKind.BUILDER), acting_user=resident)
        with pytest.raises(InitiativeNotAllowed):
            create_initiative(
                InitiativeInput("Byggbod", InitiativeKind.INNOVATION, InitiativeStatus.IDEA), acting_user=resident
            )
        assert organisations() == []


def test_the_name_check_folds_swedish_letters_on_both_databases(any_app):
    with any_app.app_context():
        leader = make_user(Role.PROCESS_LEADER)
        create_organisation(OrganisationInput("Östra Hamnens Bostäder", OrganisationKind.PROPERTY_OWNER), leader)
        with pytest.raises(OrganisationError) as refused:
            create_organisation(OrganisationInput("ÖSTRA  HAMNENS BOSTÄDER", OrganisationKind.BUILDER), leader)
        assert refused.value.field == "name"
        assert "Östra Hamnens Bostäder" in str(refused.value.message)
        create_organisation(OrganisationInput("Östra Hamnens Bostäder 2", OrganisationKind.BUILDER), leader)
        db.session.rollback()
