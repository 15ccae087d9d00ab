"""The account page: change the password (the current one first) and log out everywhere; both end the
account's other sessions."""

import pytest
from flask import url_for

from tests.events.pages import field_error
from tests.factories import PASSWORD, login, make_user
from tests.support import arrange, csrf_token_from, log_in_with_token, use_english

NEW_PASSWORD = "tram lantern sorrel"


@pytest.fixture
def amira(app):
    with arrange(app):
        make_user(email="amira@example.se", name="Amira Hassan")


@pytest.fixture
def my_registrations(app) -> str:
    with app.test_request_context():
        return url_for("registrations.my_registrations")


def change(client, **changes):
    data = {"current_password": PASSWORD, "new_password": NEW_PASSWORD, "new_password_again": NEW_PASSWORD}
    return client.post("/account/password", data={**data, **changes})


def test_the_account_page_needs_a_login_and_links_to_it_from_the_menu(app, client, amira):
    assert client.get("/account/").status_code == 302
    login(client, "amira@example.se")
    use_english(client)

    page = client.get("/account/").get_data(as_text=True)

    assert "Amira Hassan" in page and "amira@example.se" in page
    assert 'href="/account/password"' in page and "Log out everywhere" in page
    assert 'href="/account/"' in client.get("/").get_data(as_text=True)


def test_changing_the_password_asks_for_the_current_one(app, client, amira):
    login(client, "amira@example.se")
    use_english(client)

    response = change(client, current_password="not my password")

    assert response.status_code == 422
    assert field_error(response, "current_password") == "The current password is wrong."
    assert login(app.test_client(), "amira@example.se", PASSWORD).status_code == 302


def test_a_new_password_follows_the_same_rules_as_at_signup(app, client, amira):
    login(client, "amira@example.se")
    use_english(client)

    response = change(client, new_password="Amira Hassan", new_password_again="Amira Hassan")

    assert response.status_code == 422
    assert field_error(response, "new_password") == "The password must not be your email address or your name."


def test_a_changed_password_keeps_this_browser_and_logs_out_the_others(app, client, amira, my_registrations):
    other_device = app.test_client()
    login(other_device, "amira@example.se")
    login(client, "amira@example.se")

    response = change(client)

    assert response.status_code == 302 and response.headers["Location"].endswith("/account/")
    assert client.get(my_registrations).status_code == 200
    assert other_device.get(my_registrations).status_code == 302
    assert login(app.test_client(), "amira@example.se", PASSWORD).status_code == 422
    assert login(app.test_client(), "amira@example.se", NEW_PASSWORD).status_code == 302


def test_log_out_everywhere_ends_every_session_this_one_too(app, client, amira, my_registrations):
    other_device = app.test_client()
    login(other_device, "amira@example.se")
    login(client, "amira@example.se")

    assert client.post("/account/logout-everywhere").status_code == 302

    assert client.get(my_registrations).status_code == 302
    assert other_device.get(my_registrations).status_code == 302


def test_without_its_token_the_password_form_is_refused(csrf_app):
    with arrange(csrf_app):
        make_user(email="amira@example.se")
    client = log_in_with_token(csrf_app.test_client(), "amira@example.se")
    assert csrf_token_from(client.get("/account/password"))

    data = {"current_password": PASSWORD, "new_password": NEW_PASSWORD, "new_password_again": NEW_PASSWORD}
    assert client.post("/account/password", data=data).status_code == 400
    log_in_with_token(csrf_app.test_client(), "amira@example.se", PASSWORD)  # the password is still the old one
