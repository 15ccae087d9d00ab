"""Helpers for the audit log's tests: the entries written, as plain tuples that compare easily."""

from typing import NamedTuple

from sqlalchemy import select

from dialogue.audit.models import AuditAction, AuditEntry, SubjectType
from dialogue.extensions import db


class Logged(NamedTuple):
    action: AuditAction
    actor_id: int | None
    subject_type: SubjectType | None
    subject_id: int | None
    detail: str | None
    address: str | None


def logged(app, *actions: AuditAction) -> list[Logged]:
    """Every entry in the order written, or only those of `actions`."""
    with app.app_context():
        query = select(AuditEntry).order_by(AuditEntry.id)
        if actions:
            query = query.where(AuditEntry.action.in_(actions))
        return [
            Logged(e.action, e.actor_id, e.subject_type, e.subject_id, e.detail, e.address)
            for e in db.session.scalars(query)
        ]


def one(app, action: AuditAction) -> Logged:
    """The one entry of `action`: a second one fails the test."""
    found = logged(app, action)
    assert len(found) == 1, found
    return found[0]
