"""The log is append-only from the application's side: a session refuses to flush a change to an entry or its
deletion, and refuses a bulk UPDATE or DELETE of the table.

The database itself may still empty `actor_id` when an account is removed (ON DELETE SET NULL): that keeps the
entry and forgets only who it was. And entries older than the retention period go: the privacy purge deletes them
through dialogue.audit.retention, whose statement alone carries the pass this guard lets through.
"""

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session

from dialogue.audit.models import AuditEntry
from dialogue.audit.retention import RETENTION_OPTION, is_retention_pass


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
    if getattr(table, "name", None) != AuditEntry.__tablename__:
        return
    if state.is_delete and is_retention_pass(state.execution_options.get(RETENTION_OPTION)):
        return
    raise AuditLogIsAppendOnly("Audit entries cannot be changed or deleted.")
