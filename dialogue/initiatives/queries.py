"""Read-side queries for the initiatives register. Lists load what they show up front and forbid lazy loads."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select, select
from sqlalchemy.orm import raiseload, selectinload

from dialogue.database import utcnow
from dialogue.events.models import Event, EventStatus
from dialogue.extensions import db
from dialogue.initiatives.models import Initiative, InitiativeKind, InitiativeStatus

INITIATIVES_PER_PAGE = 50
# Related events are chosen among the recent and the coming ones; a longer list would not help anyone choose.
RELATED_EVENTS_YEARS_BACK = 2
RELATED_EVENT_CHOICES_MAX = 400


@dataclass
class InitiativeFilters:
    kind: InitiativeKind | None = None
    status: InitiativeStatus | None = None


def initiatives_select(filters: InitiativeFilters | None = None) -> Select:
    filters = filters or InitiativeFilters()
    query = (
        select(Initiative)
        .options(selectinload(Initiative.partners), selectinload(Initiative.neighbourhoods), raiseload("*"))
        .order_by(Initiative.name, Initiative.id)
    )
    if filters.kind:
        query = query.where(Initiative.kind == filters.kind)
    if filters.status:
        query = query.where(Initiative.status == filters.status)
    return query


def initiative_for_page(initiative_id: int) -> Initiative | None:
    return db.session.scalars(
        select(Initiative)
        .where(Initiative.id == initiative_id)
        .options(
            selectinload(Initiative.partners),
            selectinload(Initiative.neighbourhoods),
            selectinload(Initiative.events).selectinload(Event.neighbourhood),
            raiseload("*"),
        )
    ).one_or_none()


def related_event_choices(linked_ids=(), now: datetime | None = None) -> list[Event]:
    """Published and held events of the last two years and to come, latest first, and the events already linked
    whatever their date or status (so that saving the form never drops a link by itself)."""
    since = (now or utcnow()) - timedelta(days=365 * RELATED_EVENTS_YEARS_BACK)

    def events(condition, limit=None) -> list[Event]:
        query = (
            select(Event)
            .where(condition)
            .options(selectinload(Event.neighbourhood), raiseload("*"))
            .order_by(Event.starts_at.desc(), Event.id.desc())
        )
        return list(db.session.scalars(query.limit(limit) if limit else query))

    chosen = {
        event.id: event
        for event in events(
            Event.status.in_((EventStatus.PUBLISHED, EventStatus.HELD)) & (Event.starts_at >= since),
            limit=RELATED_EVENT_CHOICES_MAX,
        )
    }
    missing = set(linked_ids) - chosen.keys()
    if missing:
        chosen.update((event.id, event) for event in events(Event.id.in_(missing)))
    return sorted(chosen.values(), key=lambda event: (event.starts_at, event.id), reverse=True)
