"""Every event management route × every role: staff get the page, everyone else 403 and nothing changes,
anonymous users are sent to log in, and an unknown event is a 404."""

from datetime import date, timedelta

import pytest

from dialogue.events.models import EventStatus
from dialogue.permissions import Role
from tests.factories import login
from tests.planning.helpers import build_world, event_count, event_form, snapshot
from tests.support import look

ROUTES = [
    ("GET", "/staff/events/"),
    ("GET", "/staff/events/new"),
    ("POST", "/staff/events/new"),
    ("GET", "/staff/events/{event_id}/edit"),
    ("POST", "/staff/events/{event_id}/edit"),
    ("POST", "/staff/events/{event_id}/publish"),
    ("GET", "/staff/events/{event_id}/cancel"),
    ("POST", "/staff/events/{event_id}/cancel"),
    ("POST", "/staff/events/{event_id}/duplicate"),
    ("GET", "/staff/events/{event_id}/series"),
    ("POST", "/staff/events/{event_id}/series"),
]
EVENT_ROUTES = [route for route in ROUTES if "{event_id}" in route[1]]


def _post_data(path: str, world) -> dict:
    """A complete, valid submission, so that only the access check can stop it."""
    if path.endswith(("/new", "/edit")):
        return event_form(world)
    if path.endswith("/cancel"):
        return {"message": "The pavilion is closed for repairs."}
    if path.endswith("/series"):
        return {"every_weeks": "1", "until": str(date.today() + timedelta(days=60)), "status": "published"}
    return {}


def _request(client, method: str, template: str, world, event_id=None):
    path = template.format(event_id=event_id or world.event_id)
    if method == "GET":
        return client.get(path)
    return client.post(path, data=_post_data(path, world))


def draft_world(app, role=None):
    """A draft event (publishable, cancellable) and, when asked, a user with `role` (each costs a password hash)."""
    return build_world(app, roles=(role,) if role else (), status=EventStatus.DRAFT)


@pytest.mark.parametrize(("method", "template"), ROUTES)
def test_anonymous_users_are_sent_to_log_in(app, client, method, template):
    world = draft_world(app)
    with look(app):
        before = snapshot(world.event_id)
    response = _request(client, method, template, world)
    assert response.status_code == 302
    assert "/account/login" in response.headers["Location"]
    with look(app):
        assert event_count() == 1
        assert snapshot(world.event_id) == before


@pytest.mark.parametrize(("method", "template"), ROUTES)
@pytest.mark.parametrize("role", [Role.RESIDENT, Role.DEVELOPER])
def test_residents_and_developers_get_403_and_change_nothing(app, client, method, template, role):
    world = draft_world(app, role)
    with look(app):
        before = snapshot(world.event_id)
    assert login(client, world.emails[role]).status_code == 302
    response = _request(client, method, template, world)
    assert response.status_code == 403
    with look(app):
        assert event_count() == 1
        assert snapshot(world.event_id) == before


@pytest.mark.parametrize(("method", "template"), [route for route in ROUTES if route[0] == "GET"])
@pytest.mark.parametrize("role", [Role.PROCESS_LEADER, Role.ADMIN])
def test_staff_get_every_page(app, client, method, template, role):
    world = draft_world(app, role)
    assert login(client, world.emails[role]).status_code == 302
    assert _request(client, method, template, world).status_code == 200


@pytest.mark.parametrize(("method", "template"), [route for route in ROUTES if route[0] == "POST"])
@pytest.mark.parametrize("role", [Role.PROCESS_LEADER, Role.ADMIN])
def test_staff_can_post_to_every_form(app, client, method, template, role):
    world = draft_world(app, role)
    assert login(client, world.emails[role]).status_code == 302
    response = _request(client, method, template, world)
    assert response.status_code == 302
    assert "/account/login" not in response.headers["Location"]
    with look(app):
        changed = snapshot(world.event_id)
        created = event_count() - 1
    if template.endswith(("/new", "/duplicate")):
        assert created == 1
    elif template.endswith("/series"):
        assert created >= 1 and changed["series_key"]
    elif template.endswith("/publish"):
        assert changed["status"].value == "published"
    elif template.endswith("/cancel"):
        assert changed["status"].value == "cancelled"
    else:
        assert changed["title"] == "Dance the square"


@pytest.mark.parametrize(("method", "template"), EVENT_ROUTES)
def test_an_unknown_event_is_a_404_for_staff(app, client, method, template):
    world = draft_world(app, Role.PROCESS_LEADER)
    assert login(client, world.emails[Role.PROCESS_LEADER]).status_code == 302
    assert _request(client, method, template, world, event_id=world.event_id + 1000).status_code == 404
    assert _request(client, method, template.replace("{event_id}", "99999999999"), world).status_code == 404
    with look(app):
        assert event_count() == 1
