"""With CSRF protection on, as in production: the event forms and buttons need the page's token."""
import re
from datetime import date, timedelta

import pytest

from dialogue.events.models import Event, EventStatus
from dialogue.extensions import db
from tests.conftest import make_app
from tests.planning.helpers import build_world, event_count, event_form, look, snapshot


@pytest.fixture
def csrf_app(sqlite_url):
    app = make_app(sqlite_url, WTF_CSRF_ENABLED=True)
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.engine.dispose()


def token_on(response) -> str:
    match = re.search(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"', response.get_data(as_text=True))
    assert match, "the page carries no CSRF token"
    return match.group(1)


def logged_in(app, world):
    client = app.test_client()
    page = client.get("/account/login")
    response = client.post(
        "/account/login", data={"email": world.emails[next(iter(world.emails))], "password": "correct horse battery",
                                "csrf_token": token_on(page)}
    )
    assert response.status_code == 302
    return client


def test_the_event_form_needs_the_token(csrf_app):
    world = build_world(csrf_app)
    client = logged_in(csrf_app, world)
    page = client.get("/staff/events/new")

    assert client.post("/staff/events/new", data=event_form(world)).status_code == 400
    assert client.post("/staff/events/new", data=event_form(world, csrf_token="forged")).status_code == 400
    with look(csrf_app):
        assert event_count() == 1

    assert client.post("/staff/events/new", data=event_form(world, csrf_token=token_on(page))).status_code == 302
    with look(csrf_app):
        assert event_count() == 2


def test_editing_needs_the_token(csrf_app):
    world = build_world(csrf_app)
    client = logged_in(csrf_app, world)
    with look(csrf_app):
        before = snapshot(world.event_id)
    assert client.post(f"/staff/events/{world.event_id}/edit", data=event_form(world)).status_code == 400
    with look(csrf_app):
        assert snapshot(world.event_id) == before
    token = token_on(client.get(f"/staff/events/{world.event_id}/edit"))
    response = client.post(f"/staff/events/{world.event_id}/edit", data=event_form(world, csrf_token=token))
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("publish", {}),
        ("duplicate", {}),
        ("cancel", {"message": "Closed."}),
        ("series", {"every_weeks": "1", "until": str(date.today() + timedelta(days=30))}),
    ],
)
def test_every_action_needs_the_token(csrf_app, action, data):
    world = build_world(csrf_app, status=EventStatus.DRAFT)
    client = logged_in(csrf_app, world)
    with look(csrf_app):
        before = snapshot(world.event_id)

    assert client.post(f"/staff/events/{world.event_id}/{action}", data=data).status_code == 400

    with look(csrf_app):
        assert event_count() == 1 and snapshot(world.event_id) == before
    # The token on the edit page (the buttons' forms) and on the action's own page works.
    token = token_on(client.get(f"/staff/events/{world.event_id}/edit"))
    response = client.post(f"/staff/events/{world.event_id}/{action}", data={**data, "csrf_token": token})
    assert response.status_code == 302
    with look(csrf_app):
        assert snapshot(world.event_id) != before or event_count() > 1
        assert db.session.get(Event, world.event_id) is not None
