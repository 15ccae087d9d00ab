"""Requests by email or letter: an administrator finds everything kept about an address, downloads it and erases it
after a confirmation. Every search, download and erasure is in the audit log without the address in clear, and
the address never stands in a URL. Nobody else reaches these pages, and a made-up or expired request link is a
404. On SQLite and PostgreSQL."""

import json
import re
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from dialogue.accounts.models import User
from dialogue.audit.models import AuditAction, AuditEntry
from dialogue.contributions.models import Contribution
from dialogue.extensions import db
from dialogue.outbox.models import OutboxMessage
from dialogue.permissions import Role
from dialogue.registrations.models import Registration, RegistrationStatus
from tests.factories import make_event, make_proposal, make_registration, make_user
from tests.privacy.people import RESIDENT_EMAIL, WAITING_EMAIL, build_people
from tests.support import arrange, log_in_directly, look, use_english

GUEST_EMAIL = "Guest.Writer@Example.se"


@pytest.fixture
def world(any_app):
    """The resident with an account, and a guest without one who registered and proposed."""
    with arrange(any_app):
        people = build_people()
        event = make_event(title="Lunch seminar", capacity=1)
        guest = make_registration(event, email=GUEST_EMAIL, contact_name="Greta Guest").registration
        waiting = make_registration(event, email="next@example.se", contact_name="Next In Line").registration
        proposal = make_proposal(title="Shade at the playground", contact_email=GUEST_EMAIL)
        admin_id = db.session.scalars(select(User.id).where(User.role == Role.ADMIN)).one()
        return {"people": people, "admin": admin_id, "guest": guest.id, "waiting": waiting.id, "proposal": proposal.id}


def as_admin(app, admin_id: int):
    client = app.test_client()
    use_english(client)
    log_in_directly(client, admin_id)
    return client


def search(client, email: str) -> str:
    response = client.post("/staff/privacy/requests", data={"email": email})
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith("/staff/privacy/requests/")
    return location


@dataclass(frozen=True)
class Entry:
    subject_id: int | None
    actor_id: int | None
    detail: str


def entries(app, action: AuditAction) -> list[Entry]:
    with look(app):
        found = db.session.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id))
        return [Entry(entry.subject_id, entry.actor_id, entry.detail) for entry in found]


def test_a_guest_address_is_found_downloaded_and_erased(any_app, world):
    client = as_admin(any_app, world["admin"])
    request_page = search(client, GUEST_EMAIL)
    assert "guest" not in request_page.lower() and "example" not in request_page.lower()  # not in the URL
    html = client.get(request_page).get_data(as_text=True)
    assert "What is kept about guest.writer@example.se" in html
    assert "No account has this address." in html
    assert "Greta Guest" in html and "Lunch seminar" in html and "Shade at the playground" in html

    download = client.get(f"{request_page}/data.json")
    assert download.status_code == 200 and download.headers["Content-Disposition"].startswith("attachment;")
    assert "no-store" in download.headers["Cache-Control"]
    data = json.loads(download.get_data(as_text=True))
    assert data["account"] is None
    assert [item["id"] for item in data["registrations"]] == [world["guest"]]
    assert [item["id"] for item in data["proposals"]] == [world["proposal"]]

    confirm = client.get(f"{request_page}/erase")
    assert "Erase everything kept about guest.writer@example.se?" in confirm.get_data(as_text=True)
    assert client.post(f"{request_page}/erase", data={}).status_code == 422  # the box is not ticked
    response = client.post(f"{request_page}/erase", data={"confirm": "y"})
    assert response.status_code == 302 and response.headers["Location"] == "/staff/privacy/requests"
    assert "Everything kept about guest.writer@example.se is erased" in client.get("/staff/privacy/requests").get_data(
        as_text=True
    )

    with look(any_app):
        guest = db.session.get(Registration, world["guest"])
        assert (guest.status, guest.contact_name, guest.email) == (RegistrationStatus.CANCELLED, "", None)
        assert db.session.get(Registration, world["waiting"]).status == RegistrationStatus.CONFIRMED
        promoted = db.session.scalars(select(OutboxMessage.kind).where(OutboxMessage.to_address == "next@example.se"))
        assert list(promoted) == ["waitlisted", "promoted"]
        assert db.session.get(Contribution, world["proposal"]).contact_email is None
        assert (
            db.session.scalars(select(OutboxMessage).where(OutboxMessage.to_address == GUEST_EMAIL.lower())).all() == []
        )


def test_an_address_with_an_account_is_erased_with_the_account(any_app, world):
    people = world["people"]
    client = as_admin(any_app, world["admin"])
    request_page = search(client, RESIDENT_EMAIL.upper())
    assert "Amira Haddad" in client.get(request_page).get_data(as_text=True)
    assert client.post(f"{request_page}/erase", data={"confirm": "y"}).status_code == 302
    with look(any_app):
        assert db.session.get(User, people.resident_id) is None
        assert db.session.get(Registration, people.waiting_registration_id).status == RegistrationStatus.CONFIRMED
        assert db.session.get(Contribution, people.proposal_id).author_id is None
    [deleted] = entries(any_app, AuditAction.ACCOUNT_DELETED)
    assert (deleted.subject_id, deleted.actor_id, deleted.detail) == (people.resident_id, world["admin"], "on request")
    assert WAITING_EMAIL not in deleted.detail


def test_every_search_download_and_erasure_is_audited_without_the_address(any_app, world):
    client = as_admin(any_app, world["admin"])
    request_page = search(client, GUEST_EMAIL)
    client.get(f"{request_page}/data.json")
    client.post(f"{request_page}/erase", data={"confirm": "y"})
    search(client, GUEST_EMAIL.lower())

    searched = entries(any_app, AuditAction.DATA_REQUEST_SEARCHED)
    downloaded = entries(any_app, AuditAction.DATA_REQUEST_DOWNLOADED)
    erased = entries(any_app, AuditAction.DATA_REQUEST_ERASED)
    assert (len(searched), len(downloaded), len(erased)) == (2, 1, 1)
    every = searched + downloaded + erased
    assert {entry.actor_id for entry in every} == {world["admin"]}
    for entry in every:
        assert "guest.writer" not in entry.detail.lower() and "example" not in entry.detail
        assert re.match(r"g\*\*\*@e\*\*\*\.se #[0-9a-f]{16}", entry.detail)
    # The same address gives the same mark, so an auditor sees which entries belong together.
    assert len({entry.detail[:30] for entry in every}) == 1
    assert "1 cancelled" in erased[0].detail and "1 proposal addresses" in erased[0].detail


def test_a_staff_address_is_shown_but_not_erased(any_app, world):
    with arrange(any_app):
        make_user(Role.PROCESS_LEADER, email="leader@example.se", name="Lena Leader")
    client = as_admin(any_app, world["admin"])
    request_page = search(client, "leader@example.se")
    html = client.get(request_page).get_data(as_text=True)
    assert "Accounts of city staff are not deleted here" in html and "Erase everything</a>" not in html
    response = client.post(f"{request_page}/erase", data={"confirm": "y"})
    assert response.status_code == 422
    with look(any_app):
        assert db.session.scalars(select(User).where(User.email == "leader@example.se")).one()
    assert entries(any_app, AuditAction.DATA_REQUEST_ERASED) == []


@pytest.mark.parametrize("role", ["anonymous", Role.RESIDENT, Role.PROCESS_LEADER, Role.DEVELOPER])
def test_nobody_but_an_administrator_reaches_the_requests(any_app, world, role):
    request_page = search(as_admin(any_app, world["admin"]), GUEST_EMAIL)
    with arrange(any_app):
        user_id = None if role == "anonymous" else make_user(role).id
    client = any_app.test_client()
    if user_id is not None:
        log_in_directly(client, user_id)
    expected = 302 if role == "anonymous" else 403
    for method, url, data in (
        ("GET", "/staff/privacy/requests", None),
        ("POST", "/staff/privacy/requests", {"email": GUEST_EMAIL}),
        ("GET", request_page, None),
        ("GET", f"{request_page}/data.json", None),
        ("GET", f"{request_page}/erase", None),
        ("POST", f"{request_page}/erase", {"confirm": "y"}),
    ):
        response = client.open(url, method=method, data=data)
        assert response.status_code == expected, (method, url)
        assert b"Greta" not in response.get_data()
    with look(any_app):
        assert db.session.get(Registration, world["guest"]).contact_name == "Greta Guest"


def test_a_made_up_or_expired_request_link_is_a_404(any_app, world, monkeypatch):
    client = as_admin(any_app, world["admin"])
    request_page = search(client, GUEST_EMAIL)
    for made_up in ("/staff/privacy/requests/abc", request_page[:-3] + "xyz", "/staff/privacy/requests/" + "x" * 700):
        assert client.get(made_up).status_code == 404
        assert client.post(f"{made_up}/erase", data={"confirm": "y"}).status_code == 404
    monkeypatch.setattr("dialogue.privacy.requests.REQUEST_TOKEN_SECONDS", -1)
    assert client.get(request_page).status_code == 404
    assert client.post(f"{request_page}/erase", data={"confirm": "y"}).status_code == 404
    with look(any_app):
        assert db.session.get(Registration, world["guest"]).contact_name == "Greta Guest"


def test_the_search_refuses_what_is_no_address(any_app, world):
    client = as_admin(any_app, world["admin"])
    response = client.post("/staff/privacy/requests", data={"email": "not an address"})
    assert response.status_code == 422
    assert "Write an email address like name@example.se." in response.get_data(as_text=True)
    assert entries(any_app, AuditAction.DATA_REQUEST_SEARCHED) == []
