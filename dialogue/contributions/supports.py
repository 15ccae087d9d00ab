"""A proposal's supports and the count kept on it.

Lists sort by the number of supports and show it on every row, and the review queue shows it too: counting the
supports table for that grows with the city. So `Contribution.support_count` holds the number, and every change
to a proposal's supports changes it in the same statement's transaction: adding or taking back a support here,
moving supports when a duplicate is merged, and deleting accounts, whose supports the database removes with them
(ON DELETE CASCADE), through `recount`. The count is changed with arithmetic in the UPDATE itself, never from a
value read earlier, so two people supporting at once both count.
"""

from collections.abc import Collection

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value

from dialogue.contributions.models import Contribution, Support
from dialogue.extensions import db


def _change_count(proposal: Contribution, by: int) -> None:
    counted = db.session.scalar(
        update(Contribution)
        .where(Contribution.id == proposal.id)
        # A support is not an edit of the proposal: updated_at stays.
        .values(support_count=Contribution.support_count + by, updated_at=Contribution.updated_at)
        .returning(Contribution.support_count)
        .execution_options(synchronize_session=False)
    )
    set_committed_value(proposal, "support_count", counted)


def add(proposal: Contribution, user_id: int) -> None:
    """The user supports the proposal; already supporting it (a double click) changes nothing."""
    try:
        with db.session.begin_nested():
            db.session.execute(insert(Support).values(contribution_id=proposal.id, user_id=user_id))
    except IntegrityError:
        return  # a double click raced us: the support exists, and was counted with it
    _change_count(proposal, +1)


def take_back(proposal: Contribution, user_id: int) -> bool:
    """The user no longer supports the proposal; returns whether they did."""
    removed = db.session.execute(
        delete(Support).where(Support.contribution_id == proposal.id, Support.user_id == user_id)
    ).rowcount
    if removed:
        _change_count(proposal, -removed)
    return bool(removed)


def counted_by(user_ids: Collection[int]) -> list[int]:
    """The proposals these accounts support: to `recount` once the accounts, and their supports, are gone."""
    if not user_ids:
        return []
    return list(db.session.scalars(select(Support.contribution_id).where(Support.user_id.in_(user_ids)).distinct()))


def recount(contribution_ids: Collection[int]) -> None:
    """Sets the count of these proposals from their supports, after supports moved or went in bulk."""
    if not contribution_ids:
        return
    counted = select(func.count()).where(Support.contribution_id == Contribution.id).scalar_subquery()
    db.session.execute(
        update(Contribution)
        .where(Contribution.id.in_(contribution_ids))
        .values(support_count=counted, updated_at=Contribution.updated_at)
        .execution_options(synchronize_session="fetch")
    )
