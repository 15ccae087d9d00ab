"""Reminders and thank-yous, as `flask notify reminders` and `flask notify thank-you` queue them from cron:
to the right people, at the right time, once."""

from datetime import UTC, datetime, timedelta

import pytest

from dialogue.database import utcnow
from dialogue.events.models import EventStatus
from dialogue.extensions import db
from dialogue.registrations.cancellation import cancel
from dialogue.registrations.reminders import queue_reminders, queue_thank_yous
from tests.factories import make_registration
from tests.notifications.mail_helpers import queued, seved_event
from tests.support import arrange

NOW = datetime(2031, 6, 1, 8, 0, tzinfo=UTC)


def _starting_in(hours: float, **fields):
    starts_at = NOW + timedelta(hours=hours)
    return seved_event(starts_at=starts_at, ends_at=starts_at + timedelta(hours=2), **fields)


def _reminded(app) -> list[str]:
    return sorted(message.to_address for message in queued(app, kind="reminder"))


# Reminders


def test_reminders_go_to_confirmed_people_of_events_whose_reminder_time_has_come(app):
    with arrange(app):
        due = _starting_in(23, capacity=1)  # the default: 24 hours before
        make_registration(due, email="due@example.se")
        make_registration(due, email="waiting@example.se")
        cancel(make_registration(_starting_in(23), email="cancelled@example.se").registration.id)
        make_registration(_starting_in(25), email="too-early@example.se")
        make_registration(_starting_in(47, reminder_hours=48), email="two-days-before@example.se")
        make_registration(_starting_in(1, reminder_hours=0), email="no-reminder-wanted@example.se")
        make_registration(
            _starting_in(3), email="event-cancelled@example.se"
        ).registration.event.status = EventStatus.CANCELLED

    with app.app_context():
        assert queue_reminders(now=NOW) == 2
        db.session.commit()

    assert _reminded(app) == ["due@example.se", "two-days-before@example.se"]


def test_each_person_is_reminded_once(app):
    with arrange(app):
        registration = make_registration(_starting_in(23), email="amira@example.se").registration
        registration_id = registration.id

    for hours_later in (0, 0, 1, 12):
        with app.app_context():
            queue_reminders(now=NOW + timedelta(hours=hours_later))
            db.session.commit()

    [message] = queued(app, kind="reminder")
    assert message.dedupe_key == f"reminder:{registration_id}"


def test_no_reminder_for_an_event_that_has_started(app):
    with arrange(app):
        make_registration(_starting_in(2), email="amira@example.se")

    with app.app_context():
        assert queue_reminders(now=NOW + timedelta(hours=3)) == 0


def test_someone_confirmed_within_the_reminder_time_is_not_reminded_on_top_of_the_confirmation(app):
    with arrange(app):
        event = _starting_in(23)
        early = make_registration(event, email="early@example.se").registration
        late = make_registration(event, email="late@example.se").registration
        early.confirmed_at = NOW - timedelta(days=3)
        late.confirmed_at = NOW - timedelta(minutes=30)  # the reminder time began an hour before NOW

    with app.app_context():
        queue_reminders(now=NOW)
        db.session.commit()

    assert _reminded(app) == ["early@example.se"]


# Thank-yous


def _held(ended_hours_ago: float, *emails: str) -> list:
    """An event that ended so long before NOW, with these people registered while it was open; now held."""
    event = _starting_in(-ended_hours_ago - 2)
    registrations = [make_registration(event, email=email).registration for email in emails]
    event.status = EventStatus.HELD
    return registrations


def test_thank_yous_go_to_the_people_who_came_to_a_held_event(app):
    with arrange(app):
        _, no_show = _held(20, "came@example.se", "no-show@example.se")
        no_show.no_show = True
        make_registration(_starting_in(-30), email="not-closed-yet@example.se")  # published, not yet held
        _held(40 * 24, "long-ago@example.se")

    with app.app_context():
        assert queue_thank_yous(now=NOW) == 1
        db.session.commit()

    [message] = queued(app, kind="thank_you")
    assert message.to_address == "came@example.se"


def test_each_person_is_thanked_once(app):
    with arrange(app):
        _held(1, "came@example.se")

    for days_later in (0, 0, 1):
        with app.app_context():
            queue_thank_yous(now=NOW + timedelta(days=days_later))
            db.session.commit()

    assert len(queued(app, kind="thank_you")) == 1


# The commands


def test_notify_reminders_command_queues_once_with_links_on_the_public_address(app, runner):
    app.config["PUBLIC_URL"] = "https://dialog.example.se"
    with arrange(app):
        starts_at = utcnow() + timedelta(hours=5)
        event = seved_event(starts_at=starts_at, ends_at=starts_at + timedelta(hours=2))
        registration = make_registration(event, email="amira@example.se").registration
        registration.confirmed_at = starts_at - timedelta(days=2)
        event_id = event.id

    first = runner.invoke(args=["notify", "reminders"])
    second = runner.invoke(args=["notify", "reminders"])

    assert first.exit_code == 0, first.output
    assert "Reminders queued: 1." in first.output
    assert "Reminders queued: 0." in second.output
    [message] = queued(app, kind="reminder")
    assert f"https://dialog.example.se/events/{event_id}" in message.body_text


def test_notify_thank_you_command_queues_once(app, runner):
    with arrange(app):
        event = seved_event()
        make_registration(event, email="amira@example.se", preferred_language="en")
        # the event took place since, and its closing report is written
        event.starts_at = utcnow() - timedelta(hours=5)
        event.ends_at = event.starts_at + timedelta(hours=2)
        event.status = EventStatus.HELD

    first = runner.invoke(args=["notify", "thank-you"])
    second = runner.invoke(args=["notify", "thank-you"])

    assert "Thank-you messages queued: 1." in first.output, first.output
    assert "Thank-you messages queued: 0." in second.output
    [message] = queued(app, kind="thank_you")
    assert message.language == "en"


@pytest.mark.parametrize("command", ["reminders", "thank-you", "digest"])
def test_commands_refuse_to_run_without_a_public_address(app, runner, command):
    with arrange(app):
        make_registration(_starting_in(1), email="amira@example.se")
    app.config["PUBLIC_URL"] = None

    result = runner.invoke(args=["notify", command])

    assert result.exit_code != 0
    assert "PUBLIC_URL" in result.output
