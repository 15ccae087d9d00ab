"""emails.event_changed and emails.event_cancelled, as the planning service calls them after changing or
cancelling an event: one message per active registration, once per change."""

from datetime import timedelta

from dialogue.events.models import EventStatus
from dialogue.registrations import emails
from dialogue.registrations.cancellation import cancel
from tests.factories import make_registration
from tests.notifications.mail_helpers import STARTS_AT, queued, seved_event
from tests.support import arrange


def _event_with_people(capacity=1):
    """Confirmed Amira, waiting Bo, and Cecilia who cancelled."""
    event = seved_event(capacity=capacity)
    make_registration(event, email="amira@example.se", preferred_language="en")
    make_registration(event, email="bo@example.se", preferred_language="en")
    cecilia = make_registration(event, email="cecilia@example.se", preferred_language="en").registration
    cancel(cecilia.id)
    return event


def _move_an_hour_later(event):
    event.starts_at += timedelta(hours=1)
    event.ends_at += timedelta(hours=1)
    event.revision += 1


def test_a_change_reaches_every_active_registration_with_the_new_time(app):
    with arrange(app):
        event = _event_with_people()
        _move_an_hour_later(event)
        emails.event_changed(event)

    messages = queued(app, kind="event_changed")
    assert sorted(message.to_address for message in messages) == ["amira@example.se", "bo@example.se"]
    for message in messages:
        assert "Tuesday, June 10, 2031, 19:00–21:00" in message.text
        assert "The time or place of Dialogue evening in Seved has changed." in message.text
    [to_amira] = queued(app, kind="event_changed", to="amira@example.se")
    assert "Your place is still kept for you." in to_amira.text
    [to_bo] = queued(app, kind="event_changed", to="bo@example.se")
    assert "You are still on the waiting list." in to_bo.text


def test_a_change_is_announced_once_and_the_next_change_again(app):
    with arrange(app):
        event = _event_with_people()
        _move_an_hour_later(event)
        first = emails.event_changed(event)
        repeated = emails.event_changed(event)  # e.g. the form submitted twice for one change
        _move_an_hour_later(event)
        second = emails.event_changed(event)

    assert (len(first), len(repeated), len(second)) == (2, 0, 2)
    [latest] = queued(app, kind="event_changed", to="amira@example.se")[-1:]
    assert "Tuesday, June 10, 2031, 20:00–22:00" in latest.text
    assert latest.vevent["SEQUENCE"] == 2


def test_a_cancellation_reaches_every_active_registration_once(app):
    with arrange(app):
        event = _event_with_people()
        event.status = EventStatus.CANCELLED
        event.cancellation_message = "The library is closed for repairs.\n\nWe will invite you again in August."
        event.revision += 1
        first = emails.event_cancelled(event)
        again = emails.event_cancelled(event)

    assert (len(first), len(again)) == (2, 0)
    messages = queued(app, kind="event_cancelled")
    assert sorted(message.to_address for message in messages) == ["amira@example.se", "bo@example.se"]
    for message in messages:
        assert message.subject.startswith("Cancelled: Dialogue evening in Seved")
        assert "We will invite you again in August." in message.text
        assert "We will invite you again in August." in message.html_text
    [to_amira] = queued(app, kind="event_cancelled", to="amira@example.se")
    assert str(to_amira.vevent["STATUS"]) == "CANCELLED"
    [to_bo] = queued(app, kind="event_cancelled", to="bo@example.se")
    assert to_bo.attachments == ()  # never had it in a calendar


def test_an_event_without_registrations_queues_nothing(app):
    with arrange(app):
        event = seved_event(starts_at=STARTS_AT)
        event.revision += 1
        assert emails.event_changed(event) == []
        assert emails.event_cancelled(event) == []

    assert queued(app) == []


def test_editing_the_time_of_a_published_event_and_cancelling_it_tell_the_registrants(app):
    """Through the planning service: the change and the cancellation are queued with the edit, once each."""
    from datetime import timedelta

    from sqlalchemy import select

    from dialogue.extensions import db
    from dialogue.outbox.models import OutboxMessage
    from dialogue.permissions import Role
    from dialogue.planning.services import EventDetails, cancel_event, update_event
    from tests.factories import make_event, make_registration, make_user

    with app.test_request_context():
        leader = make_user(role=Role.PROCESS_LEADER)
        event = make_event(capacity=10)
        make_registration(event, email="anna@example.se")
        db.session.commit()
        details = EventDetails(
            kind=event.kind,
            title=event.title,
            neighbourhood_id=event.neighbourhood_id,
            venue=event.venue,
            address=event.address,
            starts_at=event.starts_at + timedelta(hours=1),
            ends_at=event.ends_at + timedelta(hours=1),
            capacity=event.capacity,
            language_codes=["sv"],
        )
        update_event(event.id, details, leader)
        cancel_event(event.id, "The hall is flooded.", leader)
        db.session.commit()
        kinds = sorted(
            db.session.scalars(select(OutboxMessage.kind).where(OutboxMessage.to_address == "anna@example.se"))
        )
    assert kinds == sorted(["registration_confirmed", "event_changed", "event_cancelled"])
