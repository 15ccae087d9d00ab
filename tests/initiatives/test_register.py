"""The initiatives register: adding and changing initiatives, the rules for the date of testing, the list and its
filters, and the detail page."""

from datetime import UTC, timedelta

import pytest
from sqlalchemy import select

from dialogue.events.models import Event, EventStatus
from dialogue.extensions import db
from dialogue.initiatives.models import Initiative, InitiativeKind, InitiativeStatus
from dialogue.local_time import local_today
from dialogue.organisations.models import Organisation, OrganisationKind
from tests.factories import make_event, make_neighbourhood, make_organisation
from tests.moderation.helpers import element_text
from tests.organisations.helpers import make_held_event, make_initiative, staff_client
from tests.support import arrange, look


@pytest.fixture
def staff(app, client):
    return staff_client(app, client)


@pytest.fixture
def things(app):
    with arrange(app):
        owner = make_organisation("MKB Fastighets AB", OrganisationKind.PROPERTY_OWNER)
        dance = make_organisation("Skånes Dansteater", OrganisationKind.PUBLIC_BODY)
        area = make_neighbourhood("Herrgården")
        held = make_held_event(area, title="Dansworkshop i Herrgården", days_ago=30)
        coming = make_event(area, title="Lunchseminarium om innergårdar")
        return {"owner": owner.id, "dance": dance.id, "area": area.id, "held": held.id, "coming": coming.id}


def valid(things, **changes) -> dict:
    data = {
        "name": "Dans som uttryck för barnens behov",
        "kind": "method",
        "status": "tested",
        "tested_on": (local_today() - timedelta(days=30)).isoformat(),
        "description": "Barnen visar med kroppen.",
        "partners": [str(things["owner"]), str(things["dance"])],
        "neighbourhoods": [str(things["area"])],
        "events": [str(things["held"]), str(things["coming"])],
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def stored() -> list[Initiative]:
    return list(db.session.scalars(select(Initiative).order_by(Initiative.id)))


def test_a_new_initiative_is_stored_with_partners_neighbourhoods_and_events(app, staff, things):
    response = staff.post("/staff/initiatives/new", data=valid(things))

    assert response.status_code == 302
    with look(app):
        [initiative] = stored()
        assert (initiative.kind, initiative.status) == (InitiativeKind.METHOD, InitiativeStatus.TESTED)
        assert initiative.tested_on == local_today() - timedelta(days=30)
        assert {o.id for o in initiative.partners} == {things["owner"], things["dance"]}
        assert [n.id for n in initiative.neighbourhoods] == [things["area"]]
        assert [e.id for e in initiative.events] == [things["held"], things["coming"]]  # by date
        assert response.headers["Location"].endswith(f"/staff/initiatives/{initiative.id}")


def test_today_is_a_valid_date_of_testing(app, staff, things):
    response = staff.post("/staff/initiatives/new", data=valid(things, tested_on=local_today().isoformat()))
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"status": "tested", "tested_on": ""}, "tested_on", "Write the date it was first tested"),
        ({"status": "spread", "tested_on": None}, "tested_on", "Write the date it was first tested"),
        ({"tested_on": "FUTURE"}, "tested_on", "cannot be in the future"),
        ({"status": "idea"}, "tested_on", "An idea has not been tested yet"),
        ({"tested_on": "2026-02-30"}, "tested_on", "Write a date that exists"),
        ({"name": ""}, "name", "Write the initiative's name"),
        ({"name": "x" * 161}, "name", "At most 160 characters"),
        ({"kind": "invention"}, "kind", ""),
        ({"status": "abandoned"}, "status", ""),
        ({"description": "x" * 5001}, "description", "At most 5000 characters"),
        ({"partners": ["999999"]}, "partners", ""),
        ({"partners": ["abc"]}, "partners", ""),
        ({"neighbourhoods": ["999999"]}, "neighbourhoods", ""),
        ({"events": ["999999"]}, "events", ""),
    ],
)
def test_bad_input_is_refused_next_to_its_field_and_nothing_is_stored(app, staff, things, changes, field, message):
    if changes.get("tested_on") == "FUTURE":
        changes = {"tested_on": (local_today() + timedelta(days=1)).isoformat()}

    response = staff.post("/staff/initiatives/new", data=valid(things, **changes))

    assert response.status_code == 422
    error = element_text(response.get_data(as_text=True), f"{field}-error")
    assert error and message in error
    with look(app):
        assert stored() == []


@pytest.mark.parametrize("duplicate", ["Kvällsöppen gårdslokal", "KVÄLLSÖPPEN GÅRDSLOKAL", " kvällsöppen  gårdslokal "])
def test_a_duplicate_name_is_refused_in_any_letter_case(app, staff, things, duplicate):
    with arrange(app):
        make_initiative("Kvällsöppen gårdslokal")

    response = staff.post("/staff/initiatives/new", data=valid(things, name=duplicate))

    assert response.status_code == 422
    assert "already in the register" in element_text(response.get_data(as_text=True), "name-error")
    with look(app):
        assert [initiative.name for initiative in stored()] == ["Kvällsöppen gårdslokal"]


def test_editing_changes_the_status_and_keeps_an_old_event_link(app, staff, things):
    with arrange(app):
        area = make_neighbourhood()
        old = make_held_event(area, title="Studiebesök för tre år sedan", days_ago=3 * 365)
        cancelled = make_event(area, title="Inställt seminarium", status=EventStatus.CANCELLED)
        initiative = make_initiative("Studiebesök hos grannar", kind=InitiativeKind.LEARNING_FORMAT, events=[old])
        initiative_id, old_id, cancelled_id = initiative.id, old.id, cancelled.id

    form = staff.get(f"/staff/initiatives/{initiative_id}/edit").get_data(as_text=True)
    response = staff.post(
        f"/staff/initiatives/{initiative_id}/edit",
        data=valid(
            things,
            name="Studiebesök hos grannar",
            kind="learning_format",
            status="spread",
            events=[str(old_id), str(things["held"])],
            partners=[],
            neighbourhoods=[],
        ),
    )

    assert "Studiebesök för tre år sedan" in form  # an old linked event stays a choice
    assert "Inställt seminarium" not in form and f'<option value="{cancelled_id}"' not in form
    assert response.status_code == 302
    with look(app):
        [initiative] = stored()
        assert initiative.status == InitiativeStatus.SPREAD
        assert [event.id for event in initiative.events] == [old_id, things["held"]]
        assert initiative.partners == [] and initiative.neighbourhoods == []


def test_a_refused_edit_changes_nothing(app, staff, things):
    with arrange(app):
        initiative_id = make_initiative("Byggbod som mötesplats", status=InitiativeStatus.IDEA).id

    response = staff.post(
        f"/staff/initiatives/{initiative_id}/edit", data=valid(things, name="Nytt namn", status="tested", tested_on="")
    )

    assert response.status_code == 422
    with look(app):
        [initiative] = stored()
        assert (initiative.name, initiative.status, initiative.partners) == (
            "Byggbod som mötesplats",
            InitiativeStatus.IDEA,
            [],
        )


def test_the_list_filters_by_kind_and_status(app, staff):
    with arrange(app):
        tested_on = local_today() - timedelta(days=3)
        ids = {
            "innovation": make_initiative(
                "A", kind=InitiativeKind.INNOVATION, status=InitiativeStatus.TESTED, tested_on=tested_on
            ).id,
            "method": make_initiative("B", kind=InitiativeKind.METHOD, status=InitiativeStatus.IDEA).id,
            "format": make_initiative(
                "C", kind=InitiativeKind.LEARNING_FORMAT, status=InitiativeStatus.SPREAD, tested_on=tested_on
            ).id,
        }

    def shown(query: str) -> set[str]:
        html = staff.get(f"/staff/initiatives/{query}").get_data(as_text=True)
        return {name for name, initiative_id in ids.items() if f'<tr id="initiative-{initiative_id}"' in html}

    assert shown("") == {"innovation", "method", "format"}
    assert shown("?kind=method") == {"method"}
    assert shown("?status=idea") == {"method"}
    assert shown("?kind=innovation&status=spread") == set()
    assert shown("?status=spread") == {"format"}
    refused = staff.get("/staff/initiatives/?status=abandoned")
    assert refused.status_code == 422 and element_text(refused.get_data(as_text=True), "status-error")


def test_the_detail_page_shows_partners_neighbourhoods_and_events(app, staff, things):
    with arrange(app):
        initiative = make_initiative(
            "Belysning som de boende styr",
            status=InitiativeStatus.SPREAD,
            tested_on=local_today() - timedelta(days=80),
            description="Prövad i Kroksbäcksparken.",
            partners=[db.session.get(Organisation, things["owner"])],
            events=[db.session.get(Event, things["held"])],
        )
        initiative_id = initiative.id

    html = staff.get(f"/staff/initiatives/{initiative_id}").get_data(as_text=True)

    assert element_text(html, "initiative-status") == "Spread"
    assert element_text(html, "initiative-description") == "Prövad i Kroksbäcksparken."
    assert f'href="/staff/organisations/{things["owner"]}"' in element_text_raw(html, "partner-list")
    assert "Dansworkshop i Herrgården" in element_text(html, "event-list")


def element_text_raw(html: str, element_id: str) -> str:
    start = html.index(f'id="{element_id}"')
    return html[start : html.index("</ul>", start)]


def test_a_future_date_is_judged_in_stockholm_time(app):
    from datetime import datetime

    # 23:30 UTC on 31 December is already 1 January in Stockholm.
    assert local_today(datetime(2026, 12, 31, 23, 30, tzinfo=UTC)).isoformat() == "2027-01-01"
    assert local_today(datetime(2026, 6, 30, 21, 59, tzinfo=UTC)).isoformat() == "2026-06-30"
