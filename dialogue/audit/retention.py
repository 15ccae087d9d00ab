"""The one deletion the audit log allows: entries older than RETAIN_AUDIT_LOG_DAYS, removed by the privacy purge.

The guard (dialogue.audit.guard) refuses every other change or deletion. It lets a bulk DELETE through only
when the statement carries a pass that this module alone makes, for a statement it built itself: the entries
before the retention's cutoff, a batch of them at a time.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import Select, delete, select

from dialogue.audit.models import AuditEntry
from dialogue.extensions import db

RETENTION_OPTION = "audit_retention_purge"


@dataclass(frozen=True)
class _RetentionPass:
    cutoff: datetime


def is_retention_pass(value) -> bool:
    return isinstance(value, _RetentionPass)


def retention_cutoff(now: datetime) -> datetime:
    return now - timedelta(days=current_app.config["RETAIN_AUDIT_LOG_DAYS"])


def expired(now: datetime) -> Select:
    """The ids of the entries past the retention period."""
    return select(AuditEntry.id).where(AuditEntry.occurred_at < retention_cutoff(now))


def delete_expired(ids: list[int], now: datetime) -> int:
    """Delete those of these entries that are past the retention period; the caller commits. Returns how many."""
    if not ids:
        return 0
    cutoff = retention_cutoff(now)
    statement = delete(AuditEntry).where(AuditEntry.id.in_(ids), AuditEntry.occurred_at < cutoff)
    result = db.session.execute(
        statement, execution_options={RETENTION_OPTION: _RetentionPass(cutoff), "synchronize_session": False}
    )
    return result.rowcount
