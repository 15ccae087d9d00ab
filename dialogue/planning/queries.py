"""Read-side queries for the event management pages. The list loads what it shows up front and forbids lazy
loads, so it runs the same number of statements whatever the number of events."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import raiseload, selectinload

from dialogue.database import utcnow
from dialogue.events.models import Event, EventKind, EventStatus
from dialogue.events.queries import where_place_kind_and_days
from dialogue.extensions import db
from dialogue.organisations.models import Organisation
from dialogue.registrations.models import Registration, RegistrationStatus

STAFF_EVENTS_PER_PAGE = 25


@dataclass
class PlanningFilters:
    status: EventStatus | None = None
    neighbourhood_slug: str | None = None
    kind: EventKind | None = None
    date_from: date | None = None
    date_to: date | None = None
    series_key: str | None = None


def staff_events_select(filters: PlanningFilters | None = None, now: datetime | None = None) -> Select:
    """Events of every status: those still to come first, soonest first; then past ones, latest first."""
    filters = filters or PlanningFilters()
    now = now or utcnow()
    is_past = case((Event.ends_at <= now, 1), else_=0)
    query = (
        select(Event)
        .options(selectinload(Event.neighbourhood), selectinload(Event.cohosts), raiseload("*"))
        .order_by(
            is_past,
            case((Event.ends_at > now, Event.starts_at)),
            case((Event.ends_at <= now, Event.starts_at)).desc(),
            Event.id,
        )
    )
    if filters.status:
        query = query.where(Event.status == filters.status)
    query = where_place_kind_and_days(query, filters)
    if filters.series_key:
        query = query.where(Event.series_key == filters.series_key)
    return query


def waitlist_counts(event_ids: list[int]) -> dict[int, int]:
    if not event_ids:
        return {}
    rows = db.session.execute(
        select(Registration.event_id, func.count())
        .where(Registration.event_id.in_(event_ids), Registration.status == RegistrationStatus.WAITLISTED)
        .group_by(Registration.event_id)
    )
    return dict(rows.all())


def event_for_planning(event_id: int) -> Event | None:
    return db.session.scalars(
        select(Event)
        .where(Event.id == event_id)
        .options(selectinload(Event.neighbourhood), selectinload(Event.languages), selectinload(Event.cohosts))
    ).one_or_none()


def series_events(event: Event) -> list[Event]:
    """The other events of the event's series, in time order."""
    if not event.series_key:
        return []
    return list(
        db.session.scalars(
            select(Event)
            .where(Event.series_key == event.series_key, Event.id != event.id)
            .options(raiseload("*"))
            .order_by(Event.starts_at, Event.id)
        )
    )


def all_organisations() -> list[Organisation]:
    return list(db.session.scalars(select(Organisation).order_by(Organisation.name)))
