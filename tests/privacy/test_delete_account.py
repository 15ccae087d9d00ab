"""Delete me: an account holder deletes their account after typing the password again. Upcoming registrations are
cancelled through the cancellation service, so the guest waiting behind moves up and is emailed; past ones are
anonymised; proposals and feedback stay public without a name; supports go. A wrong password, or another account's
password, keeps everything. Staff accounts are kept. On SQLite and PostgreSQL."""

import pytest
from sqlalchemy import func, select

from dialogue.accounts.models import User
from dialogue.accounts.services import change_role
from dialogue.audit.models import AuditAction, AuditEntry
from dialogue.contributions.models import Contribution, Support
from dialogue.extensions import db
from dialogue.outbox.models import OutboxMessage
from dialogue.permissions import Role
from dialogue.registrations.models import Registration, RegistrationChild, RegistrationStatus
from tests.factories import PASSWORD, make_user
from tests.privacy.people import NEIGHBOUR_EMAIL, RESIDENT_EMAIL, WAITING_EMAIL, build_people
from tests.support import arrange, log_in_directly, look, use_english


@pytest.fixture
def people(any_app):
    with arrange(any_app):
        return build_people()


def logged_in(app, user_id: int):
    client = app.test_client()
    use_english(client)
    log_in_directly(client, user_id)
    return client


def emails_to(address: str) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.to_address == address)))


def test_the_page_says_what_happens_and_lists_the_registrations_it_cancels(any_app, people):
    html = logged_in(any_app, people.resident_id).get("/account/delete").get_data(as_text=True)
    assert "<h1>Delete my account</h1>" in html
    assert "Evening on the square" in html and "Walk through the park" in html  # cancelled
    assert "Dance workshop for families" not in html  # held: anonymised, not cancelled
    assert 'autocomplete="current-password"' in html


def test_a_wrong_password_keeps_everything_and_says_so_next_to_the_field(any_app, people):
    client = logged_in(any_app, people.resident_id)
    with look(any_app):
        before = len(db.session.scalars(select(AuditEntry)).all())
    response = client.post("/account/delete", data={"password": "not my password"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert '<p class="field-error" id="password-error">' in html
    assert "The password is wrong. Nothing has been deleted." in html

    assert client.get("/account/").status_code == 200  # still logged in
    with look(any_app):
        assert db.session.get(User, people.resident_id) is not None
        assert db.session.get(Registration, people.upcoming_registration_id).status == RegistrationStatus.CONFIRMED
        assert db.session.get(Registration, people.held_registration_id).contact_name == "Amira Haddad"
        assert len(db.session.scalars(select(AuditEntry)).all()) == before


def test_another_accounts_password_deletes_nothing(any_app, people):
    """Someone at the neighbour's unlocked computer who knows the resident's password still deletes nobody: the
    page deletes only the logged-in account, and only with its own password."""
    client = logged_in(any_app, people.neighbour_id)
    with arrange(any_app):
        db.session.get(User, people.neighbour_id).set_password("the neighbours own passphrase")
    assert client.post("/account/delete", data={"password": PASSWORD}).status_code == 422
    with look(any_app):
        assert db.session.get(User, people.resident_id) is not None
        assert db.session.get(User, people.neighbour_id) is not None


def test_deleting_cancels_upcoming_anonymises_the_past_and_keeps_contributions(any_app, people):
    client = logged_in(any_app, people.resident_id)
    response = client.post("/account/delete", data={"password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/account/deleted"
    page = client.get("/account/deleted").get_data(as_text=True)
    assert "<h1>Your account is deleted</h1>" in page
    assert "2 registrations for events still to come are cancelled" in page
    assert "3 registrations are kept without your name" in page
    assert "2 proposals and feedback stay public, without your name." in page
    assert "1 support of a proposal is deleted." in page
    # The session ended with the account.
    assert client.get("/account/").headers["Location"].startswith("/account/login")

    with look(any_app):
        assert db.session.get(User, people.resident_id) is None
        for registration_id in (people.upcoming_registration_id, people.guest_registration_id):
            cancelled = db.session.get(Registration, registration_id)
            assert cancelled.status == RegistrationStatus.CANCELLED
            assert (cancelled.contact_name, cancelled.email, cancelled.user_id) == ("", None, None)
        held = db.session.get(Registration, people.held_registration_id)
        assert held.status == RegistrationStatus.CONFIRMED and (held.adults, held.children) == (1, 2)
        assert (held.contact_name, held.email, held.interpreter_language, held.access_note) == ("", None, None, "")
        assert held.anonymised_at is not None and held.manage_token_hash is None
        assert db.session.scalar(select(func.count()).select_from(RegistrationChild)) == 0

        # The guest waiting behind moved up into the freed places, and is told as usual.
        assert db.session.get(Registration, people.waiting_registration_id).status == RegistrationStatus.CONFIRMED
        assert [message.kind for message in emails_to(WAITING_EMAIL)] == ["waitlisted", "promoted"]
        # The resident is emailed nothing more; what she was sent is emptied.
        messages = db.session.scalars(select(OutboxMessage)).all()
        assert not [message for message in messages if RESIDENT_EMAIL in (message.to_address + message.body_text)]
        assert not [message for message in messages if "Amira" in message.body_text + message.to_name]

        proposal = db.session.get(Contribution, people.proposal_id)
        assert proposal.author_id is None and proposal.contact_email is None and proposal.is_public
        assert db.session.get(Contribution, people.feedback_id).author_id is None
        assert db.session.scalar(select(func.count()).select_from(Support)) == 0
        # The neighbour's registration on the same event is untouched.
        assert db.session.get(Registration, people.neighbour_registration_id).contact_name == "Nora Neighbour"
        assert emails_to(NEIGHBOUR_EMAIL)
        entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == AuditAction.ACCOUNT_DELETED)).one()
        assert (entry.subject_id, entry.actor_id, entry.detail) == (people.resident_id, None, "by its owner")

    public = any_app.test_client().get(f"/proposals/{people.proposal_id}").get_data(as_text=True)
    assert "A bench under the lime trees" in public and "Amira" not in public


def test_the_promoted_guest_is_emailed_by_the_outbox(any_app, people, smtp_server):
    from dialogue.outbox.smtp import MailSettings, mailer_for
    from dialogue.outbox.worker import send_due

    assert (
        logged_in(any_app, people.resident_id).post("/account/delete", data={"password": PASSWORD}).status_code == 302
    )
    with any_app.app_context():
        settings = MailSettings.from_config({**any_app.config, **smtp_server.mail_settings()})
        send_due(settings, mailer_for(settings))
    subjects = [mail.subject for mail in smtp_server.to(WAITING_EMAIL)]
    assert len(subjects) == 2 and "Evening on the square" in subjects[-1]
    assert smtp_server.to(RESIDENT_EMAIL) == []


@pytest.mark.parametrize("role", [Role.PROCESS_LEADER, Role.ADMIN])
def test_a_staff_account_is_kept_and_the_only_administrator_stays(any_app, role):
    with arrange(any_app):
        staff_id = make_user(role, email="staff@example.se").id
    client = logged_in(any_app, staff_id)
    page = client.get("/account/delete")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Accounts of city staff are not deleted here" in html and 'name="password"' not in html
    assert client.post("/account/delete", data={"password": PASSWORD}).status_code == 403
    with look(any_app):
        assert db.session.get(User, staff_id).role == role


def test_a_former_staff_account_made_a_resident_can_be_deleted(any_app):
    with arrange(any_app):
        admin = make_user(Role.ADMIN, email="admin@example.se")
        leader = make_user(Role.PROCESS_LEADER, email="leader@example.se")
        change_role(leader, Role.RESIDENT, admin)
        leader_id = leader.id
    client = logged_in(any_app, leader_id)
    with look(any_app):
        version = db.session.get(User, leader_id).session_version
    with client.session_transaction() as session:
        session["session_version"] = version  # the role change ended the old sessions; this is a new login
    assert client.post("/account/delete", data={"password": PASSWORD}).status_code == 302
    with look(any_app):
        assert db.session.get(User, leader_id) is None


def test_without_a_login_deleting_asks_to_log_in(any_app):
    client = any_app.test_client()
    for response in (client.get("/account/delete"), client.post("/account/delete", data={"password": PASSWORD})):
        assert response.status_code == 302 and response.headers["Location"].startswith("/account/login")


def test_the_page_after_deleting_speaks_the_accounts_language(any_app):
    with arrange(any_app):
        user_id = make_user(email="sam@example.se", preferred_language="en").id
    client = any_app.test_client()  # no language chosen in the session: the account's is used
    log_in_directly(client, user_id)
    assert client.post("/account/delete", data={"password": PASSWORD}).status_code == 302
    assert "<h1>Your account is deleted</h1>" in client.get("/account/deleted").get_data(as_text=True)
    assert '<html lang="en"' in client.get("/").get_data(as_text=True)
