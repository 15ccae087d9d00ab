"""What the audit log page reads: a page of entries, newest first, narrowed by the filters."""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Select, select
from sqlalchemy.orm import raiseload, selectinload

from dialogue.audit.models import AuditAction, AuditEntry, SubjectType
from dialogue.extensions import db
from dialogue.local_time import local_midnight_utc
from dialogue.permissions import Role
from dialogue.routing import MAX_DATABASE_ID

AUDIT_ENTRIES_PER_PAGE = 50


def _accounts():
    """The accounts' model, found through the actor relationship: the log imports no domain."""
    return AuditEntry.actor.property.mapper.class_


@dataclass
class AuditFilters:
    actor_id: int | None = None
    only_without_actor: bool = False
    action: AuditAction | None = None
    subject_type: SubjectType | None = None
    subject_id: int | None = None
    date_from: date | None = None  # local days, both included
    date_to: date | None = None


def audit_select(filters: AuditFilters) -> Select:
    query = (
        select(AuditEntry)
        .options(selectinload(AuditEntry.actor), raiseload("*"))
        .order_by(AuditEntry.occurred_at.desc(), AuditEntry.id.desc())
    )
    if filters.only_without_actor:
        query = query.where(AuditEntry.actor_id.is_(None))
    elif filters.actor_id is not None:
        query = query.where(AuditEntry.actor_id == filters.actor_id)
    if filters.action is not None:
        query = query.where(AuditEntry.action == filters.action)
    if filters.subject_type is not None:
        query = query.where(AuditEntry.subject_type == filters.subject_type)
        if filters.subject_id is not None:
            query = query.where(AuditEntry.subject_id == filters.subject_id)
    if filters.date_from is not None:
        query = query.where(AuditEntry.occurred_at >= local_midnight_utc(filters.date_from))
    if filters.date_to is not None:
        query = query.where(AuditEntry.occurred_at < local_midnight_utc(filters.date_to + timedelta(days=1)))
    return query


def person_choices(chosen: str | None) -> list:
    """The accounts the person filter offers: everyone who is not a resident, by name, and the chosen account
    whatever its role (a link from an entry of a resident's login)."""
    accounts = _accounts()
    query = select(accounts).options(raiseload("*"))
    if chosen and chosen.isdigit() and len(chosen) <= 10 and int(chosen) <= MAX_DATABASE_ID:
        query = query.where((accounts.role != Role.RESIDENT) | (accounts.id == int(chosen)))
    else:
        query = query.where(accounts.role != Role.RESIDENT)
    return list(db.session.scalars(query.order_by(accounts.name, accounts.id)))


def account_names(entries: list[AuditEntry]) -> dict[int, str]:
    """The names of the accounts that entries of the page name as their record, in one query."""
    ids = {entry.subject_id for entry in entries if entry.subject_type == SubjectType.USER}
    if not ids:
        return {}
    accounts = _accounts()
    return dict(db.session.execute(select(accounts.id, accounts.name).where(accounts.id.in_(ids))).all())
