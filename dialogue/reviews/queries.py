"""Read-side queries for the developers' review queue, the answer page and the staff's developer list.

List queries load what the page shows up front and forbid lazy loads, so a page runs the same number of
statements however many rows it shows.
"""

from dataclasses import dataclass

from sqlalchemy import Select, func, select, union_all
from sqlalchemy.orm import raiseload, selectinload

from dialogue.accounts.models import User
from dialogue.contributions.counts import proposal_total
from dialogue.contributions.models import (
    Answer,
    Contribution,
    ContributionKind,
    NeighbourhoodAssignment,
    Photo,
    ProposalStatus,
    Theme,
)
from dialogue.contributions.queries import visible_proposals_condition
from dialogue.extensions import db
from dialogue.neighbourhoods.models import Neighbourhood
from dialogue.organisations.models import Organisation, OrganisationKind
from dialogue.pagination import Page
from dialogue.permissions import Role, is_staff

QUEUE_PAGE_SIZE = 20
# Organisations a developer account can belong to.
DEVELOPER_ORGANISATION_KINDS = (OrganisationKind.PROPERTY_OWNER, OrganisationKind.BUILDER)


@dataclass
class QueueFilters:
    neighbourhood_id: int | None = None
    theme: Theme | None = None
    status: ProposalStatus | None = None
    only_unanswered: bool = False


@dataclass
class QueueRow:
    proposal: Contribution
    supports: int


def reviewable_neighbourhoods(user) -> list[Neighbourhood]:
    """The neighbourhoods whose proposals `user` reviews: all for staff, the assigned ones for a developer."""
    query = select(Neighbourhood).order_by(Neighbourhood.name)
    if not is_staff(user):
        query = query.join(NeighbourhoodAssignment, NeighbourhoodAssignment.neighbourhood_id == Neighbourhood.id).where(
            NeighbourhoodAssignment.user_id == user.id
        )
    return list(db.session.scalars(query))


def _queue_conditions(neighbourhood_ids: list[int], filters: QueueFilters) -> list:
    conditions = [*visible_proposals_condition(), Contribution.neighbourhood_id.in_(neighbourhood_ids)]
    if filters.neighbourhood_id is not None:
        conditions.append(Contribution.neighbourhood_id == filters.neighbourhood_id)
    if filters.theme is not None:
        conditions.append(Contribution.theme == filters.theme)
    if filters.status is not None:
        conditions.append(Contribution.status == filters.status)
    if filters.only_unanswered:
        conditions.append(Contribution.first_answered_at.is_(None))
    return conditions


def _queue_part(neighbourhood_ids: list[int], filters: QueueFilters, answered: bool, limit: int) -> Select:
    """The first `limit` unanswered proposals, oldest first, or answered ones, oldest last answer first: each walks
    an index in its order (ix_contributions_queue_*), so it reads about `limit` rows, however many there are. Only
    what orders them is selected: the page's proposals are read by id afterwards."""
    order = (Contribution.created_at, Contribution.id)
    if answered:
        order = (Contribution.last_answered_at, *order)
    last_answered = Contribution.last_answered_at.is_not(None) if answered else Contribution.last_answered_at.is_(None)
    part = (
        select(Contribution.id, Contribution.last_answered_at, Contribution.created_at)
        .where(*_queue_conditions(neighbourhood_ids, filters), last_answered)
        .order_by(*order)
        .limit(limit)
        .subquery()
    )
    return select(part)


def _queue_order(columns) -> tuple:
    """Unanswered first, oldest first; then the answered ones, the one whose last answer is oldest first."""
    return (columns.last_answered_at.is_not(None), columns.last_answered_at, columns.created_at, columns.id)


def queue_select(neighbourhood_ids: list[int], filters: QueueFilters, offset: int = 0) -> Select:
    """Public proposals in `neighbourhood_ids`, from the `offset`-th on: unanswered first, oldest first; then the
    answered ones, the one whose last answer is oldest first (it is the likeliest to need news). The supports are
    counted on the proposal (Contribution.support_count)."""
    limit = offset + QUEUE_PAGE_SIZE
    parts = [_queue_part(neighbourhood_ids, filters, answered=False, limit=limit)]
    if not filters.only_unanswered:
        parts.append(_queue_part(neighbourhood_ids, filters, answered=True, limit=limit))
    chosen = union_all(*parts).subquery("chosen")
    page_ids = select(chosen.c.id).order_by(*_queue_order(chosen.c)).limit(QUEUE_PAGE_SIZE).offset(offset)
    return (
        select(Contribution)
        .where(Contribution.id.in_(page_ids.scalar_subquery()))
        .options(selectinload(Contribution.neighbourhood), raiseload("*"))
        .order_by(*_queue_order(Contribution))
    )


def queue_count(neighbourhood_ids: list[int], filters: QueueFilters) -> int:
    """The queue's total: from the neighbourhoods' counts per status (dialogue.contributions.counts) unless a theme
    or "only unanswered" narrows it, which only the proposals themselves can tell."""
    if filters.theme is None and not filters.only_unanswered:
        if filters.neighbourhood_id is not None:
            neighbourhood_ids = [id_ for id_ in neighbourhood_ids if id_ == filters.neighbourhood_id]
        return proposal_total(neighbourhood_ids, filters.status)
    return db.session.scalar(
        select(func.count()).select_from(Contribution).where(*_queue_conditions(neighbourhood_ids, filters))
    )


def queue_page(neighbourhood_ids: list[int], filters: QueueFilters, page: int) -> Page:
    proposals = db.session.scalars(queue_select(neighbourhood_ids, filters, offset=(page - 1) * QUEUE_PAGE_SIZE))
    return Page(
        items=[QueueRow(proposal=proposal, supports=proposal.support_count) for proposal in proposals],
        page=page,
        per_page=QUEUE_PAGE_SIZE,
        total=queue_count(neighbourhood_ids, filters),
    )


def proposal_for_answer(proposal_id: int, for_update: bool = False) -> Contribution | None:
    """The proposal with what the answer page shows. `for_update` locks its row (PostgreSQL) so that two
    answers at the same moment are taken one after the other, each from the status the other left."""
    query = (
        select(Contribution)
        .where(Contribution.id == proposal_id, Contribution.kind == ContributionKind.PROPOSAL)
        .options(
            selectinload(Contribution.neighbourhood),
            selectinload(Contribution.event),
            selectinload(Contribution.photo).load_only(Photo.id, Photo.width, Photo.height),
            selectinload(Contribution.answers).options(
                selectinload(Answer.author).load_only(User.id, User.name, User.staff_title, User.role),
                selectinload(Answer.organisation),
            ),
        )
    )
    if for_update:
        query = query.with_for_update(of=Contribution)
    return db.session.scalars(query).one_or_none()


def developer_accounts() -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .where(User.role == Role.DEVELOPER)
            .options(selectinload(User.organisation), raiseload("*"))
            .order_by(User.name, User.id)
        )
    )


def assignments_by_developer(user_ids: list[int]) -> dict[int, list[Neighbourhood]]:
    """Each developer's assigned neighbourhoods, by name, in one statement."""
    result: dict[int, list[Neighbourhood]] = {user_id: [] for user_id in user_ids}
    if not user_ids:
        return result
    rows = db.session.execute(
        select(NeighbourhoodAssignment.user_id, Neighbourhood)
        .join(Neighbourhood, Neighbourhood.id == NeighbourhoodAssignment.neighbourhood_id)
        .where(NeighbourhoodAssignment.user_id.in_(user_ids))
        .order_by(Neighbourhood.name)
    )
    for user_id, neighbourhood in rows:
        result[user_id].append(neighbourhood)
    return result


def developer_by_id(user_id: int) -> User | None:
    return db.session.scalars(
        select(User).where(User.id == user_id, User.role == Role.DEVELOPER).options(selectinload(User.organisation))
    ).one_or_none()


def developer_organisations() -> list[Organisation]:
    return list(
        db.session.scalars(
            select(Organisation).where(Organisation.kind.in_(DEVELOPER_ORGANISATION_KINDS)).order_by(Organisation.name)
        )
    )
