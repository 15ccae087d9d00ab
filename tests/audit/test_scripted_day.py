"""A scripted day of staff work, on SQLite and PostgreSQL: a process leader plans and publishes an event, a
resident registers, the process leader checks them in and undoes it, downloads the registrations, logs input and
moderates; a developer answers a proposal; an administrator changes the developer's neighbourhoods and a role.
The administrator's audit log then shows each action once, by the right person, on the right record."""

import re
from html import unescape

from sqlalchemy import select

from dialogue.accounts.models import User
from dialogue.accounts.services import change_role
from dialogue.contributions.models import Contribution
from dialogue.events.models import Event
from dialogue.extensions import db
from dialogue.organisations.models import OrganisationKind
from dialogue.permissions import Role
from dialogue.registrations.models import Registration
from tests.factories import login, make_developer, make_neighbourhood, make_organisation, make_proposal, make_user
from tests.moderation.helpers import element_text, post_multipart
from tests.registrations.helpers import form_data
from tests.support import arrange, look, use_english

EVENT_FORM = {
    "kind": "citizen_dialogue",
    "title": "Benches for Sege Park",
    "description": "Where should people sit?",
    "venue": "Sege Park pavilion",
    "address": "Sege Park 1, Malmö",
    "accessibility_info": "Step-free entrance.",
    "start_date": "2027-05-12",
    "start_time": "17:30",
    "end_date": "",
    "end_time": "19:00",
    "capacity": "30",
    "waitlist_enabled": "y",
    "audience": "everyone",
    "languages": ["sv"],
}


def person(email: str, app):
    client = app.test_client()
    use_english(client)
    assert login(client, email).status_code == 302
    return client


def only_id(app, query) -> int:
    with look(app):
        return db.session.scalars(query).one()


def test_a_day_of_staff_work_is_in_the_audit_log_once_each(any_app):
    app = any_app
    with arrange(app):
        sege_park, holma = make_neighbourhood("Sege Park"), make_neighbourhood("Holma")
        owner = make_organisation("MKB Fastighets AB", OrganisationKind.PROPERTY_OWNER)
        make_user(Role.PROCESS_LEADER, email="leo@example.se", name="Leo Leader")
        make_user(Role.RESIDENT, email="rut@example.se", name="Rut Resident")
        make_user(Role.ADMIN, email="ada@example.se", name="Ada Admin")
        make_user(Role.RESIDENT, email="sam@example.se", name="Sam Soon-staff")
        make_developer([sege_park], organisation=owner, email="dan@example.se", name="Dan Developer")
        proposal_id = make_proposal(sege_park, title="A bench by the pond").id
        sege_park_id, holma_id, owner_id = sege_park.id, holma.id, owner.id

    # The process leader plans, edits and publishes an event.
    leader = person("leo@example.se", app)
    assert leader.post("/staff/events/new", data=EVENT_FORM | {"neighbourhood": str(sege_park_id)}).status_code == 302
    event_id = only_id(app, select(Event.id))
    edited = EVENT_FORM | {"neighbourhood": str(sege_park_id), "capacity": "40"}
    assert leader.post(f"/staff/events/{event_id}/edit", data=edited).status_code == 302
    assert leader.post(f"/staff/events/{event_id}/publish").status_code == 302

    # A resident registers.
    resident = person("rut@example.se", app)
    registered = resident.post(
        f"/events/{event_id}/register", data=form_data(contact_name="Rut", email="rut@example.se")
    )
    assert registered.status_code == 302
    registration_id = only_id(app, select(Registration.id))

    # At the door, and after.
    assert leader.post(f"/staff/events/{event_id}/checkin/{registration_id}").status_code == 302
    assert leader.post(f"/staff/events/{event_id}/checkin/{registration_id}/undo").status_code == 302
    assert leader.get(f"/staff/events/{event_id}/registrations.csv").status_code == 200
    card = {
        "rows-0-kind": "proposal",
        "rows-0-theme": "green_space_and_play",
        "rows-0-title": "Swings",
        "rows-0-body": "For small children.",
        "rows-0-channel": "paper_card",
        "rows-0-people_count": "2",
    }
    assert post_multipart(leader, f"/staff/events/{event_id}/log-input", card).status_code == 302
    card_id = only_id(app, select(Contribution.id).where(Contribution.title == "Swings"))
    hide = {"action": "hide", "reason": "Names a child"}
    assert leader.post(f"/staff/contributions/{card_id}/moderate", data=hide).status_code == 302

    # The developer answers.
    developer = person("dan@example.se", app)
    answer = {"status": "under_review", "text": "We look at where benches fit."}
    assert developer.post(f"/review/proposals/{proposal_id}/answer", data=answer).status_code == 302

    # The administrator moves the developer to Holma and makes Sam a process leader.
    admin = person("ada@example.se", app)
    developer_id = only_id(app, select(User.id).where(User.email == "dan@example.se"))
    setup = {"organisation": str(owner_id), "neighbourhoods": [str(holma_id)]}
    assert admin.post(f"/staff/developers/{developer_id}", data=setup).status_code == 302
    with arrange(app):
        sam = db.session.scalars(select(User).where(User.email == "sam@example.se")).one()
        ada = db.session.scalars(select(User).where(User.email == "ada@example.se")).one()
        change_role(sam, Role.PROCESS_LEADER, acting_user=ada)
        sam_id = sam.id

    response = admin.get("/staff/audit/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    rows = [unescape(element_text(html, f"entry-{number}")) for number in re.findall(r'<tr id="entry-(\d+)"', html)]
    # Each row: time, person, action, record, details, address.
    expected = [
        ("Leo Leader", "Logged in", None),
        ("Leo Leader", "Event created", f"Event {event_id}"),
        ("Leo Leader", "Event changed", f"Event {event_id}"),
        ("Leo Leader", "Event published", f"Event {event_id}"),
        ("Rut Resident", "Logged in", None),
        ("Leo Leader", "Checked in", f"Registration {registration_id}"),
        ("Leo Leader", "Check-in undone", f"Registration {registration_id}"),
        ("Leo Leader", "Registrations downloaded (CSV)", f"Event {event_id}"),
        ("Leo Leader", "Input from an event logged", f"Event {event_id}"),
        ("Leo Leader", "Contribution hidden", f"Contribution {card_id}"),
        ("Dan Developer", "Logged in", None),
        ("Dan Developer", "Proposal answered", f"Contribution {proposal_id}"),
        ("Ada Admin", "Logged in", None),
        ("Ada Admin", "Developer's organisation or neighbourhoods changed", f"Account {developer_id}"),
        ("Ada Admin", "Role changed", f"Account {sam_id}"),
    ]
    # Nothing else: the resident's registration is their own doing, not a staff action.
    assert len(rows) == len(expected), rows
    for row, (name, action, record) in zip(reversed(rows), expected, strict=True):
        assert re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d ", row), row
        assert f" {name} {action}" in row, (row, name, action)
        if record:
            assert f"{action} {record}" in row, (row, record)
    assert f'href="/staff/events/{event_id}/edit"' in html
    assert f'href="/staff/contributions/{proposal_id}/edit"' in html

    for email in ("rut@example.se", "leo@example.se", "dan@example.se"):
        assert person(email, app).get("/staff/audit/").status_code == 403, email
