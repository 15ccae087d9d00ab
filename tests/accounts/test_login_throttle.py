"""Guessing passwords: after the allowed wrong passwords in a row an address's logins are paused (429) with a clear
message, for a while that doubles; the pause ends by itself, the right password then works and clears the count;
unknown addresses are paused the same way."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from dialogue.accounts.models import LoginThrottle
from dialogue.database import utcnow
from dialogue.extensions import db
from dialogue.outbox.models import OutboxMessage
from tests.factories import PASSWORD, login, make_user
from tests.support import arrange, look, use_english


@pytest.fixture
def amira(app):
    with arrange(app):
        make_user(email="amira@example.se")


def guess_wrong(client, email: str, times: int) -> list[int]:
    return [login(client, email, "not the password").status_code for _ in range(times)]


def end_the_pause(app) -> None:
    with arrange(app):
        for throttle in db.session.scalars(select(LoginThrottle)):
            throttle.blocked_until = utcnow() - timedelta(seconds=1)


def test_after_the_allowed_wrong_passwords_even_the_right_one_waits(app, client, amira):
    allowed = app.config["LOGIN_FAILURES_ALLOWED"]
    use_english(client)

    assert guess_wrong(client, "amira@example.se", allowed - 1) == [422] * (allowed - 1)
    assert guess_wrong(client, "amira@example.se", 1) == [422]  # the last allowed one starts the pause

    response = login(client, "amira@example.se", PASSWORD)
    assert response.status_code == 429
    assert "Too many wrong passwords for this email address. Logging in is paused for 1 minute" in (
        response.get_data(as_text=True)
    )


def test_the_pause_doubles_with_each_further_wrong_password_up_to_the_longest(app, client, amira):
    app.config.update(LOGIN_FAILURES_ALLOWED=2, LOGIN_BLOCK_SECONDS=60, LOGIN_BLOCK_MAX_MINUTES=5)
    waits = []
    for _ in range(5):
        guess_wrong(client, "amira@example.se", 1)
        with look(app):
            throttle = db.session.scalars(select(LoginThrottle)).one()
            waits.append(throttle.blocked_until and round((throttle.blocked_until - utcnow()).total_seconds() / 60))
        end_the_pause(app)

    assert waits == [None, 1, 2, 4, 5]


def test_after_the_pause_the_right_password_works_and_clears_the_count(app, client, amira):
    guess_wrong(client, "amira@example.se", app.config["LOGIN_FAILURES_ALLOWED"])
    end_the_pause(app)

    assert login(client, "amira@example.se", PASSWORD).status_code == 302

    with look(app):
        assert db.session.scalars(select(LoginThrottle)).all() == []


def test_an_unknown_address_is_paused_like_a_known_one(app, client):
    guess_wrong(client, "nobody@example.se", app.config["LOGIN_FAILURES_ALLOWED"])

    assert login(client, "nobody@example.se", "anything at all").status_code == 429


def test_one_address_paused_leaves_the_others_alone(app, client, amira):
    with arrange(app):
        make_user(email="sara@example.se")
    guess_wrong(client, "amira@example.se", app.config["LOGIN_FAILURES_ALLOWED"])

    assert login(app.test_client(), "SARA@example.se", PASSWORD).status_code == 302
    assert login(app.test_client(), " Amira@Example.se ", PASSWORD).status_code == 429


def test_the_address_is_kept_only_as_a_hash(app, client):
    guess_wrong(client, "nobody@example.se", 1)

    with look(app):
        key_hash = db.session.scalars(select(LoginThrottle.key_hash)).one()
    assert "nobody" not in key_hash and len(key_hash) == 64


def test_the_count_and_the_pause_are_kept_in_the_database(app):
    client = app.test_client()
    guess_wrong(client, "nobody@example.se", app.config["LOGIN_FAILURES_ALLOWED"])

    assert login(client, "nobody@example.se", "anything at all").status_code == 429
    with look(app):
        assert db.session.scalars(select(LoginThrottle.failures)).one() == app.config["LOGIN_FAILURES_ALLOWED"]


def test_a_password_reset_ends_the_pause_that_someone_elses_guesses_began(app, client, amira):
    guess_wrong(client, "amira@example.se", app.config["LOGIN_FAILURES_ALLOWED"])
    assert login(client, "amira@example.se", PASSWORD).status_code == 429

    client.post("/account/forgot", data={"email": "amira@example.se"})
    with look(app):
        body = db.session.scalars(select(OutboxMessage.body_text).where(OutboxMessage.kind == "password_reset")).one()
    reset = re.search(r"/account/reset/[A-Za-z0-9_-]+", body).group(0)
    new_password = "lantern sorrel tram"
    assert (
        client.post(reset, data={"new_password": new_password, "new_password_again": new_password}).status_code == 302
    )

    assert login(client, "amira@example.se", new_password).status_code == 302
