"""Writing to the audit log: `record` adds an entry in the caller's transaction, so a change and its entry are
committed together or not at all.

Services call it after the change they make, with the acting user (None for someone not logged in and for the
command line). Pages and downloads that only read call `record_reading`, which commits the entry before the
personal data is sent.
"""

from datetime import datetime

from flask import has_request_context, request
from sqlalchemy import inspect

from dialogue.audit.models import ADDRESS_MAX_LENGTH, DETAIL_MAX_LENGTH, SUBJECT_TABLES, AuditAction, AuditEntry
from dialogue.database import utcnow, write_transactions
from dialogue.extensions import db


def _subject(subject) -> tuple:
    if subject is None:
        return None, None
    table = inspect(subject).mapper.local_table.name
    if subject.id is None:
        db.session.flush()
    return SUBJECT_TABLES[table], subject.id


def _address() -> str | None:
    if not has_request_context() or not request.remote_addr:
        return None
    return request.remote_addr[:ADDRESS_MAX_LENGTH]


def record(
    action: AuditAction, subject=None, *, actor=None, detail: str | None = None, now: datetime | None = None
) -> AuditEntry:
    """Add an entry: `action` by `actor` (an account, or None) on `subject` (a model object: an event, a
    registration, a contribution, an account, an organisation, ...). The caller commits.

    `detail` is a short note, such as the statuses before and after; never a password, a token or a resident's
    own words.
    """
    subject_type, subject_id = _subject(subject)
    entry = AuditEntry(
        occurred_at=now or utcnow(),
        actor_id=actor.id if actor is not None else None,
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        address=_address(),
        detail=detail[:DETAIL_MAX_LENGTH] if detail else None,
    )
    db.session.add(entry)
    db.session.flush()
    return entry


def record_reading(action: AuditAction, subject=None, *, actor=None, detail: str | None = None) -> AuditEntry:
    """For a page or a download that shows personal data and changes nothing: the entry is committed at once, in
    a transaction of its own that may write (SQLite's write lock), before the data is sent."""
    db.session.commit()  # ends the request's reading transaction
    with write_transactions():
        entry = record(action, subject, actor=actor, detail=detail)
        db.session.commit()
    return entry
