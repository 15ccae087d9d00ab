"""Every authentication event is in the audit log once, with the account concerned as its actor, and never an
address that has no account nor a password or a token."""

import re

import pytest
from sqlalchemy import select

from dialogue.accounts.models import User
from dialogue.accounts.services import AccountError, NotAllowed, change_role
from dialogue.audit.models import AuditAction, AuditEntry, SubjectType
from dialogue.extensions import db
from dialogue.outbox.models import OutboxMessage
from dialogue.permissions import Role
from tests.accounts.signups import confirm, confirmation_path
from tests.audit.helpers import logged, one
from tests.factories import PASSWORD, login, make_user
from tests.support import arrange, look

NEW_PASSWORD = "tram lantern sorrel"
RESET_LINK = re.compile(r"https?://[^\s/]+(/account/reset/[A-Za-z0-9_-]+)")
REQUEST = "127.0.0.1"  # the test client's address


@pytest.fixture
def amira_id(app) -> int:
    with arrange(app):
        return make_user(email="amira@example.se", name="Amira Hassan").id


def every_column_text(app) -> str:
    with look(app):
        return " ".join(
            str(value) for entry in db.session.scalars(select(AuditEntry)) for value in vars(entry).values()
        )


def test_a_login_is_recorded_with_the_account_as_actor_and_the_address(app, client, amira_id):
    assert login(client, "amira@example.se").status_code == 302

    assert logged(app) == [(AuditAction.LOGIN, amira_id, SubjectType.USER, amira_id, None, REQUEST)]


def test_a_wrong_password_for_an_account_names_the_account_but_nobody_as_actor(app, client, amira_id):
    assert login(client, "amira@example.se", "not my password").status_code == 422

    # Anyone can type Amira's address: the attempt is about her account, not by her.
    assert logged(app) == [(AuditAction.LOGIN_FAILED, None, SubjectType.USER, amira_id, None, REQUEST)]


def test_a_failed_login_for_an_address_without_account_names_nobody(app, client, amira_id):
    assert login(client, "nobody.here@example.se", "a guess").status_code == 422

    assert logged(app) == [(AuditAction.LOGIN_FAILED, None, None, None, None, REQUEST)]
    assert "nobody.here" not in every_column_text(app)
    assert "a guess" not in every_column_text(app)


def test_a_login_refused_while_paused_is_recorded_once(app, client, amira_id):
    app.config.update(LOGIN_FAILURES_ALLOWED=1)
    login(client, "amira@example.se", "wrong")  # the first failure starts the pause

    assert login(client, "amira@example.se").status_code == 429
    assert login(client, "nobody@example.se", "x").status_code == 422
    app.config.update(LOGIN_FAILURES_ALLOWED=0)
    assert login(client, "nobody@example.se", "x").status_code == 429

    assert [(entry.action, entry.actor_id, entry.subject_id) for entry in logged(app)] == [
        (AuditAction.LOGIN_FAILED, None, amira_id),
        (AuditAction.LOGIN_BLOCKED, None, amira_id),
        (AuditAction.LOGIN_FAILED, None, None),
        (AuditAction.LOGIN_BLOCKED, None, None),
    ]


def test_logging_out_is_recorded_once_and_only_when_logged_in(app, client, amira_id):
    login(client, "amira@example.se")
    client.post("/account/logout")
    client.post("/account/logout")  # no longer logged in: nothing happens

    assert one(app, AuditAction.LOGOUT) == (AuditAction.LOGOUT, amira_id, SubjectType.USER, amira_id, None, REQUEST)


def test_logging_out_everywhere_is_recorded(app, client, amira_id):
    login(client, "amira@example.se")
    assert client.post("/account/logout-everywhere").status_code == 302

    assert one(app, AuditAction.LOGOUT_EVERYWHERE).actor_id == amira_id
    assert logged(app, AuditAction.LOGOUT) == []


def test_a_changed_password_is_recorded_and_a_refused_change_is_not(app, client, amira_id):
    login(client, "amira@example.se")
    data = {"current_password": PASSWORD, "new_password": NEW_PASSWORD, "new_password_again": NEW_PASSWORD}
    assert client.post("/account/password", data={**data, "current_password": "wrong"}).status_code == 422
    assert client.post("/account/password", data=data).status_code == 302

    assert one(app, AuditAction.PASSWORD_CHANGED) == (
        AuditAction.PASSWORD_CHANGED,
        amira_id,
        SubjectType.USER,
        amira_id,
        None,
        REQUEST,
    )
    assert NEW_PASSWORD not in every_column_text(app)


def test_a_reset_request_is_recorded_only_for_an_address_with_an_account_and_answers_the_same(app, client, amira_id):
    known = client.post("/account/forgot", data={"email": "amira@example.se"})
    unknown = client.post("/account/forgot", data={"email": "nobody@example.se"})

    assert known.status_code == unknown.status_code == 302
    assert known.headers["Location"] == unknown.headers["Location"]
    assert logged(app) == [(AuditAction.PASSWORD_RESET_REQUESTED, None, SubjectType.USER, amira_id, None, REQUEST)]
    assert "nobody@" not in every_column_text(app)


def test_a_password_chosen_through_the_link_is_recorded_without_the_token(app, client, amira_id):
    client.post("/account/forgot", data={"email": "amira@example.se"})
    with look(app):
        body = db.session.scalars(select(OutboxMessage.body_text)).one()
    path = RESET_LINK.search(body).group(1)

    response = client.post(path, data={"new_password": NEW_PASSWORD, "new_password_again": NEW_PASSWORD})
    assert response.status_code == 302
    client.post(path, data={"new_password": NEW_PASSWORD, "new_password_again": NEW_PASSWORD})  # used: 404

    assert one(app, AuditAction.PASSWORD_RESET) == (
        AuditAction.PASSWORD_RESET,
        amira_id,
        SubjectType.USER,
        amira_id,
        None,
        REQUEST,
    )
    text = every_column_text(app)
    assert path.rsplit("/", 1)[1] not in text and NEW_PASSWORD not in text


def test_a_confirmed_sign_up_is_recorded_with_the_new_account_as_actor(app, client):
    response = client.post(
        "/account/signup",
        data={
            "name": "Sara Ek",
            "email": "sara@example.se",
            "password": NEW_PASSWORD,
            "password_again": NEW_PASSWORD,
            "preferred_language": "sv",
            "old_enough": "y",
        },
    )
    assert response.status_code == 302
    assert logged(app) == []  # until the address is confirmed, the account is a wish anybody could type

    # The right password before the address is confirmed logs nobody in, so it is no login in the log either.
    assert login(client, "sara@example.se", NEW_PASSWORD).status_code == 422
    assert logged(app) == []

    assert confirm(client, confirmation_path(app, "sara@example.se")).status_code == 302
    with look(app):
        sara_id = db.session.scalars(select(User.id).where(User.email == "sara@example.se")).one()
    assert logged(app) == [
        (AuditAction.ACCOUNT_CREATED, sara_id, SubjectType.USER, sara_id, None, REQUEST),
        (AuditAction.LOGIN, sara_id, SubjectType.USER, sara_id, None, REQUEST),
    ]


# --- Roles -----------------------------------------------------------------------------------------------------


@pytest.fixture
def accounts(any_app) -> dict[str, int]:
    with arrange(any_app):
        return {
            "admin": make_user(Role.ADMIN, email="admin@example.se").id,
            "leader": make_user(Role.PROCESS_LEADER, email="leader@example.se").id,
            "resident": make_user(Role.RESIDENT, email="resident@example.se").id,
        }


def test_changing_a_role_ends_the_accounts_sessions_and_is_recorded(any_app, accounts):
    resident = any_app.test_client()
    assert login(resident, "resident@example.se").status_code == 302
    copied = any_app.test_client()
    copied.set_cookie(
        any_app.config["SESSION_COOKIE_NAME"], resident.get_cookie(any_app.config["SESSION_COOKIE_NAME"]).value
    )
    assert copied.get("/account/").status_code == 200

    with arrange(any_app):
        admin = db.session.get(User, accounts["admin"])
        change_role(db.session.get(User, accounts["resident"]), Role.PROCESS_LEADER, acting_user=admin)

    # Neither the browser nor a copy of its cookie is logged in any more: the new rights need a new login.
    for client in (resident, copied):
        response = client.get("/account/")
        assert response.status_code == 302 and response.headers["Location"].startswith("/account/login")
    with look(any_app):
        assert db.session.get(User, accounts["resident"]).role == Role.PROCESS_LEADER
    assert one(any_app, AuditAction.ROLE_CHANGED) == (
        AuditAction.ROLE_CHANGED,
        accounts["admin"],
        SubjectType.USER,
        accounts["resident"],
        "resident → process_leader",
        None,
    )


def test_only_an_administrator_changes_roles_and_only_to_another_role(any_app, accounts):
    with any_app.app_context():
        leader = db.session.get(User, accounts["leader"])
        resident = db.session.get(User, accounts["resident"])
        with pytest.raises(NotAllowed):
            change_role(resident, Role.ADMIN, acting_user=leader)
        db.session.rollback()
        with pytest.raises(AccountError):
            change_role(resident, Role.RESIDENT, acting_user=db.session.get(User, accounts["admin"]))
        db.session.rollback()

    assert logged(any_app) == []
