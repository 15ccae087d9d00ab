"""The .ics attached to messages, read back with the icalendar library: the confirmation and the move up from
the waiting list add the event, a change moves it (same UID, higher SEQUENCE), a cancellation removes it."""

from datetime import timedelta

import pytest

from dialogue.events.models import EventStatus
from dialogue.extensions import db
from dialogue.local_time import LOCAL_TIMEZONE
from dialogue.registrations import emails
from dialogue.registrations.cancellation import cancel
from dialogue.registrations.reminders import queue_reminders, queue_thank_yous
from tests.factories import make_registration
from tests.notifications.mail_helpers import ADDRESS, PUBLIC_URL, STARTS_AT, TITLE, VENUE, queued, seved_event
from tests.support import arrange

STOCKHOLM = LOCAL_TIMEZONE


def assert_is_the_event(vevent, event_id: int, sequence: int, starts_at=STARTS_AT) -> None:
    assert str(vevent["UID"]) == f"event-{event_id}@dialogue.malmo.se"
    assert vevent["DTSTART"].params["TZID"] == "Europe/Stockholm"
    assert vevent["DTSTART"].dt == starts_at
    assert vevent["DTSTART"].dt.utcoffset() == starts_at.astimezone(STOCKHOLM).utcoffset()
    assert vevent["SEQUENCE"] == sequence
    assert str(vevent["SUMMARY"]) == TITLE
    assert str(vevent["URL"]) == f"{PUBLIC_URL}/events/{event_id}"


def test_confirmation_carries_the_event_for_the_calendar(app):
    with arrange(app):
        event = seved_event()
        make_registration(event)
        event_id = event.id

    [message] = queued(app, kind="registration_confirmed")
    [(filename, content_type, _)] = message.attachments
    assert filename == f"event-{event_id}.ics"
    assert content_type == "text/calendar; charset=utf-8; method=PUBLISH"
    assert_is_the_event(message.vevent, event_id, sequence=0)
    assert str(message.vevent["LOCATION"]) == f"{VENUE}, {ADDRESS}"
    assert str(message.vevent["STATUS"]) == "CONFIRMED"
    [timezone] = message.calendar.walk("VTIMEZONE")
    assert str(timezone["TZID"]) == "Europe/Stockholm"


def test_moving_up_from_the_waiting_list_carries_the_event(app):
    with arrange(app):
        event = seved_event(capacity=1)
        first = make_registration(event).registration
        make_registration(event, email="waiting@example.se")
        cancel(first.id)
        event_id = event.id

    [message] = queued(app, kind="promoted")
    assert message.to_address == "waiting@example.se"
    assert_is_the_event(message.vevent, event_id, sequence=0)


def test_a_change_moves_the_entry_for_the_confirmed_and_sends_none_to_the_waiting(app):
    later = STARTS_AT + timedelta(hours=1)
    with arrange(app):
        event = seved_event(capacity=1)
        make_registration(event, email="confirmed@example.se")
        make_registration(event, email="waiting@example.se")
        event.starts_at, event.ends_at = later, later + timedelta(hours=2)
        event.revision += 1
        emails.event_changed(event)
        event_id = event.id

    [to_confirmed] = queued(app, kind="event_changed", to="confirmed@example.se")
    assert_is_the_event(to_confirmed.vevent, event_id, sequence=1, starts_at=later)
    [to_waiting] = queued(app, kind="event_changed", to="waiting@example.se")
    assert to_waiting.attachments == ()


def test_a_cancellation_by_the_organiser_removes_the_entry(app):
    with arrange(app):
        event = seved_event()
        make_registration(event)
        event.status = EventStatus.CANCELLED
        event.cancellation_message = "The library is closed."
        event.revision += 1
        emails.event_cancelled(event)
        event_id = event.id

    [message] = queued(app, kind="event_cancelled")
    [(_, content_type, _)] = message.attachments
    assert content_type == f"text/calendar; charset=utf-8; method={message.calendar['METHOD']}"
    assert_is_the_event(message.vevent, event_id, sequence=1)
    assert str(message.vevent["STATUS"]) == "CANCELLED"


@pytest.mark.parametrize("kind", ["waitlisted", "cancellation_confirmed", "reminder", "thank_you"])
def test_messages_that_change_no_calendar_carry_no_file(app, kind):
    with arrange(app):
        event = seved_event(capacity=1)
        first = make_registration(event).registration
        make_registration(event)  # waitlisted
        queue_reminders(now=STARTS_AT - timedelta(hours=1))
        cancel(first.id)
        db.session.flush()
        event.status = EventStatus.HELD
        queue_thank_yous(now=STARTS_AT + timedelta(days=1))

    messages = queued(app, kind=kind)
    assert messages, f"no {kind} message was queued"
    assert all(message.attachments == () for message in messages)
