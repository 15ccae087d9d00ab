"""Messages that go out because time passed: reminders before events and thank-yous after held events.
`flask notify reminders | thank-you` queue them from cron; `flask outbox send` delivers. A run queues only what
no earlier run queued (the outbox's dedupe keys), so running a command twice, or two at once, sends nobody
anything twice.
"""

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from dialogue.database import utcnow
from dialogue.events.models import Event, EventStatus
from dialogue.extensions import db
from dialogue.outbox.messages import already_queued
from dialogue.registrations import emails
from dialogue.registrations.models import Registration, RegistrationStatus

LONGEST_REMINDER = timedelta(hours=336)  # the events table allows reminder_hours up to two weeks
# A thank-you after this long would puzzle more than please: an event marked held later gets none.
THANK_YOU_WITHIN = timedelta(days=30)


def _confirmed_registrations(event_ids: list[int], key_prefix: str) -> list[Registration]:
    """Confirmed registrations of these events that have no message with this dedupe key prefix yet."""
    if not event_ids:
        return []
    registrations = list(
        db.session.scalars(
            select(Registration)
            .where(
                Registration.event_id.in_(event_ids),
                Registration.status == RegistrationStatus.CONFIRMED,
                Registration.no_show.is_(False),
                Registration.anonymised_at.is_(None),  # nobody left to tell
            )
            .options(selectinload(Registration.access_needs))
            .order_by(Registration.event_id, Registration.id)
        )
    )
    done = already_queued([f"{key_prefix}:{registration.id}" for registration in registrations])
    return [registration for registration in registrations if f"{key_prefix}:{registration.id}" not in done]


def queue_reminders(now: datetime | None = None) -> int:
    """Remind confirmed people of published events whose reminder window (event.reminder_hours before the
    start) has opened. Someone confirmed after the window opened just got the confirmation with the same
    facts, so gets no reminder on top of it."""
    now = now or utcnow()
    events = db.session.scalars(
        select(Event)
        .where(
            Event.status == EventStatus.PUBLISHED,
            Event.reminder_hours > 0,
            Event.starts_at > now,
            Event.starts_at <= now + LONGEST_REMINDER,
        )
        .options(selectinload(Event.neighbourhood))
    )
    window_opened = {
        event.id: event.starts_at - timedelta(hours=event.reminder_hours)
        for event in events
        if event.starts_at - timedelta(hours=event.reminder_hours) <= now
    }
    queued = 0
    for registration in _confirmed_registrations(list(window_opened), "reminder"):
        if registration.confirmed_at and registration.confirmed_at > window_opened[registration.event_id]:
            continue
        queued += emails.reminder(registration) is not None
    return queued


def queue_thank_yous(now: datetime | None = None) -> int:
    """Thank the people who were confirmed for an event held in the last 30 days (not the no-shows)."""
    now = now or utcnow()
    event_ids = list(
        db.session.scalars(
            select(Event.id).where(
                Event.status == EventStatus.HELD, Event.ends_at <= now, Event.ends_at > now - THANK_YOU_WITHIN
            )
        )
    )
    queued = 0
    for registration in _confirmed_registrations(event_ids, "thank-you"):
        queued += emails.thank_you(registration) is not None
    return queued
