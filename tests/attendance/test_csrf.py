"""With CSRF protection on (as in production), the door's forms need the page's token."""

from dialogue.permissions import Role
from tests.attendance.helpers import build_door, registration, walk_in_count
from tests.support import csrf_token_from, log_in_with_token


def test_check_in_and_walk_ins_without_the_token_are_refused(csrf_app):
    door = build_door(csrf_app)
    client = log_in_with_token(csrf_app.test_client(), door.emails[Role.PROCESS_LEADER])
    amira = door.registration_ids["Amira Hassan"]
    assert client.post(f"/staff/events/{door.event_id}/checkin/{amira}").status_code == 400
    assert client.post(f"/staff/events/{door.event_id}/walk-ins", data={"party_size": "2"}).status_code == 400
    assert registration(csrf_app, amira).checked_in_at is None and walk_in_count(csrf_app) == 0

    token = csrf_token_from(client.get(f"/staff/events/{door.event_id}/checkin"))
    assert client.post(f"/staff/events/{door.event_id}/checkin/{amira}", data={"csrf_token": token}).status_code == 302
    response = client.post(f"/staff/events/{door.event_id}/walk-ins", data={"party_size": "2", "csrf_token": token})
    assert response.status_code == 302
    assert registration(csrf_app, amira).checked_in_at is not None and walk_in_count(csrf_app) == 1
