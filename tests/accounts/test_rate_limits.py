"""Limits per client address on the account forms (Flask-Limiter): past the configured rate a client gets the 429
page, in its language, saying when to try again and whom to call; other addresses go on; a header the client
writes itself does not make it someone else, while behind a trusted proxy the proxy's word counts."""

import pytest
from sqlalchemy import func, select

from dialogue.extensions import db
from dialogue.outbox.models import OutboxMessage
from tests.factories import PASSWORD, login, make_user
from tests.support import arrange, look, use_english


@pytest.fixture
def amira(app):
    with arrange(app):
        make_user(email="amira@example.se")


def from_address(address: str) -> dict:
    return {"environ_base": {"REMOTE_ADDR": address}}


def test_logins_from_one_address_are_limited_and_the_page_says_when_and_whom_to_call(app, client, amira):
    app.config.update(RATE_LIMIT_LOGIN="3 per minute", CONTACT_PHONE="040-12 34 56")
    use_english(client)
    codes = [login(client, "amira@example.se", "not the password").status_code for _ in range(3)]
    assert codes == [422, 422, 422]

    refused = login(client, "amira@example.se", PASSWORD)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 429
    assert "Too many attempts" in page
    assert "Try again in 1 minute. If you need help now, call 040-12 34 56." in page
    assert 0 < int(refused.headers["Retry-After"]) <= 60

    # The page itself can still be read; only sending the form is limited.
    assert client.get("/account/login").status_code == 200


def test_the_limit_page_is_in_the_readers_language(app, client, amira):
    app.config.update(RATE_LIMIT_LOGIN="1 per minute")
    login(client, "amira@example.se", "not the password")
    refused = login(client, "amira@example.se", PASSWORD)
    assert refused.status_code == 429
    assert "För många försök" in refused.get_data(as_text=True)


def test_another_address_is_not_held_back_by_the_first(app, client, amira):
    app.config.update(RATE_LIMIT_LOGIN="2 per minute")
    for _ in range(2):
        client.post("/account/login", data={"email": "x@example.se", "password": "wrong"}, **from_address("10.0.0.1"))
    assert (
        client.post("/account/login", data={"email": "x@example.se", "password": "wrong"}, **from_address("10.0.0.1"))
    ).status_code == 429

    other = client.post(
        "/account/login", data={"email": "amira@example.se", "password": PASSWORD}, **from_address("10.0.0.2")
    )
    assert other.status_code == 302


def test_a_forwarded_for_header_written_by_the_client_does_not_escape_the_limit(app, client, amira):
    app.config.update(RATE_LIMIT_LOGIN="3 per minute")  # TRUSTED_PROXY_COUNT is 0: no proxy is trusted
    codes = [
        client.post(
            "/account/login",
            data={"email": "amira@example.se", "password": "wrong"},
            headers={"X-Forwarded-For": f"203.0.113.{n}"},
        ).status_code
        for n in range(5)
    ]
    assert codes == [422, 422, 422, 429, 429]


def test_behind_a_trusted_proxy_the_address_it_saw_counts_and_a_forged_one_in_front_does_not(sqlite_url):
    from tests.conftest import make_app

    app = make_app(sqlite_url, TRUSTED_PROXY_COUNT=1, RATE_LIMIT_LOGIN="2 per minute")
    client = app.test_client()

    def through_the_proxy(forged: str, client_address: str) -> int:
        # The proxy appends the address it saw to whatever the client sent.
        return client.post(
            "/account/login",
            data={"email": "nobody@example.se", "password": "wrong"},
            headers={"X-Forwarded-For": f"{forged}, {client_address}"},
            **from_address("127.0.0.1"),
        ).status_code

    assert [through_the_proxy(f"198.51.100.{n}", "192.0.2.7") for n in range(3)] == [422, 422, 429]
    assert through_the_proxy("198.51.100.1", "192.0.2.8") == 422  # another client behind the same proxy


def test_forgot_password_mails_stop_at_the_limit(app, client, amira):
    app.config.update(RATE_LIMIT_ACCOUNT_EMAIL="2 per 10 minutes")
    codes = [client.post("/account/forgot", data={"email": "amira@example.se"}).status_code for _ in range(4)]
    assert codes == [302, 302, 429, 429]
    with look(app):
        assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 2


def test_sign_up_is_limited(app, client):
    app.config.update(RATE_LIMIT_ACCOUNT_EMAIL="1 per 10 minutes")
    form = {"email": "new@example.se", "name": "", "password": "a long and unusual phrase", "preferred_language": "sv"}
    assert client.post("/account/signup", data=form).status_code == 422  # refused forms count too
    assert client.get("/account/signup").status_code == 200  # reading the page does not
    assert client.post("/account/signup", data={**form, "name": "Ny"}).status_code == 429


def test_choosing_a_new_password_is_limited(app, client, amira):
    app.config.update(RATE_LIMIT_NEW_PASSWORD="2 per 10 minutes")
    codes = [client.post("/account/reset/made-up-token", data={}).status_code for _ in range(3)]
    assert codes == [404, 404, 429]
