"""Checking in on another day than the event's: the door page warns (in Stockholm time), and the check-in still
works; on the event's own day, and on any day of an event over several days, there is no warning. The staff event
menu leads to logging the event's input."""

from datetime import timedelta

from dialogue.database import utcnow
from dialogue.local_time import local_midnight_utc, local_today
from dialogue.permissions import Role
from tests.attendance.helpers import build_door, flashes, log_in_as, move_into_past, registration
from tests.registrations.helpers import element_text
from tests.support import use_english

NOTICE = "other-day-notice"


def two_hours_at_noon(days_from_today: int) -> dict:
    """An event from 12:00 to 14:00 Stockholm time, `days_from_today` days away: on one day, whatever the hour now."""
    noon = local_midnight_utc(local_today() + timedelta(days=days_from_today)) + timedelta(hours=12)
    return {"starts_at": noon, "ends_at": noon + timedelta(hours=2)}


def _door_page(client, door) -> str:
    response = client.get(f"/staff/events/{door.event_id}/checkin")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_an_event_on_another_day_is_warned_about_and_check_in_still_works(app, client):
    door = build_door(app, **two_hours_at_noon(7))
    log_in_as(client, door)
    use_english(client)

    notice = element_text(_door_page(client, door), NOTICE)
    assert notice.startswith("This event is on ") and "not today. You can still check people in" in notice

    amira = door.registration_ids["Amira Hassan"]
    response = client.post(f"/staff/events/{door.event_id}/checkin/{amira}")
    assert "Amira Hassan is checked in (3 people)." in flashes(client, response)
    assert registration(app, amira).checked_in_at is not None
    assert element_text(_door_page(client, door), NOTICE) == notice


def test_an_event_held_days_ago_is_warned_about_in_swedish(app, client):
    door = build_door(app)
    held = two_hours_at_noon(-10)
    started_hours_ago = (utcnow() - held["starts_at"]).total_seconds() / 3600
    move_into_past(app, door.event_id, started_hours_ago=started_hours_ago, ended_hours_ago=started_hours_ago - 2)
    log_in_as(client, door)
    notice = element_text(_door_page(client, door), NOTICE)
    assert notice.startswith("Aktiviteten är ") and "inte i dag" in notice


def test_no_warning_on_the_events_day(app, client):
    now = utcnow()
    door = build_door(app, starts_at=now + timedelta(days=1))
    move_into_past(app, door.event_id, started_hours_ago=0.2, ended_hours_ago=-0.3)  # around now, whatever the hour
    log_in_as(client, door)
    html = _door_page(client, door)
    assert element_text(html, NOTICE) is None
    assert element_text(html, "door-count") is not None


def test_every_day_of_an_event_over_several_days_is_its_day(app, client):
    door = build_door(app)
    move_into_past(app, door.event_id, started_hours_ago=30, ended_hours_ago=-30)
    log_in_as(client, door)
    assert element_text(_door_page(client, door), NOTICE) is None


def test_an_event_over_several_other_days_names_them(app, client):
    door = build_door(app, ends_at=utcnow() + timedelta(days=9))
    log_in_as(client, door)
    use_english(client)
    notice = element_text(_door_page(client, door), NOTICE)
    assert notice.startswith("This event runs from ") and " to " in notice


def test_the_staff_event_menu_leads_to_logging_input(app, client):
    door = build_door(app)
    log_in_as(client, door)
    use_english(client)
    for page in ("registrations", "checkin", "attendance-sheet", "report", "registrations/new"):
        html = client.get(f"/staff/events/{door.event_id}/{page}").get_data(as_text=True)
        assert f'<a href="/staff/events/{door.event_id}/log-input">Log input</a>' in html, page
    response = client.get(f"/staff/events/{door.event_id}/log-input")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'<a href="/staff/events/{door.event_id}/log-input" aria-current="page">Log input</a>' in html


def test_the_event_menu_is_for_staff_only(app, client):
    door = build_door(app, roles=(Role.RESIDENT,))
    log_in_as(client, door, Role.RESIDENT)
    assert client.get(f"/staff/events/{door.event_id}/log-input").status_code == 403
