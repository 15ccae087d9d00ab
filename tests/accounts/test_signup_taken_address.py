"""Sign-up tells nobody who has an account: a new address, one with a confirmed account and one with an
unconfirmed account get the same answer after the same work. The owner of a confirmed account is told by email and
nothing in the account changes; an unconfirmed account takes the latest details, and only the newest link works.
On SQLite and on PostgreSQL."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from dialogue.accounts import models, passwords, signup
from dialogue.accounts.models import SignupConfirmation, User
from dialogue.accounts.signup import sign_up as sign_up_with
from dialogue.database import utcnow
from dialogue.extensions import db
from tests.accounts.signups import (
    VALID,
    account,
    confirm,
    confirmation_path,
    confirmation_paths,
    logged_in_as,
    sent,
    sign_up,
)
from tests.events.pages import field_error
from tests.factories import PASSWORD, make_user
from tests.support import arrange, look, use_english

NEW, CONFIRMED, UNCONFIRMED = "new@example.se", "owner@example.se", "waiting@example.se"
CSRF_VALUE = re.compile(r'name="csrf_token" value="[^"]*"')


@pytest.fixture
def addresses(app):
    """The app with a confirmed account (its owner reads English) and an unconfirmed one."""
    with arrange(app):
        make_user(email=CONFIRMED, name="Olle Owner", preferred_language="en")
        sign_up_with(email=UNCONFIRMED, name="Wera Waiting", password="an earlier passphrase")
    return app


def row(app, email: str) -> dict:
    """Every column of the account, as stored."""
    with look(app):
        user = db.session.scalars(select(User).where(User.email == email)).one()
        return {column.key: getattr(user, column.key) for column in User.__table__.columns}


def answer(client, email: str) -> tuple[int, str, int, str]:
    """The sign-up's answer and the page it leads to. The page's CSRF tokens are signed with the second they were
    made in, so they are taken out."""
    posted = sign_up(client, email=email)
    page = client.get(posted.headers["Location"])
    html = CSRF_VALUE.sub('name="csrf_token" value=""', page.get_data(as_text=True))
    return posted.status_code, posted.headers["Location"], page.status_code, html


@pytest.mark.parametrize("language", ["sv", "en"])
def test_new_confirmed_and_unconfirmed_addresses_get_the_same_answer(addresses, language):
    client = addresses.test_client()
    if language == "en":
        use_english(client)

    answers = {email: answer(client, email) for email in (NEW, CONFIRMED, UNCONFIRMED)}

    status, location, page_status, page = answers[NEW]
    assert (status, location, page_status) == (302, "/account/signup/sent", 200)
    sentence = {
        "sv": f"Vi har skickat ett mejl till {NEW}. Öppna länken i det inom 48 timmar för att göra klart ditt konto.",
        "en": f"We have sent an email to {NEW}. Open the link in it within 48 hours to finish creating your account.",
    }[language]
    assert sentence in page
    for email, (other_status, other_location, other_page_status, other_page) in answers.items():
        assert (other_status, other_location, other_page_status) == (status, location, page_status), email
        assert other_page.replace(email, "ADDRESS") == page.replace(NEW, "ADDRESS"), email
    assert logged_in_as(client) is None


def test_a_confirmed_account_changes_nowhere_and_its_owner_is_told_in_their_language(addresses):
    before = row(addresses, CONFIRMED)
    client = addresses.test_client()

    sign_up(
        client,
        email="Owner@Example.se",
        name="Mallory",
        password="mallory's passphrase",
        password_again="mallory's passphrase",
        preferred_language="sv",
    )

    assert row(addresses, CONFIRMED) == before
    assert confirmation_paths(addresses, CONFIRMED) == []
    ((address, subject, body),) = sent(addresses, "signup_attempt")
    assert address == CONFIRMED
    assert subject == "Someone tried to create an account on Dialogue with your address"
    assert "Hello Olle Owner," in body
    assert "Someone tried to create an account on Dialogue with this address." in body
    assert "If it was you, log in or choose a new password:" in body
    assert f"{addresses.config['PUBLIC_URL']}/account/login" in body
    assert f"{addresses.config['PUBLIC_URL']}/account/forgot" in body
    assert "If not, you can ignore this email." in body
    with look(addresses):
        owner = db.session.scalars(select(User).where(User.email == CONFIRMED)).one()
        assert db.session.scalars(select(SignupConfirmation).where(SignupConfirmation.user_id == owner.id)).all() == []
    assert (
        client.post("/account/login", data={"email": CONFIRMED, "password": "mallory's passphrase"}).status_code == 422
    )
    assert client.post("/account/login", data={"email": CONFIRMED, "password": PASSWORD}).status_code == 302


def test_the_owner_is_told_at_most_once_a_day(addresses):
    today = utcnow()
    with arrange(addresses):
        for moment in (today, today + timedelta(minutes=5), today + timedelta(days=1)):
            sign_up_with(email=CONFIRMED, name="Mallory", password="mallory's passphrase", now=moment)

    assert [address for address, _subject, _body in sent(addresses, "signup_attempt")] == [CONFIRMED, CONFIRMED]


def test_an_unconfirmed_account_takes_the_latest_details_and_only_the_newest_link_works(addresses):
    client = addresses.test_client()
    (earlier,) = confirmation_paths(addresses, UNCONFIRMED)

    sign_up(client, email=UNCONFIRMED, name="Wera Wiklund", preferred_language="en")

    user = account(addresses, UNCONFIRMED)
    assert (user.name, user.preferred_language, user.email_confirmed_at) == ("Wera Wiklund", "en", None)
    assert user.check_password(VALID["password"])
    assert not user.check_password("an earlier passphrase")
    (_address, subject, _body) = sent(addresses, "signup_confirmation")[-1]
    assert subject == "Finish creating your account on Dialogue"
    newest = confirmation_path(addresses, UNCONFIRMED)
    assert newest != earlier
    assert client.get(earlier).status_code == 404
    assert client.post(earlier, data={"next": ""}).status_code == 404
    assert logged_in_as(client) is None

    assert confirm(client, newest).status_code == 302
    assert logged_in_as(client) == str(user.id)


def test_every_answer_costs_one_password_hash(addresses, monkeypatch):
    """The time of an answer tells nothing either: each path hashes the password once."""
    work = []
    real_generate, real_check = models.generate_password_hash, passwords.check_password_hash
    monkeypatch.setattr(models, "generate_password_hash", lambda *a, **k: work.append("hash") or real_generate(*a, **k))
    monkeypatch.setattr(passwords, "check_password_hash", lambda *a: work.append("check") or real_check(*a))
    client = addresses.test_client()

    for email, expected in ((NEW, ["hash"]), (CONFIRMED, ["check"]), (UNCONFIRMED, ["hash"])):
        work.clear()
        sign_up(client, email=email)
        assert work == expected, email


def test_a_sign_up_that_loses_a_race_for_a_new_address_answers_the_same(addresses, monkeypatch):
    """Two sign-ups for one new address at once: the second finds the first's account only when it inserts."""
    real_lookup, lookups = signup.user_by_email, []

    def found_only_after_the_insert(email):
        lookups.append(email)
        return None if len(lookups) == 1 else real_lookup(email)

    monkeypatch.setattr(signup, "user_by_email", found_only_after_the_insert)
    client = addresses.test_client()

    response = sign_up(client, email=UNCONFIRMED, name="Wera Wiklund")

    assert response.status_code == 302 and response.headers["Location"] == "/account/signup/sent"
    assert lookups == [UNCONFIRMED, UNCONFIRMED]  # looked up again after the insert was refused
    user = account(addresses, UNCONFIRMED)
    assert user.name == "Wera Wiklund" and user.check_password(VALID["password"])
    assert len(confirmation_paths(addresses, UNCONFIRMED)) == 2
    assert confirm(client, confirmation_path(addresses, UNCONFIRMED)).status_code == 302


def test_a_common_password_is_refused_alike_whoever_has_the_address(addresses):
    client = addresses.test_client()
    use_english(client)
    common = {"password": "Password123", "password_again": "Password123"}

    answers = [sign_up(client, email=email, **common) for email in (NEW, CONFIRMED, UNCONFIRMED)]

    assert [response.status_code for response in answers] == [422, 422, 422]
    errors = {field_error(response, "password") for response in answers}
    assert len(errors) == 1 and "most common passwords" in errors.pop()
    assert sent(addresses, "signup_attempt") == []
    assert account(addresses, NEW) is None
