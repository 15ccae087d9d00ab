"""Walk-ins (name optional, a group of 1–50) and, once the event has ended, the rest marked as no-shows."""

import pytest
from sqlalchemy import select

from dialogue.attendance.models import WalkIn
from dialogue.events.models import Event, EventStatus
from dialogue.extensions import db
from tests.attendance.helpers import build_door, flashes, log_in_as, move_into_past, registration, walk_in_count
from tests.registrations.helpers import field_error
from tests.support import arrange, look, use_english


def _walk_in(client, door, **data):
    return client.post(f"/staff/events/{door.event_id}/walk-ins", data=data)


def test_walk_ins_are_added_with_or_without_a_name(app, client):
    door = build_door(app)
    log_in_as(client, door)
    use_english(client)
    response = _walk_in(client, door, name="  Farida  ", party_size="4")
    assert "A walk-in group of 4 people is added." in flashes(client, response)
    assert _walk_in(client, door, name="", party_size="1").status_code == 302
    with look(app):
        walk_ins = db.session.scalars(select(WalkIn).order_by(WalkIn.id)).all()
        assert [(walk_in.name, walk_in.party_size) for walk_in in walk_ins] == [("Farida", 4), ("", 1)]
        assert all(walk_in.event_id == door.event_id and walk_in.created_by_id for walk_in in walk_ins)
    page = client.get(f"/staff/events/{door.event_id}/checkin").get_data(as_text=True)
    assert "5 walk-ins" in page and "No name given" in page


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"party_size": "0"}, "party_size"),
        ({"party_size": "-2"}, "party_size"),
        ({"party_size": "51"}, "party_size"),
        ({"party_size": "100000000000000000000"}, "party_size"),
        ({"party_size": "2.5"}, "party_size"),
        ({"party_size": "several"}, "party_size"),
        ({"party_size": ""}, "party_size"),
        ({}, "party_size"),
        ({"party_size": "2", "name": "N" * 121}, "name"),
    ],
)
def test_absurd_walk_ins_are_refused_next_to_the_field(app, client, data, field):
    door = build_door(app)
    log_in_as(client, door)
    response = _walk_in(client, door, **data)
    assert response.status_code == 422
    assert field_error(response, field)
    assert walk_in_count(app) == 0


def test_no_walk_ins_at_a_cancelled_event(app, client):
    door = build_door(app)
    with arrange(app):
        db.session.get(Event, door.event_id).status = EventStatus.CANCELLED
    log_in_as(client, door)
    use_english(client)
    response = _walk_in(client, door, party_size="2")
    assert response.status_code == 422 and "This event has been cancelled." in response.get_data(as_text=True)
    assert walk_in_count(app) == 0


def _no_shows(client, door):
    return client.post(f"/staff/events/{door.event_id}/no-shows")


def test_no_shows_are_refused_before_the_event_ends(app, client):
    door = build_door(app)
    move_into_past(app, door.event_id, started_hours_ago=1, ended_hours_ago=-1)  # still going on
    log_in_as(client, door)
    use_english(client)
    response = _no_shows(client, door)
    assert "No-shows can be marked once the event has ended." in flashes(client, response)
    assert not any(registration(app, id_).no_show for id_ in door.registration_ids.values())


def test_after_the_event_everyone_confirmed_and_not_checked_in_is_a_no_show(app, client):
    door = build_door(app, capacity=5)  # Carla's 2 wait
    log_in_as(client, door)
    use_english(client)
    client.post(f"/staff/events/{door.event_id}/checkin/{door.registration_ids['Amira Hassan']}")
    move_into_past(app, door.event_id)
    response = _no_shows(client, door)
    assert "1 registration that was not checked in is marked as a no-show." in flashes(client, response)
    no_show = {name: registration(app, id_).no_show for name, id_ in door.registration_ids.items()}
    assert no_show == {"Amira Hassan": False, "Björn Svensson": True, "Carla Ortiz": False}
    # Twice is harmless; a late check-in clears the mark.
    again = flashes(client, _no_shows(client, door))
    assert "0 registrations that were not checked in are marked as no-shows." in again
    client.post(f"/staff/events/{door.event_id}/checkin/{door.registration_ids['Björn Svensson']}")
    stored = registration(app, door.registration_ids["Björn Svensson"])
    assert stored.checked_in_at is not None and not stored.no_show
