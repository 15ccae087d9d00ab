"""Registering someone who phoned: the resident's rules (capacity, waiting list, one per email), the staff
member who took the call recorded, bad input refused next to its field with nothing written."""

import pytest
from sqlalchemy import select

from dialogue.accounts.models import User
from dialogue.events.models import Event, EventStatus
from dialogue.extensions import db
from dialogue.permissions import Role
from dialogue.registrations.models import Registration
from tests.attendance.helpers import build_door, flashes, log_in_as
from tests.registrations.helpers import field_error, registration_rows
from tests.support import arrange, use_english


def _form(**overrides) -> dict:
    data = {
        "contact_name": "Elsa Lund",
        "email": "elsa@example.se",
        "adults": "1",
        "children": "1",
        "access_needs": ["wheelchair", "interpreter"],
        "interpreter_language": "fi",
        "access_note": "Comes with a walker",
        "preferred_language": "sv",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def _post(client, door, **overrides):
    return client.post(f"/staff/events/{door.event_id}/registrations/new", data=_form(**overrides))


def test_a_caller_is_registered_with_the_staff_member_recorded(app, client):
    door = build_door(app, capacity=10)
    log_in_as(client, door)
    use_english(client)
    response = _post(client, door)
    assert response.headers["Location"].endswith(f"/staff/events/{door.event_id}/registrations")
    page = flashes(client, response)
    with app.app_context():
        stored = db.session.scalars(select(Registration).where(Registration.email == "elsa@example.se")).one()
        staff = db.session.scalars(select(User).where(User.email == door.emails[Role.PROCESS_LEADER])).one()
        assert stored.status.value == "confirmed"
        assert stored.registered_by_id == staff.id and stored.user_id is None
        assert (stored.adults, stored.children) == (1, 1)
        assert {item.need.value for item in stored.access_needs} == {"wheelchair", "interpreter"}
        assert stored.interpreter_language == "fi" and stored.access_note == "Comes with a walker"
        assert db.session.get(Event, door.event_id).places_taken == 6 + 2
        assert f"Elsa Lund is registered. Their check-in code is {stored.check_in_code}." in page


def test_a_caller_goes_on_the_waiting_list_when_the_party_does_not_fit(app, client):
    door = build_door(app, capacity=7)  # 6 taken
    log_in_as(client, door)
    use_english(client)
    page = flashes(client, _post(client, door))
    assert "The event is full: Elsa Lund is on the waiting list in place 1." in page
    assert registration_rows(app, door.event_id)[-1].status == "waitlisted"


def test_the_same_email_twice_is_refused_next_to_the_email(app, client):
    door = build_door(app)
    log_in_as(client, door)
    assert _post(client, door).status_code == 302
    response = _post(client, door, contact_name="Someone Else", email="ELSA@example.se ")
    assert response.status_code == 422
    assert field_error(response, "email")
    assert len(registration_rows(app, door.event_id)) == 4


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"contact_name": "  "}, "contact_name"),
        ({"contact_name": "N" * 121}, "contact_name"),
        ({"email": ""}, "email"),  # every registration needs a real address: see forms.PhoneRegistrationForm
        ({"email": "no-at-sign"}, "email"),
        ({"adults": "0"}, "adults"),
        ({"adults": "-3"}, "adults"),
        ({"adults": "many"}, "adults"),
        ({"children": "-1"}, "children"),
        ({"adults": "6", "children": "5"}, "children"),
        ({"access_needs": ["interpreter"], "interpreter_language": ""}, "interpreter_language"),
        ({"access_needs": ["teleport"]}, "access_needs"),
        ({"interpreter_language": "xx"}, "interpreter_language"),
        ({"access_note": "n" * 501}, "access_note"),
        ({"preferred_language": "de"}, "preferred_language"),
    ],
)
def test_bad_input_is_refused_next_to_the_field_and_nothing_is_written(app, client, overrides, field):
    door = build_door(app)
    log_in_as(client, door)
    response = _post(client, door, **overrides)
    assert response.status_code == 422
    assert field_error(response, field), response.get_data(as_text=True)
    assert len(registration_rows(app, door.event_id)) == 3


def test_a_cancelled_event_takes_no_registrations(app, client):
    door = build_door(app)
    with arrange(app):
        db.session.get(Event, door.event_id).status = EventStatus.CANCELLED
    log_in_as(client, door)
    use_english(client)
    page = client.get(f"/staff/events/{door.event_id}/registrations/new").get_data(as_text=True)
    assert "This event has been cancelled." in page and 'name="contact_name"' not in page
    response = _post(client, door)
    assert response.status_code == 422
    assert "This event has been cancelled." in response.get_data(as_text=True)
    assert len(registration_rows(app, door.event_id)) == 3
