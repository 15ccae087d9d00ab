"""What a process leader needs to act on, for the staff dashboard at /staff/. Each list is one statement (plus
the eager loads of what it shows), whatever the amount of data."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import raiseload, selectinload

from dialogue.attendance.models import ClosingReport
from dialogue.contributions.models import Contribution, ContributionKind, ProposalStatus
from dialogue.events.models import Event, EventStatus
from dialogue.extensions import db
from dialogue.moderation.queries import open_report_count, open_reports_select
from dialogue.neighbourhoods.models import Neighbourhood

UPCOMING_SHOWN = 10
AWAITING_REPORT_SHOWN = 20
LATEST_REPORTS_SHOWN = 5
UNANSWERED_AFTER = timedelta(days=30)
UPCOMING_STATUSES = (EventStatus.DRAFT, EventStatus.PUBLISHED)


@dataclass
class UpcomingEvents:
    events: list[Event]
    mine: bool  # False: the user created none, so these are everyone's


@dataclass
class Listed:
    """The first rows of a list and how many there are in all."""

    items: list
    total: int


@dataclass
class NeighbourhoodBacklog:
    neighbourhood: Neighbourhood
    unanswered: int  # public proposals still new after UNANSWERED_AFTER


def _upcoming_select(now: datetime):
    return (
        select(Event)
        .where(Event.status.in_(UPCOMING_STATUSES), Event.ends_at > now)
        .options(selectinload(Event.neighbourhood), raiseload("*"))
        .order_by(Event.starts_at, Event.id)
        .limit(UPCOMING_SHOWN)
    )


def upcoming_events(user, now: datetime) -> UpcomingEvents:
    """Drafts and published events that have not ended and that `user` created; everyone's if there are none."""
    mine = list(db.session.scalars(_upcoming_select(now).where(Event.created_by_id == user.id)))
    if mine:
        return UpcomingEvents(events=mine, mine=True)
    return UpcomingEvents(events=list(db.session.scalars(_upcoming_select(now))), mine=False)


def _awaiting_report_conditions(now: datetime) -> list:
    return [
        Event.status == EventStatus.PUBLISHED,
        Event.ends_at <= now,
        ~exists().where(ClosingReport.event_id == Event.id),
    ]


def events_awaiting_report(now: datetime) -> Listed:
    """Published events that have ended and have no closing report yet (so they are not held): latest first."""
    conditions = _awaiting_report_conditions(now)
    events = db.session.scalars(
        select(Event)
        .where(*conditions)
        .options(selectinload(Event.neighbourhood), raiseload("*"))
        .order_by(Event.ends_at.desc(), Event.id.desc())
        .limit(AWAITING_REPORT_SHOWN)
    )
    total = db.session.scalar(select(func.count()).select_from(Event).where(*conditions))
    return Listed(items=list(events), total=total)


def open_reports() -> Listed:
    """Unresolved reports of inappropriate content: the newest, and how many."""
    latest = db.session.scalars(open_reports_select().limit(LATEST_REPORTS_SHOWN))
    return Listed(items=list(latest), total=open_report_count())


def unanswered_by_neighbourhood(now: datetime) -> list[NeighbourhoodBacklog]:
    """Every neighbourhood with its public proposals that are still new more than 30 days after they were made."""
    stale = and_(
        Contribution.neighbourhood_id == Neighbourhood.id,
        Contribution.kind == ContributionKind.PROPOSAL,
        Contribution.status == ProposalStatus.NEW,
        Contribution.hidden_at.is_(None),
        Contribution.merged_into_id.is_(None),
        Contribution.created_at < now - UNANSWERED_AFTER,
    )
    count = (
        select(func.count(Contribution.id))
        .select_from(Contribution)
        .where(stale)
        .correlate(Neighbourhood)
        .scalar_subquery()
    )
    rows = db.session.execute(select(Neighbourhood, count).order_by(Neighbourhood.name))
    return [NeighbourhoodBacklog(neighbourhood, int(unanswered)) for neighbourhood, unanswered in rows]
