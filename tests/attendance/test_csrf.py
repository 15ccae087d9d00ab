"""With CSRF protection on (as in production), the door's forms need the page's token."""
import pytest

from tests.attendance.helpers import build_door, registration, walk_in_count
from tests.conftest import make_app
from tests.factories import PASSWORD
from tests.moderation.helpers import csrf_token_from


@pytest.fixture
def csrf_app(sqlite_url):
    from dialogue.extensions import db

    app = make_app(sqlite_url, WTF_CSRF_ENABLED=True)
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.engine.dispose()


def _logged_in(app, door):
    client = app.test_client()
    page = client.get("/account/login").get_data(as_text=True)
    response = client.post(
        "/account/login",
        data={"email": next(iter(door.emails.values())), "password": PASSWORD,
              "csrf_token": csrf_token_from(page)},
    )
    assert response.status_code == 302
    return client


def test_check_in_and_walk_ins_without_the_token_are_refused(csrf_app):
    door = build_door(csrf_app)
    client = _logged_in(csrf_app, door)
    amira = door.registration_ids["Amira Hassan"]
    assert client.post(f"/staff/events/{door.event_id}/checkin/{amira}").status_code == 400
    assert client.post(f"/staff/events/{door.event_id}/walk-ins", data={"party_size": "2"}).status_code == 400
    assert registration(csrf_app, amira).checked_in_at is None and walk_in_count(csrf_app) == 0

    token = csrf_token_from(client.get(f"/staff/events/{door.event_id}/checkin").get_data(as_text=True))
    assert client.post(f"/staff/events/{door.event_id}/checkin/{amira}", data={"csrf_token": token}).status_code == 302
    response = client.post(f"/staff/events/{door.event_id}/walk-ins", data={"party_size": "2", "csrf_token": token})
    assert response.status_code == 302
    assert registration(csrf_app, amira).checked_in_at is not None and walk_in_count(csrf_app) == 1
