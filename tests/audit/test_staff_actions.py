"""Every staff action is in the audit log once, with the acting person and the record; a refused action, and a
repeated one that changes nothing, leaves no entry."""

from datetime import timedelta

from sqlalchemy import select

from dialogue.audit.models import AuditAction as A
from dialogue.audit.models import SubjectType as S
from dialogue.database import utcnow
from dialogue.events.models import Event
from dialogue.extensions import db
from dialogue.initiatives.models import Initiative
from dialogue.organisations.models import Organisation, OrganisationKind
from dialogue.permissions import Role
from dialogue.registrations.models import Registration
from tests.attendance.helpers import build_door, move_into_past
from tests.audit.helpers import logged
from tests.factories import (
    PASSWORD,
    login,
    make_developer,
    make_event,
    make_neighbourhood,
    make_proposal,
    make_registration,
    make_user,
)
from tests.moderation.helpers import build_world, post_multipart
from tests.planning.helpers import build_world as build_planning_world
from tests.planning.helpers import event_form
from tests.support import arrange, look


def account_id(app, email: str) -> int:
    from dialogue.accounts.models import User

    with look(app):
        return db.session.scalars(select(User.id).where(User.email == email)).one()


def staff_actions(app) -> list[tuple]:
    """(action, actor, kind of record, record) of every entry but the logins."""
    return [
        (entry.action, entry.actor_id, entry.subject_type, entry.subject_id)
        for entry in logged(app)
        if entry.action != A.LOGIN
    ]


def logged_in(app, email: str):
    client = app.test_client()
    assert login(client, email).status_code == 302
    return client


def newest_event_ids(app, count: int) -> list[int]:
    with look(app):
        return sorted(db.session.scalars(select(Event.id).order_by(Event.id.desc()).limit(count)))


def test_planning_an_event_from_draft_to_cancelled(app):
    world = build_planning_world(app)
    staff = logged_in(app, world.emails[Role.PROCESS_LEADER])
    leader = account_id(app, world.emails[Role.PROCESS_LEADER])

    assert staff.post("/staff/events/new", data=event_form(world)).status_code == 302
    [event_id] = newest_event_ids(app, 1)
    assert staff.post(f"/staff/events/{event_id}/edit", data=event_form(world, capacity="40")).status_code == 302
    assert staff.post(f"/staff/events/{event_id}/publish").status_code == 302
    assert staff.post(f"/staff/events/{event_id}/publish").status_code == 302  # already published: refused
    assert staff.post(f"/staff/events/{event_id}/duplicate").status_code == 302
    [copy_id] = newest_event_ids(app, 1)
    series = {"every_weeks": "1", "until": "2027-05-26"}
    assert staff.post(f"/staff/events/{event_id}/series", data=series).status_code == 302
    assert staff.post(f"/staff/events/{event_id}/cancel", data={"message": "The hall is flooded."}).status_code == 302
    assert staff.post(f"/staff/events/{event_id}/cancel", data={"message": "Again."}).status_code == 422

    assert staff_actions(app) == [
        (A.EVENT_CREATED, leader, S.EVENT, event_id),
        (A.EVENT_UPDATED, leader, S.EVENT, event_id),
        (A.EVENT_PUBLISHED, leader, S.EVENT, event_id),
        (A.EVENT_DUPLICATED, leader, S.EVENT, copy_id),
        (A.SERIES_CREATED, leader, S.EVENT, event_id),
        (A.EVENT_CANCELLED, leader, S.EVENT, event_id),
    ]
    details = {entry.action: entry.detail for entry in logged(app)}
    assert details[A.EVENT_UPDATED] == "30 → 40"
    assert details[A.EVENT_DUPLICATED] == f"#{event_id}"
    assert details[A.SERIES_CREATED] == "2 × draft"
    assert "flooded" not in str(details)  # the organiser's message is not copied into the log


def test_an_events_languages_and_translations(app):
    """With the shipped languages (Swedish and English): an English translation saved twice and removed, and the
    language of the event's texts set; a refused one, and one that changes nothing, leave no entry."""
    world = build_planning_world(app)
    staff = logged_in(app, world.emails[Role.PROCESS_LEADER])
    leader = account_id(app, world.emails[Role.PROCESS_LEADER])
    languages = f"/staff/events/{world.event_id}/translations"

    assert staff.post(f"{languages}/en", data={"title": "Dance the square"}).status_code == 302
    assert staff.post(f"{languages}/en", data={"title": "Dance the square!"}).status_code == 302
    assert staff.post(f"{languages}/en", data={"title": ""}).status_code == 422
    assert staff.post(f"{languages}/written-in", data={"language": "en"}).status_code == 422  # translated into it
    assert staff.post(f"{languages}/en/remove").status_code == 302
    assert staff.post(f"{languages}/en/remove").status_code == 302  # nothing left to remove: refused
    assert staff.post(f"{languages}/written-in", data={"language": "sv"}).status_code == 302  # already: no change
    assert staff.post(f"{languages}/written-in", data={"language": "en"}).status_code == 302

    assert staff_actions(app) == [
        (A.EVENT_TRANSLATION_SAVED, leader, S.EVENT, world.event_id),
        (A.EVENT_TRANSLATION_SAVED, leader, S.EVENT, world.event_id),
        (A.EVENT_TRANSLATION_REMOVED, leader, S.EVENT, world.event_id),
        (A.EVENT_TEXT_LANGUAGE_SET, leader, S.EVENT, world.event_id),
    ]
    details = [entry.detail for entry in logged(app) if entry.action != A.LOGIN]
    assert details == ["en", "en", "en", "sv → en"]
    assert "Dance" not in str(details)  # what staff wrote is not copied into the log


def test_the_door_the_registrations_and_the_closing_report(app):
    door = build_door(app, capacity=5)  # Amira (3) and Björn (1) fit; Carla (2) waits
    with arrange(app):
        db.session.get(Event, door.event_id).capacity = 6  # room for Carla, who still waits
    staff = logged_in(app, door.emails[Role.PROCESS_LEADER])
    leader = account_id(app, door.emails[Role.PROCESS_LEADER])
    amira, carla = door.registration_ids["Amira Hassan"], door.registration_ids["Carla Ortiz"]
    bjorn = door.registration_ids["Björn Svensson"]
    base = f"/staff/events/{door.event_id}"

    assert staff.post(f"{base}/checkin/{amira}").status_code == 302
    assert staff.post(f"{base}/checkin/{amira}").status_code == 302  # a second tap changes nothing
    assert staff.post(f"{base}/checkin/{amira}/undo").status_code == 302
    assert staff.post(f"{base}/registrations/{carla}/promote").status_code == 302
    phoned = {
        "contact_name": "Elsa Lund",
        "email": "elsa@example.se",
        "adults": "1",
        "children": "0",
        "access_needs": ["interpreter"],
        "interpreter_language": "fi",
        "preferred_language": "sv",
    }
    assert staff.post(f"{base}/registrations/new", data=phoned).status_code == 302
    # Cancelled as made up, without an email: Elsa, waiting, gets Björn's place.
    assert staff.post(f"{base}/registrations/cancel", data={"registrations": [str(bjorn)]}).status_code == 302
    assert staff.post(f"{base}/walk-ins", data={"name": "Omar", "party_size": "2"}).status_code == 302
    assert staff.get(f"{base}/registrations.csv").status_code == 200
    assert staff.get(f"{base}/attendance-sheet").status_code == 200
    move_into_past(app, door.event_id)
    assert staff.post(f"{base}/no-shows").status_code == 302
    assert staff.post(f"{base}/report", data={"attendees": "9", "minutes": "Benches."}).status_code == 302
    with look(app):
        elsa = db.session.scalars(select(Registration.id).where(Registration.email == "elsa@example.se")).one()

    assert staff_actions(app) == [
        (A.CHECKED_IN, leader, S.REGISTRATION, amira),
        (A.CHECK_IN_UNDONE, leader, S.REGISTRATION, amira),
        (A.PROMOTED_BY_STAFF, leader, S.REGISTRATION, carla),
        (A.REGISTERED_BY_STAFF, leader, S.REGISTRATION, elsa),
        (A.CANCELLED_BY_STAFF, leader, S.REGISTRATION, bjorn),
        (A.WALK_IN_ADDED, leader, S.EVENT, door.event_id),
        (A.REGISTRATIONS_EXPORTED, leader, S.EVENT, door.event_id),
        (A.ATTENDANCE_SHEET_OPENED, leader, S.EVENT, door.event_id),
        (A.NO_SHOWS_MARKED, leader, S.EVENT, door.event_id),
        (A.CLOSING_REPORT_SAVED, leader, S.EVENT, door.event_id),
    ]
    details = {entry.action: entry.detail for entry in logged(app)}
    assert details[A.WALK_IN_ADDED] == "2"  # the group's size, not the name
    assert details[A.NO_SHOWS_MARKED] == "3"  # Amira, Carla and Elsa were not checked in; Björn is cancelled
    assert "Omar" not in str(logged(app)) and "Elsa" not in str(logged(app))


def test_moderation_log_input_edit_merge_hide_restore_and_the_csv(app):
    world = build_world(app)
    staff = logged_in(app, world.emails[Role.PROCESS_LEADER])
    leader = account_id(app, world.emails[Role.PROCESS_LEADER])
    item = {
        "rows-0-kind": "proposal",
        "rows-0-theme": "safety",
        "rows-0-title": "Light in the tunnel",
        "rows-0-body": "It is dark.",
        "rows-0-channel": "walk",
        "rows-0-people_count": "3",
    }
    edited = {
        "title": "A bench by the pond, facing west",
        "body": "Somewhere to sit.",
        "theme": "meeting_places",
        "place_description": "",
        "channel": "paper_card",
        "people_count": "2",
    }

    assert post_multipart(staff, f"/staff/events/{world.event_id}/log-input", item).status_code == 302
    [logged_id] = newest_contribution_ids(app)
    assert staff.post(f"/staff/contributions/{world.proposal_id}/edit", data=edited).status_code == 302
    merge = {"target_id": str(world.other_proposal_id), "reason": "Same bench"}
    assert staff.post(f"/staff/proposals/{world.proposal_id}/merge", data=merge).status_code == 302
    hide = {"action": "hide", "reason": "Names a neighbour"}
    assert staff.post(f"/staff/contributions/{world.feedback_id}/moderate", data=hide).status_code == 302
    assert staff.post(f"/staff/contributions/{world.feedback_id}/moderate", data=hide).status_code == 422
    restore = {"action": "restore", "reason": "Edited out"}
    assert staff.post(f"/staff/contributions/{world.feedback_id}/moderate", data=restore).status_code == 302
    assert staff.get(f"/staff/neighbourhoods/{world.slug}/contributions.csv").status_code == 200

    assert staff_actions(app) == [
        (A.INPUT_LOGGED, leader, S.EVENT, world.event_id),
        (A.CONTRIBUTION_EDITED, leader, S.CONTRIBUTION, world.proposal_id),
        (A.PROPOSAL_MERGED, leader, S.CONTRIBUTION, world.proposal_id),
        (A.CONTRIBUTION_HIDDEN, leader, S.CONTRIBUTION, world.feedback_id),
        (A.CONTRIBUTION_RESTORED, leader, S.CONTRIBUTION, world.feedback_id),
        (A.CONTRIBUTIONS_EXPORTED, leader, S.NEIGHBOURHOOD, world.neighbourhood_id),
    ]
    details = {entry.action: entry.detail for entry in logged(app)}
    assert details[A.INPUT_LOGGED] == f"#{logged_id}"
    assert details[A.PROPOSAL_MERGED] == f"→ #{world.other_proposal_id}"
    assert "neighbour" not in str(details) and "tunnel" not in str(details)  # what was written stays out


def newest_contribution_ids(app) -> list[int]:
    from dialogue.contributions.models import Contribution

    with look(app):
        return [db.session.scalars(select(Contribution.id).order_by(Contribution.id.desc())).first()]


def test_an_answer_and_a_developers_setup(app):
    with arrange(app):
        seved, lindangen = make_neighbourhood("Seved"), make_neighbourhood("Lindängen")
        owner = make_organisation_of_kind(OrganisationKind.PROPERTY_OWNER)
        developer = make_developer([seved], organisation=owner, email="builder@example.se")
        admin = make_user(Role.ADMIN, email="admin@example.se")
        proposal = make_proposal(seved)
        ids = {"developer": developer.id, "admin": admin.id, "proposal": proposal.id, "lindangen": lindangen.id}
    builder = logged_in(app, "builder@example.se")
    admin_client = logged_in(app, "admin@example.se")

    answer = {"status": "planned", "text": "Two benches in May."}
    assert builder.post(f"/review/proposals/{ids['proposal']}/answer", data=answer).status_code == 302
    setup = {"organisation": "", "neighbourhoods": [str(ids["lindangen"])]}
    assert admin_client.post(f"/staff/developers/{ids['developer']}", data=setup).status_code == 302
    assert admin_client.post(f"/staff/developers/{ids['developer']}", data=setup).status_code == 302  # no change

    assert staff_actions(app) == [
        (A.PROPOSAL_ANSWERED, ids["developer"], S.CONTRIBUTION, ids["proposal"]),
        (A.DEVELOPER_UPDATED, ids["admin"], S.USER, ids["developer"]),
    ]
    details = [entry.detail for entry in logged(app) if entry.action != A.LOGIN]
    assert details == ["new → planned", f"organisation #{owner_id(app)} → #–; + Lindängen; − Seved"]


def make_organisation_of_kind(kind):
    from tests.factories import make_organisation

    return make_organisation("MKB Fastighets AB", kind)


def owner_id(app) -> int:
    with look(app):
        return db.session.scalars(select(Organisation.id).where(Organisation.name == "MKB Fastighets AB")).one()


def test_the_registers_of_organisations_and_initiatives(app):
    with arrange(app):
        area = make_neighbourhood("Holma")
        make_event(area, starts_at=utcnow() - timedelta(days=3))
        leader = make_user(Role.PROCESS_LEADER, email="leader@example.se")
        area_id, leader_id = area.id, leader.id
    staff = logged_in(app, "leader@example.se")

    assert staff.post("/staff/organisations/new", data={"name": "Heimstaden", "kind": "builder"}).status_code == 302
    with look(app):
        organisation_id = db.session.scalars(select(Organisation.id)).one()
    base = f"/staff/organisations/{organisation_id}"
    assert staff.post(f"{base}/edit", data={"name": "Heimstaden AB", "kind": "property_owner"}).status_code == 302
    site = {"neighbourhood": str(area_id), "relation": "owns"}
    assert staff.post(f"{base}/neighbourhoods", data=site).status_code == 302
    assert staff.post(f"{base}/neighbourhoods", data=site).status_code == 422  # already linked
    assert staff.post(f"{base}/neighbourhoods/{area_id}/owns/remove").status_code == 302
    assert staff.post(f"{base}/neighbourhoods/{area_id}/owns/remove").status_code == 302  # already removed
    initiative = {"name": "Dance as a voice", "kind": "method", "status": "idea", "description": ""}
    assert staff.post("/staff/initiatives/new", data=initiative).status_code == 302
    with look(app):
        initiative_id = db.session.scalars(select(Initiative.id)).one()
    changed = initiative | {"description": "Children dance what the square needs."}
    assert staff.post(f"/staff/initiatives/{initiative_id}/edit", data=changed).status_code == 302

    assert staff_actions(app) == [
        (A.ORGANISATION_CREATED, leader_id, S.ORGANISATION, organisation_id),
        (A.ORGANISATION_UPDATED, leader_id, S.ORGANISATION, organisation_id),
        (A.ORGANISATION_LINKED, leader_id, S.ORGANISATION, organisation_id),
        (A.ORGANISATION_UNLINKED, leader_id, S.ORGANISATION, organisation_id),
        (A.INITIATIVE_CREATED, leader_id, S.INITIATIVE, initiative_id),
        (A.INITIATIVE_UPDATED, leader_id, S.INITIATIVE, initiative_id),
    ]
    assert [entry.detail for entry in logged(app, A.ORGANISATION_LINKED, A.ORGANISATION_UNLINKED)] == [
        "Holma (owns)",
        "Holma (owns)",
    ]


def test_the_privacy_purge_deleting_an_unused_account(app):
    from dialogue.privacy.purge import purge

    with arrange(app):
        unused = make_user(email="unused@example.se")
        unconfirmed = make_user(email="unconfirmed@example.se")
        unconfirmed.email_confirmed_at = None
        unused_id, unconfirmed_id = unused.id, unconfirmed.id
    later = utcnow() + timedelta(days=731)
    with app.app_context():
        purge(now=later)
        purge(now=later + timedelta(days=31))

    assert [(entry.action, entry.actor_id, entry.subject_id, entry.detail) for entry in logged(app)] == [
        (A.UNUSED_ACCOUNT_DELETED, None, unconfirmed_id, "unconfirmed"),
        (A.UNUSED_ACCOUNT_DELETED, None, unused_id, "unused"),
    ]


def test_downloads_deletions_and_requests_about_personal_data(app):
    with arrange(app):
        event = make_event()
        guest = make_registration(event, email="guest@example.se")
        resident = make_user(email="resident@example.se")
        make_user(Role.ADMIN, email="admin@example.se")
        guest_id, token, resident_id = guest.registration.id, guest.manage_token, resident.id
    admin_id = account_id(app, "admin@example.se")
    own = logged_in(app, "resident@example.se")
    assert own.get("/account/my-data.json").status_code == 200
    guest_client = app.test_client()
    assert guest_client.get(f"/registrations/{token}/my-data.json").status_code == 200
    assert guest_client.post(f"/registrations/{token}/erase", data={"confirm": "y"}).status_code == 302
    admin = logged_in(app, "admin@example.se")
    request_page = admin.post("/staff/privacy/requests", data={"email": "nobody@example.se"}).headers["Location"]
    assert admin.get(f"{request_page}/data.json").status_code == 200
    assert admin.post(f"{request_page}/erase", data={"confirm": "y"}).status_code == 302
    assert own.post("/account/delete", data={"password": "wrong password"}).status_code == 422  # no entry
    assert own.post("/account/delete", data={"password": PASSWORD}).status_code == 302

    # The resident's own entries name the account as their record; as actor it is gone with the account.
    assert staff_actions(app) == [
        (A.PERSONAL_DATA_DOWNLOADED, None, S.USER, resident_id),
        (A.PERSONAL_DATA_DOWNLOADED, None, S.REGISTRATION, guest_id),
        (A.REGISTRATION_ERASED, None, S.REGISTRATION, guest_id),
        (A.DATA_REQUEST_SEARCHED, admin_id, None, None),
        (A.DATA_REQUEST_DOWNLOADED, admin_id, None, None),
        (A.DATA_REQUEST_ERASED, admin_id, None, None),
        (A.ACCOUNT_DELETED, None, S.USER, resident_id),
    ]


def test_every_action_is_recorded_by_some_test_of_this_module():
    """A new action without a test here fails, so that none is forgotten."""
    import inspect
    import sys

    source = inspect.getsource(sys.modules[__name__])
    authentication = {
        A.ACCOUNT_CREATED,
        A.LOGIN,
        A.LOGIN_FAILED,
        A.LOGIN_BLOCKED,
        A.LOGOUT,
        A.LOGOUT_EVERYWHERE,
        A.PASSWORD_RESET_REQUESTED,
        A.PASSWORD_RESET,
        A.PASSWORD_CHANGED,
        A.ROLE_CHANGED,
    }  # tests/audit/test_authentication.py
    untested = [action for action in A if action not in authentication and f"A.{action.name}," not in source]
    assert untested == []
