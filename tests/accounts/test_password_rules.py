"""Passwords people choose: common ones and their own email or name are refused with a reason; login spends the
same work on an unknown address as on a known one, and a hash made with older parameters is made anew."""

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from dialogue.accounts import passwords
from dialogue.accounts.models import User
from dialogue.accounts.passwords import common_passwords, password_refusal
from dialogue.extensions import db
from tests.events.pages import field_error
from tests.factories import login, make_user
from tests.support import arrange, look, use_english

VALID = {
    "name": "Amira Hassan",
    "email": "amira.hassan@example.se",
    "password": "tram lantern sorrel",
    "password_again": "tram lantern sorrel",
    "preferred_language": "sv",
    "old_enough": "y",
}


def test_the_common_list_holds_the_ten_thousand_most_common_passwords_and_more():
    assert len(common_passwords()) >= 10_000
    assert {"123456", "password", "qwerty", "12345678", "password1"} <= common_passwords()


@pytest.mark.parametrize("password", ["password1", "12345678", "Password123", "QWERTY123", "iloveyou"])
def test_common_passwords_are_refused_whatever_their_capitals(app, password):
    with app.test_request_context(), force_locale("en"):
        assert "most common passwords" in str(password_refusal(password, "amira@example.se", "Amira"))


@pytest.mark.parametrize(
    "password", ["amira.hassan@example.se", "AMIRA.HASSAN@EXAMPLE.SE", "amira.hassan", "Amira Hassan", "amirahassan"]
)
def test_the_accounts_own_email_or_name_is_refused(app, password):
    with app.test_request_context(), force_locale("en"):
        refusal = password_refusal(password, "amira.hassan@example.se", "Amira Hassan")
        assert str(refusal) == "The password must not be your email address or your name."


@pytest.mark.parametrize("password", ["tram lantern sorrel", "Sege å i november", "korvbröd+7+kaffe"])
def test_an_uncommon_password_of_eight_or_more_characters_is_accepted(app, password):
    with app.test_request_context(), force_locale("en"):
        assert password_refusal(password, "amira.hassan@example.se", "Amira Hassan") is None


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("7chars!", "The password must be at least 8 characters."),
        ("x" * 201, "The password must be between 8 and 200 characters."),
    ],
)
def test_too_short_or_too_long_is_refused(app, password, message):
    with app.test_request_context(), force_locale("en"):
        assert str(password_refusal(password)) == message


def test_signup_with_a_common_password_says_why_next_to_the_field(app, client):
    use_english(client)
    response = client.post(
        "/account/signup", data={**VALID, "password": "Password123", "password_again": "Password123"}
    )

    assert response.status_code == 422
    assert "most common passwords" in field_error(response, "password")
    with look(app):
        assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_signup_with_the_name_as_password_is_refused_in_swedish(app, client):
    response = client.post(
        "/account/signup", data={**VALID, "password": "Amira Hassan", "password_again": "Amira Hassan"}
    )

    assert response.status_code == 422
    assert field_error(response, "password") == ("Lösenordet får inte vara din e-postadress eller ditt namn.")


def test_the_signup_page_recommends_fifteen_characters(client):
    use_english(client)
    assert "15 or more is safer" in client.get("/account/signup").get_data(as_text=True)


def test_an_unknown_address_costs_a_password_check_like_a_known_one(app, client, monkeypatch):
    with arrange(app):
        make_user(email="known@example.se")
    checked = []
    real_check = passwords.check_password_hash
    monkeypatch.setattr(passwords, "check_password_hash", lambda *args: checked.append(args) or real_check(*args))

    assert login(client, "nobody@example.se", "tram lantern sorrel").status_code == 422

    assert len(checked) == 1
    assert checked[0][0].startswith(app.config["PASSWORD_HASH_METHOD"] + "$")


def test_a_hash_with_older_parameters_is_made_anew_at_login(app, client):
    with arrange(app):
        user = make_user(email="old@example.se")
        user.password_hash = generate_password_hash("tram lantern sorrel", method="scrypt")

    assert login(client, "old@example.se", "tram lantern sorrel").status_code == 302

    with look(app):
        stored = db.session.scalars(select(User.password_hash).where(User.email == "old@example.se")).one()
    assert stored.startswith(app.config["PASSWORD_HASH_METHOD"] + "$")
    assert not stored.startswith("scrypt:")


def test_a_hash_made_with_todays_method_is_left_as_it_is_at_login(app, client):
    app.config["PASSWORD_HASH_METHOD"] = "scrypt"  # production's setting, which names no parameters
    with arrange(app):
        user = make_user(email="new@example.se")
        user.password_hash = generate_password_hash("tram lantern sorrel", method="scrypt")
        current = user.password_hash

    assert login(client, "new@example.se", "tram lantern sorrel").status_code == 302

    with look(app):
        assert db.session.scalars(select(User.password_hash).where(User.email == "new@example.se")).one() == current


def test_a_wrong_password_leaves_an_old_hash_alone(app, client):
    old = generate_password_hash("tram lantern sorrel", method="scrypt")
    with arrange(app):
        make_user(email="old@example.se").password_hash = old

    assert login(client, "old@example.se", "not the password").status_code == 422

    with look(app):
        assert db.session.scalars(select(User.password_hash).where(User.email == "old@example.se")).one() == old
