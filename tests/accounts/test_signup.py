"""Creating an account: what is checked, what is stored, the link that finishes it, and that the new user is
logged in through that link."""

import pytest
from sqlalchemy import func, select

from dialogue.accounts.models import User
from dialogue.extensions import db
from dialogue.permissions import Role
from tests.accounts.signups import VALID, account, confirm, confirmation_path, logged_in_as, sent, sign_up
from tests.events.pages import field_error
from tests.factories import make_user
from tests.support import arrange, use_english


def user_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(User))


def test_signup_makes_an_unconfirmed_resident_and_emails_the_link_instead_of_logging_in(app, client):
    response = sign_up(client, email="Amira@Example.SE", preferred_language="en")

    assert response.status_code == 302
    assert response.headers["Location"] == "/account/signup/sent"
    user = account(app, "amira@example.se")
    assert user.name == "Amira Hassan"
    assert user.role == Role.RESIDENT
    assert user.email_confirmed_at is None
    assert logged_in_as(client) is None
    ((address, subject, body),) = sent(app)
    assert address == "amira@example.se"
    assert subject == "Finish creating your account on Dialogue"
    assert "within 48 hours; it works once" in body


def test_the_link_confirms_the_address_and_logs_the_resident_in(app, client):
    sign_up(client, email="Amira@Example.SE")

    response = confirm(client, confirmation_path(app, "amira@example.se"))

    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    user = account(app, "amira@example.se")
    assert user.email_confirmed_at is not None
    assert logged_in_as(client) == str(user.id)
    assert "Välkommen, Amira Hassan! Ditt konto är klart." in client.get("/").get_data(as_text=True)


def test_password_is_stored_hashed_with_the_configured_method(app, client):
    sign_up(client)

    with app.app_context():
        user = db.session.scalars(select(User)).one()
        assert user.password_hash.startswith(app.config["PASSWORD_HASH_METHOD"] + "$")
        assert VALID["password"] not in user.password_hash
        assert user.check_password(VALID["password"])
        assert not user.check_password("another password")


def test_signing_up_again_with_other_letter_case_adds_no_account_and_logs_nobody_in(app, client):
    with arrange(app):
        make_user(email="foo@x.se")

    response = sign_up(client, email="FOO@x.se")

    assert response.status_code == 302
    assert field_error(response, "email") is None
    with app.app_context():
        assert db.session.scalar(select(func.count()).where(User.email == "foo@x.se")) == 1
    assert logged_in_as(client) is None


def test_a_taken_address_is_never_called_taken_in_english(client, app):
    with arrange(app):
        make_user(email="foo@x.se")
    use_english(client)

    response = sign_up(client, email="FOO@X.SE")
    page = client.get(response.headers["Location"]).get_data(as_text=True)

    assert "We have sent an email to FOO@X.SE. Open the link in it within 48 hours" in page
    assert "already exists" not in page


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"name": "x" * 121}, "name"),
        ({"email": ""}, "email"),
        ({"email": "not-an-email"}, "email"),
        ({"email": "two@@x.se"}, "email"),
        ({"email": "space in@x.se"}, "email"),
        ({"email": "nobody@"}, "email"),
        ({"password": "7chars!", "password_again": "7chars!"}, "password"),
        ({"password": "", "password_again": ""}, "password"),
        ({"password_again": "something else"}, "password_again"),
        ({"preferred_language": "xx"}, "preferred_language"),
    ],
    ids=[
        "empty-name",
        "blank-name",
        "name-121",
        "empty-email",
        "no-at",
        "two-ats",
        "space",
        "no-domain",
        "short-password",
        "empty-password",
        "passwords-differ",
        "unknown-language",
    ],
)
def test_bad_input_is_refused_next_to_its_field_and_nothing_is_stored(app, client, changes, field):
    response = sign_up(client, **changes)

    assert response.status_code == 422
    assert field_error(response, field), f"no error next to {field}"
    assert user_count(app) == 0
    assert sent(app) == []


def test_limits_are_inclusive(app, client):
    response = sign_up(client, name="x" * 120, password="8 chars!", password_again="8 chars!")

    assert response.status_code == 302
    assert user_count(app) == 1


def test_signup_follows_a_local_next_but_not_another_site(app, client):
    sign_up(client, next="/events/")
    assert confirm(client, confirmation_path(app, "amira@example.se")).headers["Location"] == "/events/"
    client.post("/account/logout")
    sign_up(client, email="other@example.se", next="//evil.example")
    path = confirmation_path(app, "other@example.se")
    assert "evil" not in path
    assert confirm(client, path).headers["Location"] == "/"
