"""The log is append-only from the application's side: a session refuses to flush a change to an entry or its
deletion, and refuses a bulk UPDATE or DELETE of the table.

The database itself may still empty `actor_id` when an account is removed (ON DELETE SET NULL): that keeps the
entry and forgets only who it was.
"""

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session

from dialogue.audit.models import AuditEntry


class AuditLogIsAppendOnly(RuntimeError):
    """An audit entry was about to be changed or deleted."""


@event.listens_for(Session, "before_flush")
def _refuse_changes_to_entries(session: Session, flush_context, instances) -> None:
    for instance in session.deleted:
        if isinstance(instance, AuditEntry):
            raise AuditLogIsAppendOnly("An audit entry cannot be deleted.")
    for instance in session.dirty:
        if isinstance(instance, AuditEntry) and session.is_modified(instance):
            raise AuditLogIsAppendOnly("An audit entry cannot be changed.")


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk_changes(state: ORMExecuteState) -> None:
    if not (state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    if getattr(table, "name", None) == AuditEntry.__tablename__:
        raise AuditLogIsAppendOnly("Audit entries cannot be changed or deleted.")
