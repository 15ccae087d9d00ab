"""Check-in at the door: find by code or name, one tap marks the party as attended, a second tap keeps the
first time, and a code that is unknown or belongs to another event gets a clear message."""

import re

from dialogue.events.models import Event, EventStatus
from dialogue.extensions import db
from tests.attendance.helpers import build_door, flashes, log_in_as, registration
from tests.factories import make_event, make_registration
from tests.registrations.helpers import element_text
from tests.support import arrange, use_english


def _door_page(client, door, query=""):
    response = client.get(f"/staff/events/{door.event_id}/checkin" + (f"?q={query}" if query else ""))
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _found(html: str) -> list[int]:
    return [int(number) for number in re.findall(r'<li class="door-person[^"]*" id="door-(\d+)"', html)]


def _check_in(client, door, name):
    return client.post(f"/staff/events/{door.event_id}/checkin/{door.registration_ids[name]}")


def test_without_a_search_everyone_confirmed_is_listed_a_to_z(app, client):
    door = build_door(app, capacity=5)  # Carla's 2 wait
    log_in_as(client, door)
    html = _door_page(client, door)
    assert _found(html) == [door.registration_ids["Amira Hassan"], door.registration_ids["Björn Svensson"]]


def test_find_by_code_and_check_in_with_one_tap(app, client):
    door = build_door(app)
    log_in_as(client, door)
    use_english(client)
    amira = door.registration_ids["Amira Hassan"]
    for typed in (door.codes["Amira Hassan"], door.codes["Amira Hassan"].lower(), " " + door.codes["Amira Hassan"]):
        assert _found(_door_page(client, door, typed)) == [amira]
    html = _door_page(client, door, door.codes["Amira Hassan"])
    assert f'action="/staff/events/{door.event_id}/checkin/{amira}"' in html

    response = _check_in(client, door, "Amira Hassan")
    assert response.headers["Location"].endswith(f"/staff/events/{door.event_id}/checkin")
    assert "Amira Hassan is checked in (3 people)." in flashes(client, response)
    stored = registration(app, amira)
    assert stored.checked_in_at is not None and not stored.no_show
    assert "3 people checked in of 6 expected · 0 walk-ins" in element_text(_door_page(client, door), "door-count")


def test_find_by_part_of_the_name_in_any_case(app, client):
    door = build_door(app)
    log_in_as(client, door)
    assert _found(_door_page(client, door, "svens")) == [door.registration_ids["Björn Svensson"]]
    assert _found(_door_page(client, door, "CARLA")) == [door.registration_ids["Carla Ortiz"]]
    assert _check_in(client, door, "Björn Svensson").status_code == 302
    assert registration(app, door.registration_ids["Björn Svensson"]).checked_in_at is not None
    assert registration(app, door.registration_ids["Carla Ortiz"]).checked_in_at is None


def test_checking_in_twice_keeps_the_first_time(app, client):
    door = build_door(app)
    log_in_as(client, door)
    use_english(client)
    _check_in(client, door, "Carla Ortiz")
    first = registration(app, door.registration_ids["Carla Ortiz"]).checked_in_at
    response = _check_in(client, door, "Carla Ortiz")
    assert "Carla Ortiz was already checked in. Nothing changed." in flashes(client, response)
    assert registration(app, door.registration_ids["Carla Ortiz"]).checked_in_at == first


def test_another_events_code_is_refused_with_a_clear_message(app, client):
    door = build_door(app)
    with arrange(app):
        elsewhere = make_registration(make_event(), contact_name="Other Person").registration
        other_code = elsewhere.check_in_code
    log_in_as(client, door)
    use_english(client)
    html = _door_page(client, door, other_code)
    assert _found(html) == []
    notice = element_text(html, "search-notice")
    assert f"The code {other_code} belongs to a registration for another event, not this one." in notice
    assert "Other Person" not in html


def test_an_unknown_code_or_name_is_refused_with_a_clear_message(app, client):
    door = build_door(app)
    log_in_as(client, door)
    use_english(client)
    unused = next(code for code in ("ZZZZZZ", "YYYYYY") if code not in door.codes.values())
    notice = element_text(_door_page(client, door, unused), "search-notice")
    assert notice == f"No registration for this event has the code {unused}. Check the code, or search by name."
    notice = element_text(_door_page(client, door, "Zlatan"), "search-notice")
    assert notice == "Nobody registered for this event matches “Zlatan”."
    assert element_text(_door_page(client, door, "amira"), "search-notice") is None


def test_waiting_and_cancelled_registrations_are_found_but_not_checked_in(app, client):
    door = build_door(app, capacity=5)  # Carla's 2 wait
    log_in_as(client, door)
    use_english(client)
    carla = door.registration_ids["Carla Ortiz"]
    html = _door_page(client, door, door.codes["Carla Ortiz"])
    assert _found(html) == [carla] and "On the waiting list" in html
    assert f'action="/staff/events/{door.event_id}/checkin/{carla}"' not in html
    response = _check_in(client, door, "Carla Ortiz")
    assert "Carla Ortiz is on the waiting list." in flashes(client, response)
    assert registration(app, carla).checked_in_at is None


def test_a_wrong_tap_can_be_undone(app, client):
    door = build_door(app)
    log_in_as(client, door)
    _check_in(client, door, "Amira Hassan")
    response = client.post(f"/staff/events/{door.event_id}/checkin/{door.registration_ids['Amira Hassan']}/undo")
    assert response.status_code == 302
    assert registration(app, door.registration_ids["Amira Hassan"]).checked_in_at is None


def test_nobody_is_checked_in_at_a_cancelled_event(app, client):
    door = build_door(app)
    with arrange(app):
        db.session.get(Event, door.event_id).status = EventStatus.CANCELLED
    log_in_as(client, door)
    use_english(client)
    response = _check_in(client, door, "Amira Hassan")
    assert "This event has been cancelled." in flashes(client, response)
    assert registration(app, door.registration_ids["Amira Hassan"]).checked_in_at is None


def test_check_in_on_postgresql(pg_app):
    from dialogue.attendance.services import check_in

    door = build_door(pg_app, roles=())
    with pg_app.app_context():
        event = db.session.get(Event, door.event_id)
        first = check_in(event, door.registration_ids["Amira Hassan"], actor=None)
        db.session.commit()
        again = check_in(event, door.registration_ids["Amira Hassan"], actor=None)
        db.session.commit()
        assert not first.already and again.already
        assert again.registration.checked_in_at == first.registration.checked_in_at
