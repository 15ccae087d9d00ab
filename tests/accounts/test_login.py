"""Logging in and out: messages, the session, redirects after login and the session cookie."""

import time

import pytest
from flask import url_for

from dialogue.accounts.models import User
from dialogue.extensions import db
from dialogue.permissions import Role
from tests.events.pages import field_error
from tests.factories import PASSWORD, login, make_user
from tests.support import use_english


@pytest.fixture
def my_registrations(app) -> str:
    with app.test_request_context():
        return url_for("registrations.my_registrations")


@pytest.fixture
def user_id(app):
    with app.app_context():
        user = make_user(email="amira@example.se")
        db.session.commit()
        return user.id


def logged_in_as(client) -> str | None:
    with client.session_transaction() as session:
        return session.get("_user_id")


def test_login_with_the_right_password_starts_a_session(client, user_id, my_registrations):
    response = login(client, "Amira@Example.se")

    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert logged_in_as(client) == str(user_id)
    assert client.get(my_registrations).status_code == 200


@pytest.mark.parametrize("email", ["amira@example.se", "nobody@example.se"], ids=["wrong-password", "unknown-email"])
def test_wrong_password_or_unknown_email_gives_one_message_and_no_session(client, user_id, email):
    use_english(client)

    response = client.post("/account/login", data={"email": email, "password": "not the password"})

    assert response.status_code == 422
    assert field_error(response, "password") == "The email address or the password is wrong."
    assert logged_in_as(client) is None


def test_login_form_needs_both_fields(client, user_id):
    response = client.post("/account/login", data={"email": "", "password": ""})

    assert response.status_code == 422
    assert field_error(response, "email")
    assert field_error(response, "password")
    assert logged_in_as(client) is None


def test_session_is_cleared_at_login_but_the_chosen_language_survives(client, user_id):
    use_english(client)
    with client.session_transaction() as session:
        session["planted"] = "by someone before login"

    login(client, "amira@example.se")

    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["language"] == "en"
        assert session["_user_id"] == str(user_id)
    assert 'lang="en"' in client.get("/").get_data(as_text=True)


def test_the_message_after_logging_in_or_out_is_in_the_language_of_the_page_it_is_shown_on(client, user_id):
    # Amira's account is in Swedish; her browser asks for English, and she chose no language on the site.
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    assert 'lang="en"' in client.get("/account/login").get_data(as_text=True)

    page = client.post(
        "/account/login", data={"email": "amira@example.se", "password": PASSWORD}, follow_redirects=True
    ).get_data(as_text=True)
    assert 'lang="sv"' in page  # the account's language, from now on
    assert "Du är inloggad." in page and "You are logged in." not in page

    page = client.post("/account/logout", follow_redirects=True).get_data(as_text=True)
    assert 'lang="en"' in page  # the browser's again
    assert "You are logged out." in page and "Du är utloggad." not in page


def test_a_language_chosen_on_the_site_stays_for_the_message_after_logging_in(client, user_id):
    client.post("/language", data={"language": "ar", "next": "/"})

    page = client.post(
        "/account/login", data={"email": "amira@example.se", "password": PASSWORD}, follow_redirects=True
    ).get_data(as_text=True)

    assert 'lang="ar"' in page
    assert "لقد سجّلت الدخول." in page


def test_logout_is_post_only(client, user_id, my_registrations):
    login(client, "amira@example.se")

    assert client.get("/account/logout").status_code == 405
    assert logged_in_as(client) == str(user_id)

    use_english(client)
    response = client.post("/account/logout")

    assert response.status_code == 302
    assert logged_in_as(client) is None
    with client.session_transaction() as session:
        assert session["language"] == "en"
    assert client.get(my_registrations).status_code == 302  # sent to log in again


@pytest.mark.parametrize(
    "target",
    [
        "http://evil.example",
        "https://evil.example/events/",
        "//evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "events/",
    ],
)
def test_next_to_another_site_is_ignored(client, user_id, target):
    response = client.post("/account/login", data={"email": "amira@example.se", "password": PASSWORD, "next": target})

    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_next_on_this_site_is_followed(client, user_id):
    response = client.post(
        "/account/login", data={"email": "amira@example.se", "password": PASSWORD, "next": "/events/"}
    )

    assert response.headers["Location"] == "/events/"


def test_login_page_carries_next_from_the_link_into_the_form(client, user_id):
    page = client.get("/account/login?next=/events/").get_data(as_text=True)

    assert 'name="next" type="hidden" value="/events/"' in page


def test_page_that_needs_login_sends_back_after_login(client, user_id, my_registrations):
    response = client.get(my_registrations)
    assert response.status_code == 302
    assert "/account/login" in response.headers["Location"]

    login_page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f'value="{my_registrations}"' in login_page


def test_session_cookie_is_httponly_and_samesite_lax(client, user_id):
    response = login(client, "amira@example.se")

    cookies = [header for header in response.headers.getlist("Set-Cookie") if header.startswith("session=")]
    assert cookies, "login set no session cookie"
    attributes = {part.strip().lower() for part in cookies[-1].split(";")[1:]}
    assert "httponly" in attributes
    assert "samesite=lax" in attributes


def test_a_copied_session_cookie_opens_nothing_after_logout(app, client, user_id, my_registrations):
    assert login(client, "amira@example.se").status_code == 302
    copied = client.get_cookie("session").value
    assert client.get(my_registrations).status_code == 200

    assert client.post("/account/logout").status_code == 302

    thief = app.test_client()
    thief.set_cookie("session", copied)
    response = thief.get(my_registrations)
    assert response.status_code == 302
    assert "/account/login" in response.headers["Location"]


def test_logging_out_in_one_browser_ends_the_sessions_in_the_others(app, user_id, my_registrations):
    phone, laptop = app.test_client(), app.test_client()
    assert login(phone, "amira@example.se").status_code == 302
    assert login(laptop, "amira@example.se").status_code == 302

    laptop.post("/account/logout")

    assert phone.get(my_registrations).status_code == 302
    assert login(phone, "amira@example.se").status_code == 302
    assert phone.get(my_registrations).status_code == 200


def _age_the_session(client, started_ago: int, seen_ago: int) -> None:
    now = int(time.time())
    with client.session_transaction() as session:
        session["session_started"], session["session_seen"] = now - started_ago, now - seen_ago


@pytest.mark.parametrize(
    ("role", "idle_setting"),
    [(Role.RESIDENT, "SESSION_IDLE_MINUTES"), (Role.PROCESS_LEADER, "SESSION_IDLE_MINUTES_STAFF")],
)
def test_a_session_ends_after_its_idle_time_which_is_shorter_for_staff(
    app, client, my_registrations, role, idle_setting
):
    with app.app_context():
        make_user(role=role, email="idle@example.se")
        db.session.commit()
    assert app.config["SESSION_IDLE_MINUTES_STAFF"] < app.config["SESSION_IDLE_MINUTES"]
    assert login(client, "idle@example.se").status_code == 302
    idle = app.config[idle_setting] * 60

    _age_the_session(client, started_ago=idle - 5, seen_ago=idle - 5)
    assert client.get(my_registrations).status_code == 200  # and the request counts as activity

    _age_the_session(client, started_ago=idle + 5, seen_ago=idle + 5)
    response = client.get(my_registrations)
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]


def test_a_busy_session_still_ends_after_its_lifetime(app, client, user_id, my_registrations):
    assert app.config["SESSION_LIFETIME_HOURS_STAFF"] < app.config["SESSION_LIFETIME_HOURS"]
    assert login(client, "amira@example.se").status_code == 302

    _age_the_session(client, started_ago=app.config["SESSION_LIFETIME_HOURS"] * 3600 + 5, seen_ago=1)

    assert client.get(my_registrations).status_code == 302


def test_a_deleted_accounts_session_cookie_opens_nothing(app, client, user_id, my_registrations):
    assert login(client, "amira@example.se").status_code == 302
    assert client.get(my_registrations).status_code == 200

    with app.app_context():
        db.session.delete(db.session.get(User, user_id))
        db.session.commit()

    response = client.get(my_registrations)
    assert response.status_code == 302
    assert "/account/login" in response.headers["Location"]
