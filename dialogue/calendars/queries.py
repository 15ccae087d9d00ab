"""What the calendar feeds contain. Each is one query with lazy loads forbidden, whatever the number of events."""

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import raiseload

from dialogue.database import utcnow
from dialogue.events.models import Event, EventKind, EventStatus
from dialogue.events.queries import with_translation_into
from dialogue.extensions import db
from dialogue.registrations.models import Registration, RegistrationStatus

# Feeds keep events that ended this recently, so a subscriber still finds last week's meeting in the calendar.
FEED_PAST_DAYS = 30
ACTIVE_STATUSES = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)


def _oldest_end(now: datetime | None) -> datetime:
    return (now or utcnow()) - timedelta(days=FEED_PAST_DAYS)


def public_feed_events(
    neighbourhood_id: int | None = None,
    kind: EventKind | None = None,
    now: datetime | None = None,
    language: str | None = None,
) -> list[Event]:
    """Published, held and cancelled events from the last FEED_PAST_DAYS days on, drafts never, with their
    translations into the reader's `language` (dialogue.events.queries.with_translation_into).

    Cancelled events stay in the feed with STATUS:CANCELLED, so subscribed calendars mark them cancelled
    instead of silently losing them.
    """
    query = (
        select(Event)
        .where(Event.status != EventStatus.DRAFT, Event.ends_at >= _oldest_end(now))
        .options(with_translation_into(language), raiseload("*"))
        .order_by(Event.starts_at, Event.id)
    )
    if neighbourhood_id is not None:
        query = query.where(Event.neighbourhood_id == neighbourhood_id)
    if kind is not None:
        query = query.where(Event.kind == kind)
    return list(db.session.scalars(query).unique())


def personal_feed_entries(
    user_id: int, now: datetime | None = None, language: str | None = None
) -> list[tuple[Event, RegistrationStatus]]:
    """The events of the user's confirmed and waiting registrations, each once, with the registration's status, and
    their translations into the user's `language`."""
    rows = (
        db.session.execute(
            select(Event, Registration.status)
            .join(Registration, Registration.event_id == Event.id)
            .where(
                Registration.user_id == user_id,
                Registration.status.in_(ACTIVE_STATUSES),
                Event.status != EventStatus.DRAFT,
                Event.ends_at >= _oldest_end(now),
            )
            .options(with_translation_into(language), raiseload("*"))
            .order_by(Event.starts_at, Event.id, Registration.id)
        )
        .unique()
        .all()
    )
    # Two registrations of one person for one event (two email addresses): a confirmed place wins.
    entries: dict[int, tuple[Event, RegistrationStatus]] = {}
    for event, status in rows:
        if event.id not in entries or status == RegistrationStatus.CONFIRMED:
            entries[event.id] = (event, status)
    return list(entries.values())
