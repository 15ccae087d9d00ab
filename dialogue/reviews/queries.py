"""Read-side queries for the developers' review queue, the answer page and the staff's developer list.

List queries load what the page shows up front and forbid lazy loads, so a page runs the same number of
statements however many rows it shows.
"""

from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import raiseload, selectinload

from dialogue.accounts.models import User
from dialogue.contributions.models import (
    Answer,
    Contribution,
    ContributionKind,
    NeighbourhoodAssignment,
    Photo,
    ProposalStatus,
    Support,
    Theme,
)
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


def supports_subquery():
    return (
        select(Support.contribution_id, func.count().label("supports"))
        .group_by(Support.contribution_id)
        .subquery("support_counts")
    )


def _queue_conditions(neighbourhood_ids: list[int], filters: QueueFilters) -> list:
    conditions = [
        Contribution.kind == ContributionKind.PROPOSAL,
        Contribution.hidden_at.is_(None),
        Contribution.merged_into_id.is_(None),
        Contribution.neighbourhood_id.in_(neighbourhood_ids),
    ]
    if filters.neighbourhood_id is not None:
        conditions.append(Contribution.neighbourhood_id == filters.neighbourhood_id)
    if filters.theme is not None:
        conditions.append(Contribution.theme == filters.theme)
    if filters.status is not None:
        conditions.append(Contribution.status == filters.status)
    if filters.only_unanswered:
        conditions.append(Contribution.first_answered_at.is_(None))
    return conditions


def queue_select(neighbourhood_ids: list[int], filters: QueueFilters) -> Select:
    """Public proposals in `neighbourhood_ids` with their number of supports: unanswered first, oldest first;
    then the answered ones, the one whose last answer is oldest first (it is the likeliest to need news)."""
    supports = supports_subquery()
    return (
        select(Contribution, func.coalesce(supports.c.supports, 0).label("supports"))
        .outerjoin(supports, supports.c.contribution_id == Contribution.id)
        .where(*_queue_conditions(neighbourhood_ids, filters))
        .options(selectinload(Contribution.neighbourhood), raiseload("*"))
        .order_by(
            Contribution.last_answered_at.asc().nulls_first(), Contribution.created_at.asc(), Contribution.id.asc()
        )
    )


def queue_count(neighbourhood_ids: list[int], filters: QueueFilters) -> int:
    return db.session.scalar(
        select(func.count()).select_from(Contribution).where(*_queue_conditions(neighbourhood_ids, filters))
    )


def queue_page(neighbourhood_ids: list[int], filters: QueueFilters, page: int) -> Page:
    rows = db.session.execute(
        queue_select(neighbourhood_ids, filters).limit(QUEUE_PAGE_SIZE).offset((page - 1) * QUEUE_PAGE_SIZE)
    ).all()
    return Page(
        items=[QueueRow(proposal=proposal, supports=supports) for proposal, supports in rows],
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


def support_count(proposal_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(Support).where(Support.contribution_id == proposal_id))


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
