"""Downloading and erasing through a manage link are limited per client address like the other public forms, and
deleting an account like changing its password: past the rate the answer is a 429 and nothing is erased."""

from sqlalchemy import select

from dialogue.accounts.models import User
from dialogue.extensions import db
from dialogue.registrations.models import Registration
from tests.factories import make_event, make_registration, make_user
from tests.support import arrange, log_in_directly, look


def test_erasing_through_links_is_limited_per_address(app):
    app.config["RATE_LIMIT_REGISTRATION"] = "2 per minute"
    with arrange(app):
        event = make_event()
        made = [make_registration(event, email=f"guest{number}@example.se") for number in range(3)]
        tokens = [item.manage_token for item in made]
    client = app.test_client()
    statuses = [client.post(f"/registrations/{token}/erase", data={"confirm": "y"}).status_code for token in tokens]
    assert statuses == [302, 302, 429]
    with look(app):
        names = db.session.scalars(select(Registration.contact_name).order_by(Registration.id)).all()
        assert [bool(name) for name in names] == [False, False, True]


def test_downloads_through_a_link_are_limited_per_address(app):
    app.config["RATE_LIMIT_FEEDS"] = "2 per minute"
    with arrange(app):
        token = make_registration(make_event(), email="guest@example.se").manage_token
    client = app.test_client()
    statuses = [client.get(f"/registrations/{token}/my-data.json").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_guessing_the_password_to_delete_an_account_is_limited(app):
    app.config["RATE_LIMIT_NEW_PASSWORD"] = "3 per minute"
    with arrange(app):
        user_id = make_user(email="sam@example.se").id
    client = app.test_client()
    log_in_directly(client, user_id)
    statuses = [
        client.post("/account/delete", data={"password": f"guess number {number}"}).status_code for number in range(4)
    ]
    assert statuses == [422, 422, 422, 429]
    with look(app):
        assert db.session.get(User, user_id) is not None
