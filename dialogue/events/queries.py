"""Read-side queries for event pages. List queries load what the page shows up front and forbid lazy loads."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache

from flask import abort
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy import (
    BindParameter,
    ColumnElement,
    CompoundSelect,
    Select,
    bindparam,
    exists,
    func,
    literal,
    literal_column,
    or_,
    select,
    union,
    union_all,
)
from sqlalchemy.orm import joinedload, raiseload, selectinload

from dialogue.database import UTCDateTime, utcnow
from dialogue.events.models import Event, EventKind, EventLanguage, EventStatus, EventTranslation
from dialogue.extensions import db
from dialogue.i18n import SPOKEN_LANGUAGES
from dialogue.local_time import local_midnight_utc
from dialogue.neighbourhoods.models import Neighbourhood
from dialogue.pagination import Page
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


def under_way(now: datetime | BindParameter, dialect_name: str | None = None) -> list[ColumnElement]:
    """Events that have started and not ended at `now`. On PostgreSQL the range of the event's times contains the
    moment, which the GiST index ix_events_under_way answers without passing over the events that ended before."""
    moment = now if isinstance(now, BindParameter) else literal(now, UTCDateTime())
    if (dialect_name or db.session.get_bind().dialect.name) == "postgresql":
        return [func.tstzrange(Event.starts_at, Event.ends_at).op("@>")(moment)]
    return [Event.starts_at <= moment, Event.ends_at > moment]


def _conditions(filters: EventFilters) -> list[ColumnElement]:
    """The filters as conditions on Event, the spoken language apart: the neighbourhood is named by its id, found
    from the slug in the same statement, so that the neighbourhood's index is walked in its order."""
    conditions = [published()]
    if filters.neighbourhood_slug:
        neighbourhood_id = select(Neighbourhood.id).where(Neighbourhood.slug == filters.neighbourhood_slug)
        conditions.append(Event.neighbourhood_id == neighbourhood_id.scalar_subquery())
    if filters.kind:
        conditions.append(Event.kind == filters.kind)
    if filters.date_from:
        conditions.append(Event.starts_at >= local_midnight_utc(filters.date_from))
    if filters.date_to:
        conditions.append(Event.starts_at < local_midnight_utc(filters.date_to + timedelta(days=1)))
    if filters.only_free_places:
        conditions.append(or_(Event.capacity.is_(None), Event.places_taken < Event.capacity))
    return conditions


def _speaks(code: str) -> ColumnElement:
    return exists().where(EventLanguage.event_id == Event.id, EventLanguage.code == code)


def _coming(filters: EventFilters, now: datetime) -> Select:
    """(id, starts_at) of the filtered events that start after `now`. With a spoken language, from that language's
    published events in the order they start (ix_event_languages_published), so that a language few events speak
    is found without walking every upcoming event; otherwise from the published events in that order."""
    query = select(Event.id, Event.starts_at).where(*_conditions(filters), Event.starts_at > now)
    if not filters.language:
        return query
    return query.join(EventLanguage, EventLanguage.event_id == Event.id).where(
        EventLanguage.code == filters.language,
        literal_column("event_languages.event_published"),
        EventLanguage.event_starts_at > now,
    )


def _under_way(filters: EventFilters, now: datetime) -> Select:
    """(id, starts_at) of the filtered events under way at `now`: the few that have started and not ended."""
    query = select(Event.id, Event.starts_at).where(*_conditions(filters), *under_way(now))
    return query.where(_speaks(filters.language)) if filters.language else query


def first_ids(under: Select, coming: Select, order, limit: int, offset: int = 0) -> Select:
    """The ids of the `limit` events from the `offset`-th on, soonest first, of the events under way and those to
    come: each part is read up to where the page ends, in the order of an index, so that a page reads its rows and
    not every upcoming event."""
    parts = [select(under.subquery()), select(coming.order_by(*order).limit(offset + limit).subquery())]
    both = union_all(*parts).subquery("not_ended")
    return select(both.c.id).order_by(both.c.starts_at, both.c.id).limit(limit).offset(offset)


def soonest_ids(conditions: list[ColumnElement], now: datetime, limit: int) -> Select:
    """The ids of the first `limit` events matching `conditions` that have not ended at `now`, soonest first."""
    under = select(Event.id, Event.starts_at).where(*conditions, *under_way(now))
    coming = select(Event.id, Event.starts_at).where(*conditions, Event.starts_at > now)
    return first_ids(under, coming, (Event.starts_at, Event.id), limit)


def _coming_order(filters: EventFilters) -> tuple:
    if filters.language:
        return (EventLanguage.event_starts_at, EventLanguage.event_id)
    return (Event.starts_at, Event.id)


def upcoming_events_select(
    filters: EventFilters | None = None,
    now: datetime | None = None,
    language: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> Select:
    """Published events that have not ended, soonest first, narrowed by `filters`, for a reader of `language`:
    `limit` of them from the `offset`-th on."""
    filters, now = filters or EventFilters(), now or utcnow()
    ids = first_ids(_under_way(filters, now), _coming(filters, now), _coming_order(filters), limit, offset)
    return (
        select(Event)
        .where(Event.id.in_(ids.scalar_subquery()))
        .options(*_list_options(language))
        .order_by(Event.starts_at, Event.id)
    )


def count_upcoming_events(filters: EventFilters, now: datetime | None = None) -> int:
    """How many published events match `filters` and have not ended: those under way and those to come, each
    counted from the index that holds them."""
    now = now or utcnow()
    under, coming = _under_way(filters, now).subquery(), _coming(filters, now).subquery()
    return db.session.scalar(
        select(
            select(func.count()).select_from(under).scalar_subquery()
            + select(func.count()).select_from(coming).scalar_subquery()
        )
    )


def upcoming_events_page(filters: EventFilters, page: int, per_page: int) -> Page:
    """One page of the event list; a page past the last one is a 404 (as dialogue.pagination.paginate's)."""
    now = utcnow()
    events = list(
        db.session.scalars(upcoming_events_select(filters, now, limit=per_page, offset=(page - 1) * per_page)).unique()
    )
    if page > 1 and not events:
        abort(404)
    return Page(items=events, page=page, per_page=per_page, total=count_upcoming_events(filters, now))


def languages_of_upcoming_events(now: datetime | None = None) -> set[str]:
    """Languages spoken at some upcoming published event: the only ones worth offering as a filter. For each
    language an event may speak, whether a published event that speaks it is under way or starts later: a look-up
    in ix_event_languages_published each, however many events there are."""
    statement = _languages_statement(db.session.get_bind().dialect.name)
    return set(db.session.scalars(statement, {"now": now or utcnow()}))


@cache
def _languages_statement(dialect_name: str) -> CompoundSelect:
    """Built once per database: its shape never changes, and the moment is a parameter (`now`)."""
    now = bindparam("now", type_=UTCDateTime())
    under = (
        select(EventLanguage.code)
        .join(Event, Event.id == EventLanguage.event_id)
        .where(published(), *under_way(now, dialect_name))
    )
    coming = [
        select(literal(code).label("code")).where(
            exists().where(
                EventLanguage.code == code,
                literal_column("event_languages.event_published"),
                EventLanguage.event_starts_at > now,
            )
        )
        for code in SPOKEN_LANGUAGES
    ]
    return union(under, *coming)


def upcoming_events(limit: int) -> list[Event]:
    return list(db.session.scalars(upcoming_events_select(limit=limit)).unique())


def event_for_page(event_id: int) -> Event | None:
    return db.session.scalars(
        select(Event)
        .where(Event.id == event_id)
        .options(selectinload(Event.neighbourhood), selectinload(Event.languages), selectinload(Event.translations))
    ).one_or_none()


def event_to_register_for(event_id: int) -> Event | None:
    """The event for its registration form and for the emails that registering writes: with its neighbourhood and
    all its translations (an email is in the registrant's language, whatever the page's), in one statement."""
    return db.session.scalars(_event_to_register_for(), {"event_id": event_id}).unique().one_or_none()


@cache
def _event_to_register_for() -> Select:
    """Built once: a burst of registrations reads the event with each of them."""
    return (
        select(Event)
        .where(Event.id == bindparam("event_id", type_=Event.__table__.c.id.type))
        .options(joinedload(Event.neighbourhood), joinedload(Event.translations))
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
