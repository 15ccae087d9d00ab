"""Every attendance route × every role: staff get the page, everyone else 403 and nothing changes, anonymous
users are sent to log in; unknown ids and another event's registration are 404."""

import pytest

from dialogue.permissions import Role
from tests.attendance.helpers import (
    Door,
    build_door,
    event_status,
    log_in_as,
    registration,
    report_count,
    walk_in_count,
)
from tests.factories import make_event, make_registration
from tests.registrations.helpers import registration_rows
from tests.support import arrange

GET_ROUTES = [
    "/staff/events/{event_id}/registrations",
    "/staff/events/{event_id}/registrations?q=Amira&status=confirmed",
    "/staff/events/{event_id}/registrations/new",
    "/staff/events/{event_id}/registrations/cancel?registrations={amira_id}&registrations={waiting_id}",
    "/staff/events/{event_id}/registrations.csv",
    "/staff/events/{event_id}/attendance-sheet",
    "/staff/events/{event_id}/checkin",
    "/staff/events/{event_id}/checkin?q=Amira",
    "/staff/events/{event_id}/report",
]
POST_ROUTES = [
    "/staff/events/{event_id}/registrations/{waiting_id}/promote",
    "/staff/events/{event_id}/registrations/cancel",
    "/staff/events/{event_id}/registrations/new",
    "/staff/events/{event_id}/checkin/{amira_id}",
    "/staff/events/{event_id}/checkin/{bjorn_id}/undo",
    "/staff/events/{event_id}/walk-ins",
    "/staff/events/{event_id}/no-shows",
    "/staff/events/{event_id}/report",
]
# A complete, valid submission for each form, so that only the access check can stop it.
POST_DATA = {
    "/new": {
        "contact_name": "Caller",
        "email": "caller@example.se",
        "adults": "1",
        "children": "0",
        "interpreter_language": "",
        "preferred_language": "sv",
    },
    "/cancel": {"registrations": ["{amira_id}", "{waiting_id}"]},
    "/walk-ins": {"name": "Guest", "party_size": "2"},
    "/report": {"attendees": "9", "minutes": "Good evening"},
}

# Capacity 5 with 3 + 1 + 2 people: Carla's party waits.
PEOPLE = (("Amira Hassan", 2, 1), ("Björn Svensson", 1, 0), ("Carla Ortiz", 2, 0))


def _door(app, roles) -> Door:
    return build_door(app, roles=roles, capacity=5, people=PEOPLE)


def _path(template: str, door: Door) -> str:
    return template.format(
        event_id=door.event_id,
        waiting_id=door.registration_ids["Carla Ortiz"],
        amira_id=door.registration_ids["Amira Hassan"],
        bjorn_id=door.registration_ids["Björn Svensson"],
    )


def _post(client, template: str, door: Door):
    suffix = next((key for key in POST_DATA if template.endswith(key)), None)
    data = {
        name: [_path(item, door) for item in value] if isinstance(value, list) else value
        for name, value in POST_DATA.get(suffix, {}).items()
    }
    return client.post(_path(template, door), data=data)


@pytest.mark.parametrize("template", GET_ROUTES)
def test_anonymous_users_are_sent_to_log_in(app, client, template):
    door = _door(app, roles=())
    response = client.get(_path(template, door))
    assert response.status_code == 302
    assert "/account/login" in response.headers["Location"]


@pytest.mark.parametrize("template", POST_ROUTES)
def test_anonymous_posts_are_sent_to_log_in_and_change_nothing(app, client, template):
    door = _door(app, roles=())
    response = _post(client, template, door)
    assert response.status_code == 302
    assert "/account/login" in response.headers["Location"]
    assert len(registration_rows(app, door.event_id)) == 3


@pytest.mark.parametrize(
    ("method", "template"), [("GET", route) for route in GET_ROUTES] + [("POST", route) for route in POST_ROUTES]
)
@pytest.mark.parametrize("role", [Role.RESIDENT, Role.DEVELOPER])
def test_residents_and_developers_get_403_and_change_nothing(app, client, method, template, role):
    door = _door(app, roles=(role,))
    log_in_as(client, door, role)
    response = _post(client, template, door) if method == "POST" else client.get(_path(template, door))
    assert response.status_code == 403
    rows = registration_rows(app, door.event_id)
    assert [row.status for row in rows] == ["confirmed", "confirmed", "waitlisted"]
    assert registration(app, door.registration_ids["Amira Hassan"]).checked_in_at is None
    assert walk_in_count(app) == 0 and report_count(app) == 0
    assert event_status(app, door.event_id) == "published"


@pytest.mark.parametrize("template", GET_ROUTES)
@pytest.mark.parametrize("role", [Role.PROCESS_LEADER, Role.ADMIN])
def test_staff_get_every_page(app, client, template, role):
    door = _door(app, roles=(role,))
    log_in_as(client, door, role)
    assert client.get(_path(template, door)).status_code == 200


@pytest.mark.parametrize(
    "template",
    [
        "/staff/events/999999/registrations",
        "/staff/events/999999/registrations/new",
        "/staff/events/999999/registrations/cancel?flagged=1",
        "/staff/events/999999/registrations.csv",
        "/staff/events/999999/attendance-sheet",
        "/staff/events/999999/checkin",
        "/staff/events/999999/report",
        "/staff/events/99999999999/checkin",
    ],
)
def test_unknown_events_are_404(app, client, template):
    door = _door(app, roles=(Role.PROCESS_LEADER,))
    log_in_as(client, door)
    assert client.get(template).status_code == 404


@pytest.mark.parametrize(
    "action",
    [
        "registrations/{id}/promote",
        "checkin/{id}",
        "checkin/{id}/undo",
        "registrations/999999/promote",
        "checkin/999999",
    ],
)
def test_a_registration_of_another_event_is_404_and_unchanged(app, client, action):
    door = _door(app, roles=(Role.PROCESS_LEADER,))
    with arrange(app):
        other_event = make_event(capacity=1)
        make_registration(other_event, adults=1)
        waiting = make_registration(other_event, adults=1).registration
        other_id = waiting.id
    log_in_as(client, door)
    response = client.post(f"/staff/events/{door.event_id}/" + action.format(id=other_id))
    assert response.status_code == 404
    stored = registration(app, other_id)
    assert stored.status.value == "waitlisted" and stored.checked_in_at is None
