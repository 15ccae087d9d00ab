"""With CSRF protection on, as in production: the event forms and buttons need the page's token."""

from datetime import date, timedelta

import pytest

from dialogue.events.models import Event, EventStatus
from dialogue.extensions import db
from dialogue.permissions import Role
from tests.planning.helpers import build_world, event_count, event_form, snapshot
from tests.support import csrf_token_from, log_in_with_token, look


def logged_in(app, world):
    return log_in_with_token(app.test_client(), world.emails[Role.PROCESS_LEADER])


def test_the_event_form_needs_the_token(csrf_app):
    world = build_world(csrf_app)
    client = logged_in(csrf_app, world)
    page = client.get("/staff/events/new")

    assert client.post("/staff/events/new", data=event_form(world)).status_code == 400
    assert client.post("/staff/events/new", data=event_form(world, csrf_token="forged")).status_code == 400
    with look(csrf_app):
        assert event_count() == 1

    assert client.post("/staff/events/new", data=event_form(world, csrf_token=csrf_token_from(page))).status_code == 302
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
    token = csrf_token_from(client.get(f"/staff/events/{world.event_id}/edit"))
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
    token = csrf_token_from(client.get(f"/staff/events/{world.event_id}/edit"))
    response = client.post(f"/staff/events/{world.event_id}/{action}", data={**data, "csrf_token": token})
    assert response.status_code == 302
    with look(csrf_app):
        assert snapshot(world.event_id) != before or event_count() > 1
        assert db.session.get(Event, world.event_id) is not None
