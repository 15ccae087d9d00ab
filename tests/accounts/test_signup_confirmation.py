"""The link that finishes a sign-up: it is kept only as a hash and points at the public address; its page asks for
one press, which confirms the address and logs in once; a used, expired, replaced or made-up link gets a page that
says how to get a new one. An unconfirmed account cannot log in: the right password sends a new link instead."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select, text

from dialogue.accounts.models import SignupConfirmation
from dialogue.accounts.services import AccountError
from dialogue.accounts.signup import confirm_signup, sign_up, usable_confirmation
from dialogue.database import utcnow
from dialogue.extensions import db
from tests.accounts.signups import VALID, account, confirm, confirmation_path, confirmation_paths, logged_in_as, sent
from tests.accounts.signups import sign_up as sign_up_through_the_form
from tests.support import arrange, csrf_token_from, look, use_english

EMAIL = VALID["email"]


def log_in(client, password: str = VALID["password"], **extra):
    return client.post("/account/login", data={"email": EMAIL, "password": password, **extra})


def assert_the_link_no_longer_works(response) -> None:
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "This link no longer works: it was used, it expired or a newer one replaced it." in page
    assert 'href="/account/login"' in page and 'href="/account/signup"' in page


def test_opening_the_link_alone_confirms_nothing_so_a_link_checker_cannot_use_it_up(app, client):
    sign_up_through_the_form(client)
    path = confirmation_path(app, EMAIL)
    checker = app.test_client()

    assert checker.get(path).status_code == 200
    assert checker.get(path).status_code == 200

    assert logged_in_as(checker) is None
    assert account(app, EMAIL).email_confirmed_at is None
    assert confirm(client, path).status_code == 302


def test_the_link_logs_in_once(app):
    client = app.test_client()
    sign_up_through_the_form(client)
    path = confirmation_path(app, EMAIL)
    assert confirm(client, path).status_code == 302
    assert logged_in_as(client) == str(account(app, EMAIL).id)
    client.post("/account/logout")
    use_english(client)

    assert_the_link_no_longer_works(client.get(path))
    assert_the_link_no_longer_works(client.post(path.split("?")[0], data={"next": ""}))
    assert logged_in_as(client) is None


@pytest.mark.parametrize(("hours_ago", "works"), [(47, True), (48, False)], ids=["within-48-hours", "after-48-hours"])
def test_the_link_works_for_the_configured_hours(app, hours_ago, works):
    with arrange(app):
        sign_up(email=EMAIL, name="Amira Hassan", password=VALID["password"], now=utcnow() - timedelta(hours=hours_ago))
    client = app.test_client()
    use_english(client)
    path = confirmation_path(app, EMAIL)

    if works:
        assert confirm(client, path).status_code == 302
        assert logged_in_as(client) is not None
    else:
        assert_the_link_no_longer_works(client.get(path))
        assert account(app, EMAIL).email_confirmed_at is None


def test_the_hours_come_from_the_configuration(app):
    app.config["SIGNUP_CONFIRM_HOURS"] = 1
    start = utcnow()
    with arrange(app):
        sign_up(email=EMAIL, name="Amira Hassan", password=VALID["password"], now=start)
    token = confirmation_path(app, EMAIL).rsplit("/", 1)[1]

    ((_address, _subject, body),) = sent(app)
    assert "inom 1 timme för att göra klart ditt konto" in body  # the account's language, Swedish
    with look(app):
        assert usable_confirmation(token, now=start + timedelta(minutes=59)) is not None
        assert usable_confirmation(token, now=start + timedelta(hours=1)) is None


def test_a_made_up_link_gets_the_page_that_says_how_to_get_a_new_one(client):
    use_english(client)

    assert_the_link_no_longer_works(client.get("/account/confirm/made-up-token"))
    assert_the_link_no_longer_works(client.post("/account/confirm/made-up-token"))


def test_a_link_used_by_another_request_a_moment_ago_logs_in_no_more(app):
    with arrange(app):
        sign_up(email=EMAIL, name="Amira Hassan", password=VALID["password"])
    token = confirmation_path(app, EMAIL).rsplit("/", 1)[1]

    with app.app_context():
        assert usable_confirmation(token) is not None  # this request has read the link as unused ...
        db.session.execute(text("UPDATE signup_confirmations SET used_at = created_at"))  # ... another used it
        with pytest.raises(AccountError):
            confirm_signup(token)
        db.session.rollback()


def test_the_link_is_stored_hashed_and_points_at_the_public_address(app, client):
    client.post("/account/signup", data=VALID, headers={"Host": "evil.example"})

    ((_address, _subject, body),) = sent(app)
    assert app.config["PUBLIC_URL"] + "/account/confirm/" in body
    assert "evil.example" not in body
    token = confirmation_path(app, EMAIL).rsplit("/", 1)[1]
    with look(app):
        stored = db.session.scalars(select(SignupConfirmation.token_hash)).one()
    assert token not in stored and len(stored) == 64


def test_a_tampered_next_on_the_button_stays_on_this_site(app, client):
    sign_up_through_the_form(client)
    path = confirmation_path(app, EMAIL)
    assert client.get(path).status_code == 200

    response = client.post(path, data={"next": "//evil.example"})

    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_an_unconfirmed_account_cannot_log_in_and_the_right_password_sends_a_new_link(app):
    client = app.test_client()
    sign_up_through_the_form(client)
    (earlier,) = confirmation_paths(app, EMAIL)
    use_english(client)

    response = log_in(client, next="/events/")

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Confirm your email address before you log in. We have sent a new link to amira@example.se" in page
    assert logged_in_as(client) is None
    newest = confirmation_path(app, EMAIL)
    assert newest != earlier
    assert client.get(earlier).status_code == 404
    assert confirm(client, newest).headers["Location"] == "/events/"
    assert logged_in_as(client) == str(account(app, EMAIL).id)


def test_a_wrong_password_for_an_unconfirmed_account_says_only_that_it_is_wrong(app, client):
    sign_up_through_the_form(client)
    use_english(client)

    response = log_in(client, password="not the password")

    assert response.status_code == 422
    assert "The email address or the password is wrong." in response.get_data(as_text=True)
    assert "Confirm your email address" not in response.get_data(as_text=True)
    assert len(confirmation_paths(app, EMAIL)) == 1


def test_a_new_password_through_a_reset_link_confirms_the_address(app, client):
    sign_up_through_the_form(client)
    client.post("/account/forgot", data={"email": EMAIL})
    ((_address, _subject, body),) = sent(app, "password_reset")
    reset_path = re.search(r"https?://[^\s/]+(/account/reset/[A-Za-z0-9_-]+)", body).group(1)
    new_password = "tram lantern sorrel"

    client.post(reset_path, data={"new_password": new_password, "new_password_again": new_password})

    assert account(app, EMAIL).email_confirmed_at is not None
    assert log_in(client, password=new_password).status_code == 302


def test_the_button_needs_its_csrf_token(csrf_app):
    client = csrf_app.test_client()
    with arrange(csrf_app):
        sign_up(email=EMAIL, name="Amira Hassan", password=VALID["password"])
    path = confirmation_path(csrf_app, EMAIL)
    page = client.get(path)

    assert client.post(path, data={"next": ""}).status_code == 400
    assert logged_in_as(client) is None

    response = client.post(path, data={"next": "", "csrf_token": csrf_token_from(page)})
    assert response.status_code == 302
    assert logged_in_as(client) is not None
