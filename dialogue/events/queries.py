"""Read-side queries for event pages. List queries load what the page shows up front and forbid lazy loads."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import abort
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy import Select, exists, literal_column, or_, select
from sqlalchemy.orm import joinedload, raiseload, selectinload

from dialogue.database import utcnow
from dialogue.events.models import Event, EventKind, EventLanguage, EventStatus, EventTranslation
from dialogue.extensions import db
from dialogue.local_time import local_midnight_utc
from dialogue.neighbourhoods.models import Neighbourhood
from dialogue.permissions import is_staff


@dataclass
class EventFilters:
    neighbourhood_slug: str | None = None
    kind: EventKind | None = None
    date_from: date | None = None
    date_to: date | None = None
    language: str | None = None
    only_free_places: bool = False


def with_translation_into(language: str | None = None):
    """A loader option for a list of events shown to a reader of `language` (default: the page's): each event's
    translation into that language, joined to the list's own query, so that showing the events in the reader's
    language (dialogue.events.texts) costs no statement more, however many there are. Each event's `translations`
    then holds that one only: the list is for reading, not for changing translations. Results need .unique()."""
    language = language or str(get_locale())
    return joinedload(Event.translations.and_(EventTranslation.language == language))


def _list_options(language: str | None = None):
    return (
        selectinload(Event.neighbourhood),
        selectinload(Event.languages),
        with_translation_into(language),
        raiseload("*"),
    )


def where_place_kind_and_days(query: Select, filters) -> Select:
    """The filters every event list has: neighbourhood, kind, and the first and last local day."""
    if filters.neighbourhood_slug:
        query = query.join(Event.neighbourhood).where(Neighbourhood.slug == filters.neighbourhood_slug)
    if filters.kind:
        query = query.where(Event.kind == filters.kind)
    if filters.date_from:
        query = query.where(Event.starts_at >= local_midnight_utc(filters.date_from))
    if filters.date_to:
        query = query.where(Event.starts_at < local_midnight_utc(filters.date_to + timedelta(days=1)))
    return query


def published():
    """The condition of the partial indexes over published events (dialogue.events.models.PUBLISHED), as a literal."""
    return Event.status == literal_column(f"'{EventStatus.PUBLISHED.value}'")


def upcoming_events_select(
    filters: EventFilters | None = None, now: datetime | None = None, language: str | None = None
) -> Select:
    """Published events that have not ended, soonest first, narrowed by `filters`, for a reader of `language`."""
    filters = filters or EventFilters()
    query = (
        select(Event)
        .where(published(), Event.ends_at > (now or utcnow()))
        .options(*_list_options(language))
        .order_by(Event.starts_at, Event.id)
    )
    query = where_place_kind_and_days(query, filters)
    if filters.language:
        query = query.where(exists().where(EventLanguage.event_id == Event.id, EventLanguage.code == filters.language))
    if filters.only_free_places:
        query = query.where(or_(Event.capacity.is_(None), Event.places_taken < Event.capacity))
    return query


def languages_of_upcoming_events(now: datetime | None = None) -> set[str]:
    """Languages spoken at some upcoming published event: the only ones worth offering as a filter."""
    return set(
        db.session.scalars(
            select(EventLanguage.code)
            .join(Event, Event.id == EventLanguage.event_id)
            .where(published(), Event.ends_at > (now or utcnow()))
            .distinct()
        )
    )


def upcoming_events(limit: int) -> list[Event]:
    return list(db.session.scalars(upcoming_events_select().limit(limit)).unique())


def event_for_page(event_id: int) -> Event | None:
    return db.session.scalars(
        select(Event)
        .where(Event.id == event_id)
        .options(selectinload(Event.neighbourhood), selectinload(Event.languages), selectinload(Event.translations))
    ).one_or_none()


def event_to_register_for(event_id: int) -> Event | None:
    """The event for its registration form and for the emails that registering writes: with its neighbourhood and
    all its translations (an email is in the registrant's language, whatever the page's), in one statement."""
    return (
        db.session.scalars(
            select(Event)
            .where(Event.id == event_id)
            .options(joinedload(Event.neighbourhood), joinedload(Event.translations))
        )
        .unique()
        .one_or_none()
    )


def can_view_event(user, event: Event) -> bool:
    """Drafts are visible to staff only; published and cancelled events to everyone."""
    return event.status != EventStatus.DRAFT or is_staff(user)


def visible_event_or_404(event_id: int, load: Callable[[int], Event | None] = event_for_page) -> Event:
    """The event for a public page (as `load` reads it), or 404 when it does not exist or is a draft the reader may
    not see."""
    event = load(event_id)
    if event is None or not can_view_event(current_user, event):
        abort(404)
    return event
