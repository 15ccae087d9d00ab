"""Creating an account: what is checked, what is stored, and that the new user is logged in."""

import pytest
from sqlalchemy import func, select

from dialogue.accounts.models import User
from dialogue.extensions import db
from dialogue.permissions import Role
from tests.events.pages import field_error
from tests.factories import make_user
from tests.support import use_english

VALID = {
    "name": "Amira Hassan",
    "email": "amira@example.se",
    "password": "long enough",
    "password_again": "long enough",
    "preferred_language": "sv",
}


def signup(client, **changes):
    return client.post("/account/signup", data={**VALID, **changes})


def user_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(User))


def test_signup_creates_a_resident_and_logs_them_in(app, client):
    response = signup(client, email="Amira@Example.SE")

    assert response.status_code == 302
    with app.app_context():
        user = db.session.scalars(select(User)).one()
        assert user.email == "amira@example.se"
        assert user.name == "Amira Hassan"
        assert user.role == Role.RESIDENT
    with client.session_transaction() as session:
        assert session["_user_id"] == str(user.id)


def test_password_is_stored_hashed_with_the_configured_method(app, client):
    signup(client)

    with app.app_context():
        user = db.session.scalars(select(User)).one()
        assert user.password_hash.startswith(app.config["PASSWORD_HASH_METHOD"] + "$")
        assert VALID["password"] not in user.password_hash
        assert user.check_password(VALID["password"])
        assert not user.check_password("another password")


def test_signing_up_again_with_other_letter_case_is_refused_next_to_the_email(app, client):
    with app.app_context():
        make_user(email="foo@x.se")
        db.session.commit()

    response = signup(client, email="FOO@x.se")

    assert response.status_code == 422
    assert field_error(response, "email")
    with app.app_context():
        assert db.session.scalar(select(func.count()).where(User.email == "foo@x.se")) == 1
    with client.session_transaction() as session:
        assert "_user_id" not in session


def test_duplicate_email_message_is_understandable_in_english(client, app):
    with app.app_context():
        make_user(email="foo@x.se")
        db.session.commit()
    use_english(client)

    response = signup(client, email="FOO@X.SE")

    assert field_error(response, "email") == "An account with this email address already exists. Log in instead."


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
    response = signup(client, **changes)

    assert response.status_code == 422
    assert field_error(response, field), f"no error next to {field}"
    assert user_count(app) == 0


def test_limits_are_inclusive(app, client):
    response = signup(client, name="x" * 120, password="8 chars!", password_again="8 chars!")

    assert response.status_code == 302
    assert user_count(app) == 1


def test_signup_follows_a_local_next_but_not_another_site(client):
    assert signup(client, next="/events/").headers["Location"] == "/events/"
    client.post("/account/logout")
    assert signup(client, email="other@example.se", next="//evil.example").headers["Location"] == "/"
