"""What a process leader needs to act on, for the staff dashboard at /staff/. Each list is one statement, with the
neighbourhood of each row joined, whatever the amount of data."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import exists, func, literal_column, select
from sqlalchemy.orm import joinedload, raiseload

from dialogue.attendance.models import ClosingReport
from dialogue.contributions.models import Contribution, ProposalCount, ProposalStatus
from dialogue.contributions.queries import visible_proposals_condition
from dialogue.events.models import Event, EventStatus
from dialogue.events.queries import published, soonest_ids
from dialogue.extensions import db
from dialogue.moderation.queries import open_report_count, open_reports_select
from dialogue.neighbourhoods.models import Neighbourhood

UPCOMING_SHOWN = 10
AWAITING_REPORT_SHOWN = 20
AWAITING_REPORT_COUNTED = 100
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
    # When set, `total` is counted only up to this many; a larger one is "more than" it.
    more_than: int | None = None

    @property
    def counted_in_full(self) -> bool:
        return self.more_than is None or self.total <= self.more_than


@dataclass
class NeighbourhoodBacklog:
    neighbourhood: Neighbourhood
    unanswered: int  # public proposals still new after UNANSWERED_AFTER


def _upcoming_select(now: datetime, *conditions):
    """The first drafts and published events that have not ended: those under way and the next to start, each part
    read from an index in its order (ix_events_creator_starts for one person's), never every event to come."""
    ids = soonest_ids([Event.status.in_(UPCOMING_STATUSES), *conditions], now, UPCOMING_SHOWN)
    return (
        select(Event)
        .where(Event.id.in_(ids.scalar_subquery()))
        .options(joinedload(Event.neighbourhood), raiseload("*"))
        .order_by(Event.starts_at, Event.id)
    )


def upcoming_events(user, now: datetime) -> UpcomingEvents:
    """Drafts and published events that have not ended and that `user` created; everyone's if there are none."""
    mine = list(db.session.scalars(_upcoming_select(now, Event.created_by_id == user.id)))
    if mine:
        return UpcomingEvents(events=mine, mine=True)
    return UpcomingEvents(events=list(db.session.scalars(_upcoming_select(now))), mine=False)


def _awaiting_report_conditions(now: datetime) -> list:
    return [published(), Event.ends_at <= now, ~exists().where(ClosingReport.event_id == Event.id)]


def events_awaiting_report(now: datetime) -> Listed:
    """Published events that have ended and have no closing report yet (so they are not held): latest first, and
    how many, counted up to AWAITING_REPORT_COUNTED (a larger backlog reads "more than"), so that the page reads
    what it shows and not every event never reported."""
    conditions = _awaiting_report_conditions(now)
    latest = (
        select(Event)
        .where(*conditions)
        .options(joinedload(Event.neighbourhood), raiseload("*"))
        .order_by(Event.ends_at.desc(), Event.id.desc())
    )
    events = db.session.scalars(latest.limit(AWAITING_REPORT_SHOWN))
    counted = select(Event.id).where(*conditions).order_by(Event.ends_at.desc()).limit(AWAITING_REPORT_COUNTED + 1)
    total = db.session.scalar(select(func.count()).select_from(counted.subquery()))
    return Listed(items=list(events), total=total, more_than=AWAITING_REPORT_COUNTED)


def open_reports() -> Listed:
    """Unresolved reports of inappropriate content: the newest, and how many."""
    latest = db.session.scalars(open_reports_select().limit(LATEST_REPORTS_SHOWN))
    return Listed(items=list(latest), total=open_report_count())


def unanswered_by_neighbourhood(now: datetime) -> list[NeighbourhoodBacklog]:
    """Every neighbourhood with its public proposals that are still new more than 30 days after they were made: its
    count of new proposals (dialogue.contributions.counts) less the new ones of the last 30 days, which the partial
    index ix_contributions_visible_new holds in the order they were made. So the page reads a month of proposals,
    not all of them."""
    still_new = select(ProposalCount.proposals).where(
        ProposalCount.neighbourhood_id == Neighbourhood.id, ProposalCount.status == ProposalStatus.NEW
    )
    made_this_month = select(func.count()).where(
        Contribution.neighbourhood_id == Neighbourhood.id,
        *visible_proposals_condition(),
        # A literal, as in the partial index that holds these rows.
        Contribution.status == literal_column(f"'{ProposalStatus.NEW.value}'"),
        Contribution.created_at >= now - UNANSWERED_AFTER,
    )
    waiting = func.coalesce(still_new.scalar_subquery(), 0) - made_this_month.scalar_subquery()
    rows = db.session.execute(select(Neighbourhood, waiting).order_by(Neighbourhood.name))
    return [NeighbourhoodBacklog(neighbourhood, int(unanswered)) for neighbourhood, unanswered in rows]
