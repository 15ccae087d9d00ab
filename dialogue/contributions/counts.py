"""How many proposals anyone may see each neighbourhood has in each status, kept in `proposal_counts`.

The staff overview's backlog, a neighbourhood's counts per status and the totals of the proposal list and the
review queue read these rows (at most one per neighbourhood and status) instead of counting the proposals, which
grow with the city. Every flush that adds a proposal or changes what makes it counted (its kind, neighbourhood or
status, or hiding, restoring or merging it) changes the rows in the same transaction: the values before the change
are read when the flush starts, the new ones when it has written the proposals (a new proposal's neighbourhood may
get its id in the same flush). Each row is changed with arithmetic in an INSERT ... ON CONFLICT, never from a value
read earlier, so two answers at once both count; the rows are changed in one order, so two flushes never wait for
each other in a circle. Statements that change proposals in bulk bypass the flush: none of the application's
changes these columns (dialogue.contributions.services merges move only proposals already merged).
"""

from collections import Counter
from collections.abc import Collection

from sqlalchemy import event, func, inspect, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session
from sqlalchemy.orm.base import NO_VALUE

from dialogue.contributions.models import Contribution, ContributionKind, ProposalCount, ProposalStatus
from dialogue.extensions import db

_PENDING = "proposal_counts_pending"
# What decides whether, and where, a contribution is counted.
_COUNTED_BY = ("kind", "neighbourhood_id", "status", "hidden_at", "merged_into_id")

Key = tuple[int, ProposalStatus]


def _key(kind, neighbourhood_id, status, hidden_at, merged_into_id) -> Key | None:
    """The row a contribution with these values is counted in, or None: not a proposal anyone may see."""
    if kind != ContributionKind.PROPOSAL or hidden_at is not None or merged_into_id is not None or status is None:
        return None
    return (neighbourhood_id, ProposalStatus(status))


def _key_before(session: Session, contribution: Contribution) -> Key | None:
    """The row the contribution was counted in before this flush's changes: the values they replaced are kept in
    the committed state, or, for one never loaded (a column left empty when the proposal was added), read from its
    row, which the flush has not changed yet."""
    replaced = inspect(contribution).committed_state
    values = {name: replaced[name] if name in replaced else getattr(contribution, name) for name in _COUNTED_BY}
    unknown = [name for name, value in values.items() if value is NO_VALUE]
    if unknown:
        stored = session.execute(
            select(*(getattr(Contribution, name) for name in unknown)).where(Contribution.id == contribution.id)
        ).one()
        values.update(zip(unknown, stored, strict=True))
    return _key(*values.values())


def _key_now(contribution: Contribution) -> Key | None:
    return _key(*(getattr(contribution, name) for name in _COUNTED_BY))


def _changed(contribution: Contribution) -> bool:
    attributes = inspect(contribution).attrs
    return any(attributes[name].history.has_changes() for name in _COUNTED_BY)


@event.listens_for(Session, "before_flush")
def _note_counted_contributions(session: Session, flush_context, instances) -> None:
    # A flush that failed left its notes; its changes are noted again now, with the ones made since.
    pending = session.info[_PENDING] = []
    for contribution in session.new:
        if isinstance(contribution, Contribution):
            pending.append((contribution, None))
    for contribution in session.dirty:
        if isinstance(contribution, Contribution) and _changed(contribution):
            pending.append((contribution, _key_before(session, contribution)))
    for contribution in session.deleted:
        if isinstance(contribution, Contribution):
            pending.append((None, _key_before(session, contribution)))


@event.listens_for(Session, "after_flush")
def _change_counts(session: Session, flush_context) -> None:
    changes: Counter = Counter()
    for contribution, before in session.info.pop(_PENDING, []):
        after = _key_now(contribution) if contribution is not None else None
        if before != after:
            if before is not None:
                changes[before] -= 1
            if after is not None:
                changes[after] += 1
    connection = session.connection()
    for (neighbourhood_id, status), by in sorted(changes.items()):
        if by > 0:
            connection.execute(_insert_or_add(neighbourhood_id, status, by))
        elif by < 0:  # a proposal counted before is counted in its row: the row is there
            connection.execute(
                update(ProposalCount)
                .where(ProposalCount.neighbourhood_id == neighbourhood_id, ProposalCount.status == status)
                .values(proposals=ProposalCount.proposals + by)
            )


def _insert_or_add(neighbourhood_id: int, status: ProposalStatus, by: int):
    """The row with `by` proposals, or `by` more in the row that is there (a CHECK is tested on the row to insert
    before its conflict is seen, so only additions go this way)."""
    insert = postgresql_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(ProposalCount).values(neighbourhood_id=neighbourhood_id, status=status, proposals=by)
    return statement.on_conflict_do_update(
        index_elements=[ProposalCount.neighbourhood_id, ProposalCount.status],
        set_={"proposals": ProposalCount.proposals + statement.excluded.proposals},
    )


def counts_by_status(neighbourhood_ids: Collection[int]) -> dict[ProposalStatus, int]:
    """Proposals anyone may see in these neighbourhoods, per status (every status listed)."""
    counts = dict.fromkeys(ProposalStatus, 0)
    if neighbourhood_ids:
        rows = db.session.execute(
            select(ProposalCount.status, func.sum(ProposalCount.proposals))
            .where(ProposalCount.neighbourhood_id.in_(neighbourhood_ids))
            .group_by(ProposalCount.status)
        )
        for status, proposals in rows:
            counts[status] = int(proposals)
    return counts


def proposal_total(neighbourhood_ids: Collection[int], status: ProposalStatus | None = None) -> int:
    """Proposals anyone may see in these neighbourhoods (in `status`, when given)."""
    counts = counts_by_status(neighbourhood_ids)
    return counts[status] if status is not None else sum(counts.values())
