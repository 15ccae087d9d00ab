"""A forgotten password: the same answer whether or not an address has an account, a single-use link by email in
the account's language that expires, stored only as a hash; using it ends every session of the account."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from dialogue.accounts.models import PasswordResetToken
from dialogue.database import utcnow
from dialogue.extensions import db
from dialogue.outbox.models import OutboxMessage
from tests.events.pages import field_error
from tests.factories import PASSWORD, login, make_user
from tests.support import arrange, look, use_english

NEW_PASSWORD = "tram lantern sorrel"
LINK = re.compile(r"https?://[^\s/]+(/account/reset/[A-Za-z0-9_-]+)")


@pytest.fixture
def amira(app):
    with arrange(app):
        make_user(email="amira@example.se", name="Amira Hassan", preferred_language="en")


def ask(client, email: str):
    return client.post("/account/forgot", data={"email": email})


def sent(app) -> list[OutboxMessage]:
    with look(app):
        messages = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "password_reset")).all()
        return [(message.to_address, message.subject, message.body_text) for message in messages]


def reset_path(app) -> str:
    (_address, _subject, body), *_ = sent(app)
    return LINK.search(body).group(1)


def choose(client, path: str, password: str = NEW_PASSWORD):
    return client.post(path, data={"new_password": password, "new_password_again": password})


def test_the_login_page_links_to_the_forgotten_password_page(client):
    assert 'href="/account/forgot"' in client.get("/account/login").get_data(as_text=True)


def test_a_known_and_an_unknown_address_get_the_same_answer(app, client, amira):
    use_english(client)
    known, unknown = ask(client, "amira@example.se"), ask(client, "nobody@example.se")

    assert known.status_code == unknown.status_code == 302
    assert known.headers["Location"] == unknown.headers["Location"]
    page = client.get(known.headers["Location"]).get_data(as_text=True)
    assert "If an account has the address" in page
    assert [address for address, _subject, _body in sent(app)] == ["amira@example.se"]


def test_the_email_is_in_the_accounts_language_and_the_link_is_stored_hashed(app, client, amira):
    ask(client, "Amira@Example.se")

    ((address, subject, body),) = sent(app)
    assert subject == "Choose a new password for Dialogue"
    assert "within 60 minutes" in body
    token = reset_path(app).rsplit("/", 1)[1]
    with look(app):
        stored = db.session.scalars(select(PasswordResetToken.token_hash)).one()
    assert token not in stored and len(stored) == 64


def test_the_link_sets_a_new_password_once_and_ends_every_session(app, client, amira):
    other_device = app.test_client()
    login(other_device, "amira@example.se")
    ask(client, "amira@example.se")
    path = reset_path(app)

    assert client.get(path).status_code == 200
    response = choose(client, path)

    assert response.status_code == 302 and response.headers["Location"].endswith("/account/login")
    assert other_device.get("/my/registrations").status_code == 302
    assert login(app.test_client(), "amira@example.se", PASSWORD).status_code == 422
    assert login(app.test_client(), "amira@example.se", NEW_PASSWORD).status_code == 302
    assert client.get(path).status_code == 404
    assert choose(client, path, "another long passphrase").status_code == 404


def test_the_new_password_follows_the_rules_and_the_link_still_works_after_a_refusal(app, client, amira):
    use_english(client)
    ask(client, "amira@example.se")
    path = reset_path(app)

    response = choose(client, path, "password123")

    assert response.status_code == 422
    assert "most common passwords" in field_error(response, "new_password")
    assert client.get(path).status_code == 200


def test_an_expired_or_made_up_link_is_a_404(app, client, amira):
    ask(client, "amira@example.se")
    path = reset_path(app)
    with arrange(app):
        db.session.scalars(select(PasswordResetToken)).one().expires_at = utcnow() - timedelta(seconds=1)

    use_english(client)
    for link in (path, "/account/reset/made-up-token"):
        response = client.get(link)
        assert response.status_code == 404
        page = response.get_data(as_text=True)
        assert "This link no longer works: it was used or it expired." in page
        assert 'href="/account/forgot"' in page
    assert login(app.test_client(), "amira@example.se", PASSWORD).status_code == 302


def test_the_link_points_to_the_public_address_whatever_host_the_request_named(app, client, amira):
    client.post("/account/forgot", data={"email": "amira@example.se"}, headers={"Host": "evil.example"})

    ((_address, _subject, body),) = sent(app)
    assert app.config["PUBLIC_URL"] + "/account/reset/" in body
    assert "evil.example" not in body
