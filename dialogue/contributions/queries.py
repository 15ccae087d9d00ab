"""Read-side queries for the residents' pages: proposal lists, one proposal, and "You said, we did".

List queries select exactly the columns the page shows and forbid lazy loads, so a page runs the same
number of statements whatever the number of proposals.
"""

import enum
import statistics
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, func, literal_column, select, union_all
from sqlalchemy.orm import load_only, raiseload, selectinload

from dialogue.contributions.counts import counts_by_status, proposal_total
from dialogue.contributions.models import (
    Answer,
    Channel,
    Contribution,
    ContributionKind,
    Photo,
    ProposalStatus,
    Support,
    Theme,
)
from dialogue.events.models import Event, EventStatus
from dialogue.extensions import db
from dialogue.organisations.models import Organisation
from dialogue.pagination import Page

PROPOSALS_PER_PAGE = 20
LATEST_ANSWERED_COUNT = 5


class ProposalSort(str, enum.Enum):
    NEWEST = "newest"
    MOST_SUPPORTED = "most_supported"
    RECENTLY_ANSWERED = "recently_answered"


@dataclass
class ProposalFilters:
    theme: Theme | None = None
    status: ProposalStatus | None = None
    channel: Channel | None = None
    sort: ProposalSort = ProposalSort.NEWEST


@dataclass
class ProposalRow:
    """One line of a proposal list: the proposal (its columns only) and what is counted or joined for it."""

    proposal: Contribution
    support_count: int
    answered_by: str | None  # the latest answer's organisation; None for a staff answer or no answer

    @property
    def is_answered(self) -> bool:
        return self.proposal.last_answered_at is not None


def visible_proposals_condition():
    """Proposals anyone may see: neither hidden nor merged into another. The kind is written into the statement,
    as in the partial indexes over these rows (VISIBLE_PROPOSAL), so that PostgreSQL plans with them."""
    return (
        Contribution.kind == literal_column(f"'{ContributionKind.PROPOSAL.value}'"),
        Contribution.hidden_at.is_(None),
        Contribution.merged_into_id.is_(None),
    )


def public_proposals_condition(neighbourhood_id: int):
    """Proposals anyone may see in this neighbourhood."""
    return (Contribution.neighbourhood_id == neighbourhood_id, *visible_proposals_condition())


def _latest_answer_id():
    return (
        select(func.max(Answer.id))
        .where(Answer.contribution_id == Contribution.id)
        .correlate(Contribution)
        .scalar_subquery()
    )


def _list_columns():
    return load_only(
        Contribution.id,
        Contribution.title,
        Contribution.language,
        Contribution.theme,
        Contribution.status,
        Contribution.channel,
        Contribution.people_count,
        Contribution.support_count,
        Contribution.created_at,
        Contribution.last_answered_at,
        raiseload=True,
    )


def _filter_conditions(filters: ProposalFilters) -> list:
    """The theme, status and channel the reader chose, as conditions on Contribution."""
    chosen = [
        (Contribution.theme, filters.theme),
        (Contribution.status, filters.status),
        (Contribution.channel, filters.channel),
    ]
    return [column == value for column, value in chosen if value]


def _recently_answered_ids(neighbourhood_id: int, filters: ProposalFilters, limit: int, offset: int) -> Select:
    """The ids of a page of the list sorted by the latest answer: the answered proposals, latest answer first, then
    the unanswered ones, newest first. Each part walks its partial index (ix_contributions_visible_answered,
    ix_contributions_visible_unanswered) up to where the page ends, instead of sorting every proposal."""
    conditions = (*public_proposals_condition(neighbourhood_id), *_filter_conditions(filters))
    newest = (Contribution.created_at.desc(), Contribution.id.desc())
    answered = (
        select(Contribution.id, Contribution.last_answered_at, Contribution.created_at)
        .where(*conditions, Contribution.last_answered_at.is_not(None))
        .order_by(Contribution.last_answered_at.desc(), *newest)
        .limit(offset + limit)
    )
    unanswered = (
        select(Contribution.id, Contribution.last_answered_at, Contribution.created_at)
        .where(*conditions, Contribution.last_answered_at.is_(None))
        .order_by(*newest)
        .limit(offset + limit)
    )
    both = union_all(select(answered.subquery()), select(unanswered.subquery())).subquery("both")
    return (
        select(both.c.id)
        .order_by(both.c.last_answered_at.is_(None), both.c.last_answered_at.desc(), *_newest(both.c))
        .limit(limit)
        .offset(offset)
    )


def _newest(columns) -> tuple:
    return (columns.created_at.desc(), columns.id.desc())


def public_proposals_select(neighbourhood_id: int, filters: ProposalFilters, limit: int, offset: int = 0) -> Select:
    """(proposal, support count, latest answer's organisation name) for the list page, filtered and sorted: `limit`
    rows from the `offset`-th on."""
    query = (
        select(Contribution, Organisation.name)
        .outerjoin(Answer, Answer.id == _latest_answer_id())
        .outerjoin(Organisation, Organisation.id == Answer.organisation_id)
        .options(_list_columns(), raiseload("*"))
    )
    if filters.sort == ProposalSort.RECENTLY_ANSWERED:
        # Unanswered proposals last, on every database (no NULLS LAST needed).
        page_ids = _recently_answered_ids(neighbourhood_id, filters, limit, offset).scalar_subquery()
        return query.where(Contribution.id.in_(page_ids)).order_by(
            Contribution.last_answered_at.is_(None), Contribution.last_answered_at.desc(), *_newest(Contribution)
        )
    query = query.where(*public_proposals_condition(neighbourhood_id), *_filter_conditions(filters))
    if filters.sort == ProposalSort.MOST_SUPPORTED:
        # Online supports first; people who stood behind it at an event break ties.
        query = query.order_by(
            Contribution.support_count.desc(), Contribution.people_count.desc(), *_newest(Contribution)
        )
    else:
        query = query.order_by(*_newest(Contribution))
    return query.limit(limit).offset(offset)


def count_public_proposals(neighbourhood_id: int, filters: ProposalFilters) -> int:
    """The list's total: from the neighbourhood's counts per status (dialogue.contributions.counts) unless a theme
    or a channel narrows it, which only the proposals themselves can tell."""
    if filters.theme is None and filters.channel is None:
        return proposal_total([neighbourhood_id], filters.status)
    return db.session.scalar(
        select(func.count())
        .select_from(Contribution)
        .where(*public_proposals_condition(neighbourhood_id), *_filter_conditions(filters))
    )


def public_proposal_page(
    neighbourhood_id: int, filters: ProposalFilters, page: int, per_page: int = PROPOSALS_PER_PAGE
) -> Page | None:
    """One page of the list, or None when the page number is past the end (the view answers 404)."""
    if page < 1:
        return None
    total = count_public_proposals(neighbourhood_id, filters)
    if page > 1 and (page - 1) * per_page >= total:
        return None
    rows = db.session.execute(
        public_proposals_select(neighbourhood_id, filters, limit=per_page, offset=(page - 1) * per_page)
    ).all()
    items = [ProposalRow(proposal, proposal.support_count, organisation) for proposal, organisation in rows]
    return Page(items=items, page=page, per_page=per_page, total=total)


# One proposal -------------------------------------------------------------------------------------------


def contribution_for_page(contribution_id: int) -> Contribution | None:
    """A contribution with what its page shows: neighbourhood, event, answers and their organisations, and
    the photo's size but not its bytes."""
    return db.session.scalars(
        select(Contribution)
        .where(Contribution.id == contribution_id)
        .options(
            selectinload(Contribution.neighbourhood),
            selectinload(Contribution.event).selectinload(Event.translations),
            selectinload(Contribution.answers).selectinload(Answer.organisation),
            selectinload(Contribution.photo).load_only(Photo.id, Photo.width, Photo.height, raiseload=True),
            raiseload("*"),
        )
    ).one_or_none()


def supports(proposal_id: int, user_id: int) -> bool:
    return (
        db.session.scalar(
            select(Support.user_id).where(Support.contribution_id == proposal_id, Support.user_id == user_id)
        )
        is not None
    )


def merged_sources(proposal_id: int) -> list[Contribution]:
    """The proposals that were merged into this one (hidden ones left out), oldest first."""
    return list(
        db.session.scalars(
            select(Contribution)
            .where(Contribution.merged_into_id == proposal_id, Contribution.hidden_at.is_(None))
            .options(
                load_only(
                    Contribution.id,
                    Contribution.title,
                    Contribution.language,
                    Contribution.channel,
                    Contribution.people_count,
                    Contribution.created_at,
                    raiseload=True,
                ),
                raiseload("*"),
            )
            .order_by(Contribution.created_at, Contribution.id)
        )
    )


def events_to_choose(neighbourhood_id: int) -> list[Event]:
    """The neighbourhood's published events a contribution can be tied to, latest first."""
    return list(
        db.session.scalars(
            select(Event)
            .where(Event.neighbourhood_id == neighbourhood_id, Event.status == EventStatus.PUBLISHED)
            .options(
                # The texts and their translations: each is offered by its title in the reader's language.
                load_only(
                    Event.id,
                    Event.title,
                    Event.description,
                    Event.accessibility_info,
                    Event.original_language,
                    Event.starts_at,
                    raiseload=True,
                ),
                selectinload(Event.translations),
                raiseload("*"),
            )
            .order_by(Event.starts_at.desc(), Event.id.desc())
        )
    )


# "You said, we did" -------------------------------------------------------------------------------------


@dataclass
class AnsweredProposal:
    proposal: Contribution
    answer_text: str
    answered_at: datetime
    answered_by: str | None  # None: answered by city staff


@dataclass
class NeighbourhoodOutcomes:
    latest_answered: list[AnsweredProposal]
    counts_by_status: dict[ProposalStatus, int]
    median_days_to_first_answer: float | None

    @property
    def total(self) -> int:
        return sum(self.counts_by_status.values())


def latest_answered(neighbourhood_id: int, limit: int = LATEST_ANSWERED_COUNT) -> list[AnsweredProposal]:
    rows = db.session.execute(
        select(Contribution, Answer.text, Answer.created_at, Organisation.name)
        .join(Answer, Answer.id == _latest_answer_id())
        .outerjoin(Organisation, Organisation.id == Answer.organisation_id)
        .where(*public_proposals_condition(neighbourhood_id), Contribution.last_answered_at.is_not(None))
        .options(
            load_only(Contribution.id, Contribution.title, Contribution.language, Contribution.status, raiseload=True),
            raiseload("*"),
        )
        .order_by(Contribution.last_answered_at.desc(), Contribution.id.desc())
        .limit(limit)
    ).all()
    return [AnsweredProposal(proposal, text, at, organisation) for proposal, text, at, organisation in rows]


def median_days_to_first_answer(neighbourhood_id: int) -> float | None:
    """The median time from proposal to first answer, in days, over the answered public proposals.

    PostgreSQL computes it where the rows are. SQLite has no median or interval arithmetic, so there the two
    timestamps of the answered rows are read and the median taken here.
    """
    answered = (*public_proposals_condition(neighbourhood_id), Contribution.first_answered_at.is_not(None))
    if db.session.get_bind().dialect.name == "postgresql":
        waited = func.extract("epoch", Contribution.first_answered_at - Contribution.created_at) / 86400
        median = db.session.scalar(
            select(func.percentile_cont(0.5).within_group(func.greatest(waited, 0))).where(*answered)
        )
        return None if median is None else float(median)
    rows = db.session.execute(select(Contribution.created_at, Contribution.first_answered_at).where(*answered)).all()
    if not rows:
        return None
    return statistics.median(max((answered - created).total_seconds(), 0) / 86400 for created, answered in rows)


def neighbourhood_outcomes(neighbourhood_id: int) -> NeighbourhoodOutcomes:
    return NeighbourhoodOutcomes(
        latest_answered=latest_answered(neighbourhood_id),
        counts_by_status=counts_by_status([neighbourhood_id]),
        median_days_to_first_answer=median_days_to_first_answer(neighbourhood_id),
    )


# Photos -------------------------------------------------------------------------------------------------


@dataclass
class StoredPhoto:
    content_type: str
    data: bytes
    contribution_is_public: bool


def photo_for_serving(photo_id: int) -> StoredPhoto | None:
    row = db.session.execute(
        select(Photo.content_type, Photo.data, Contribution.hidden_at, Contribution.merged_into_id)
        .join(Contribution, Contribution.id == Photo.contribution_id)
        .where(Photo.id == photo_id)
    ).one_or_none()
    if row is None:
        return None
    content_type, data, hidden_at, merged_into_id = row
    return StoredPhoto(content_type, data, hidden_at is None and merged_into_id is None)
