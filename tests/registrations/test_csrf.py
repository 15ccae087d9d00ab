"""With CSRF protection on, as in production: forms without the page's token are refused and write nothing."""
import re

import pytest

from dialogue.extensions import db
from tests.conftest import make_app
from tests.factories import make_event, make_registration
from tests.registrations.helpers import (
    arrange,
    form_data,
    manage_path,
    places_taken,
    registration_rows,
    statuses,
)


@pytest.fixture
def csrf_app(sqlite_url):
    app = make_app(sqlite_url, WTF_CSRF_ENABLED=True)
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.engine.dispose()


def csrf_token_on(page) -> str:
    match = re.search(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"', page.get_data(as_text=True))
    assert match, "the page carries no CSRF token"
    return match.group(1)


def test_registration_without_the_token_is_refused_and_nothing_is_written(csrf_app):
    with arrange(csrf_app):
        event_id = make_event(capacity=5).id
    client = csrf_app.test_client()
    client.get(f"/events/{event_id}/register")  # a session exists, but the form is forged elsewhere

    without_token = client.post(f"/events/{event_id}/register", data=form_data())
    wrong_token = client.post(f"/events/{event_id}/register", data=form_data(csrf_token="forged"))

    assert without_token.status_code == 400
    assert wrong_token.status_code == 400
    assert registration_rows(csrf_app, event_id) == []
    assert places_taken(csrf_app, event_id) == 0


def test_registration_with_the_token_from_the_form_works(csrf_app):
    with arrange(csrf_app):
        event_id = make_event(capacity=5).id
    client = csrf_app.test_client()
    token = csrf_token_on(client.get(f"/events/{event_id}/register"))

    response = client.post(f"/events/{event_id}/register", data=form_data(csrf_token=token, adults="2"))

    manage_path(response)
    assert [row.status for row in registration_rows(csrf_app, event_id)] == ["confirmed"]
    assert places_taken(csrf_app, event_id) == 2


def test_a_token_from_another_session_is_refused(csrf_app):
    with arrange(csrf_app):
        event_id = make_event(capacity=5).id
    attacker = csrf_app.test_client()
    token = csrf_token_on(attacker.get(f"/events/{event_id}/register"))
    victim = csrf_app.test_client()
    victim.get("/")

    response = victim.post(f"/events/{event_id}/register", data=form_data(csrf_token=token))

    assert response.status_code == 400
    assert registration_rows(csrf_app, event_id) == []


def test_cancelling_needs_the_token_from_the_manage_page(csrf_app):
    with arrange(csrf_app):
        event = make_event(capacity=5)
        manage_token = make_registration(event, email="a@example.se").manage_token
        event_id = event.id
    client = csrf_app.test_client()
    page = client.get(f"/registrations/{manage_token}")

    refused = client.post(f"/registrations/{manage_token}/cancel")

    assert refused.status_code == 400
    assert statuses(csrf_app, event_id) == {"a@example.se": "confirmed"}

    accepted = client.post(f"/registrations/{manage_token}/cancel", data={"csrf_token": csrf_token_on(page)})

    assert accepted.status_code == 302
    assert statuses(csrf_app, event_id) == {"a@example.se": "cancelled"}
