"""Read-side queries for the staff pages. Lists load what they show up front and forbid lazy loads, so a page
runs the same number of statements whatever the number of rows."""

from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload, raiseload, selectinload

from dialogue.contributions.models import Contribution, ContributionKind, ModerationLog, ProposalStatus, Report, Support
from dialogue.database import utcnow
from dialogue.events.models import Event
from dialogue.extensions import db

STAFF_ROWS_PER_PAGE = 50
RECENT_EVENTS_COUNT = 20


@dataclass
class StaffFilters:
    kind: ContributionKind | None = None
    status: ProposalStatus | None = None
    visibility: str | None = None  # public, hidden or merged
    event_id: int | None = None


def contribution_for_staff(contribution_id: int) -> Contribution | None:
    return db.session.scalars(
        select(Contribution)
        .where(Contribution.id == contribution_id)
        .options(
            selectinload(Contribution.neighbourhood),
            selectinload(Contribution.event),
            selectinload(Contribution.photo),
            selectinload(Contribution.merged_into),
        )
    ).one_or_none()


def event_for_logging(event_id: int) -> Event | None:
    return db.session.scalars(
        select(Event).where(Event.id == event_id).options(selectinload(Event.neighbourhood))
    ).one_or_none()


def _staff_list_options():
    return (selectinload(Contribution.event), selectinload(Contribution.merged_into), raiseload("*"))


def neighbourhood_contributions_select(neighbourhood_id: int, filters: StaffFilters | None = None) -> Select:
    """Every contribution of the neighbourhood, hidden and merged ones included, newest first."""
    filters = filters or StaffFilters()
    query = (
        select(Contribution)
        .where(Contribution.neighbourhood_id == neighbourhood_id)
        .options(*_staff_list_options())
        .order_by(Contribution.created_at.desc(), Contribution.id.desc())
    )
    if filters.kind:
        query = query.where(Contribution.kind == filters.kind)
    if filters.status:
        query = query.where(Contribution.status == filters.status)
    if filters.visibility == "public":
        query = query.where(Contribution.hidden_at.is_(None), Contribution.merged_into_id.is_(None))
    elif filters.visibility == "hidden":
        query = query.where(Contribution.hidden_at.is_not(None))
    elif filters.visibility == "merged":
        query = query.where(Contribution.merged_into_id.is_not(None))
    if filters.event_id:
        query = query.where(Contribution.event_id == filters.event_id)
    return query


def support_counts(contribution_ids: list[int]) -> dict[int, int]:
    if not contribution_ids:
        return {}
    rows = db.session.execute(
        select(Support.contribution_id, func.count())
        .where(Support.contribution_id.in_(contribution_ids))
        .group_by(Support.contribution_id)
    )
    return dict(rows.all())


def neighbourhood_support_counts(neighbourhood_id: int) -> dict[int, int]:
    rows = db.session.execute(
        select(Support.contribution_id, func.count())
        .join(Contribution, Contribution.id == Support.contribution_id)
        .where(Contribution.neighbourhood_id == neighbourhood_id)
        .group_by(Support.contribution_id)
    )
    return dict(rows.all())


def neighbourhood_events(neighbourhood_id: int) -> list[Event]:
    return list(
        db.session.scalars(
            select(Event)
            .where(Event.neighbourhood_id == neighbourhood_id)
            .options(raiseload("*"))
            .order_by(Event.starts_at.desc(), Event.id.desc())
        )
    )


def all_contributions_for_export(neighbourhood_id: int) -> list[Contribution]:
    return list(
        db.session.scalars(
            neighbourhood_contributions_select(neighbourhood_id).order_by(None).order_by(Contribution.id)
        )
    )


def open_reports_select() -> Select:
    """Unresolved reports, newest first, with the contribution they concern and its neighbourhood, joined."""
    return (
        select(Report)
        .where(Report.resolved_at.is_(None))
        .options(joinedload(Report.contribution).joinedload(Contribution.neighbourhood), raiseload("*"))
        .order_by(Report.created_at.desc(), Report.id.desc())
    )


def open_report_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Report).where(Report.resolved_at.is_(None)))


def open_reports_for(contribution_id: int) -> list[Report]:
    return list(
        db.session.scalars(
            select(Report)
            .where(Report.contribution_id == contribution_id, Report.resolved_at.is_(None))
            .options(raiseload("*"))
            .order_by(Report.created_at.desc(), Report.id.desc())
        )
    )


def moderation_log_for(contribution_id: int) -> list[ModerationLog]:
    return list(
        db.session.scalars(
            select(ModerationLog)
            .where(ModerationLog.contribution_id == contribution_id)
            .options(selectinload(ModerationLog.moderator), raiseload("*"))
            .order_by(ModerationLog.created_at.desc(), ModerationLog.id.desc())
        )
    )


def merge_candidates(duplicate: Contribution) -> list[Contribution]:
    """Public proposals of the same neighbourhood that the duplicate could be merged into."""
    return list(
        db.session.scalars(
            select(Contribution)
            .where(
                Contribution.neighbourhood_id == duplicate.neighbourhood_id,
                Contribution.kind == ContributionKind.PROPOSAL,
                Contribution.id != duplicate.id,
                Contribution.hidden_at.is_(None),
                Contribution.merged_into_id.is_(None),
            )
            .options(raiseload("*"))
            .order_by(Contribution.title, Contribution.id)
        )
    )


def sources_of(proposal_id: int) -> list[Contribution]:
    """The proposals that were merged into this one."""
    return list(
        db.session.scalars(
            select(Contribution)
            .where(Contribution.merged_into_id == proposal_id)
            .options(raiseload("*"))
            .order_by(Contribution.id)
        )
    )


def recent_events(limit: int = RECENT_EVENTS_COUNT) -> list[Event]:
    """Events that have started, latest first: the ones whose input is logged now."""
    return list(
        db.session.scalars(
            select(Event)
            .where(Event.starts_at <= utcnow())
            .options(joinedload(Event.neighbourhood), raiseload("*"))
            .order_by(Event.starts_at.desc(), Event.id.desc())
            .limit(limit)
        )
    )
