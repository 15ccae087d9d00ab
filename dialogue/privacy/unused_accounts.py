"""Accounts nobody uses: after RETAIN_UNUSED_ACCOUNT_DAYS without a login the owner is warned by email, and
UNUSED_ACCOUNT_WARNING_DAYS later the account is deleted unless someone logged in meanwhile (a login clears the
warning: dialogue.accounts.services.mark_used). An account whose address was never confirmed could never log in:
it is deleted after the same time without a warning, which could only reach whoever typed the address.

Staff accounts are never deleted this way: the city decides about them. The purge lists them for an administrator.

Deleting an account leaves what it did: its proposals and answers stay without an author, its registrations
(already anonymised after their events) and audit entries without an account. Its supports go with it.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select, delete, func, or_, select

from dialogue.accounts.models import User
from dialogue.audit.log import record
from dialogue.audit.models import AuditAction
from dialogue.contributions import supports
from dialogue.extensions import db
from dialogue.local_time import local_today
from dialogue.permissions import STAFF_ROLES
from dialogue.privacy import emails
from dialogue.privacy.retention import Retention, before

# When the account was last used: its last login, else the confirmation of its address, else its creation.
last_used = func.coalesce(User.last_login_at, User.email_confirmed_at, User.created_at)


def _not_staff():
    return User.role.not_in(STAFF_ROLES)


def warnings_due(now: datetime, retention: Retention) -> Select:
    return select(User.id).where(
        _not_staff(),
        User.email_confirmed_at.is_not(None),
        User.unused_warning_sent_at.is_(None),
        last_used <= before(now, retention.unused_account_days),
    )


def warn(ids: list[int], now: datetime, retention: Retention) -> int:
    deleted_on = local_today(now + timedelta(days=retention.unused_account_warning_days))
    users = db.session.scalars(select(User).where(User.id.in_(ids), User.unused_warning_sent_at.is_(None))).all()
    for user in users:
        emails.unused_account_warning(user, deleted_on)
        user.unused_warning_sent_at = now
    db.session.flush()
    return len(users)


def deletions_due(now: datetime, retention: Retention) -> Select:
    return select(User.id).where(
        _not_staff(),
        or_(
            User.unused_warning_sent_at <= before(now, retention.unused_account_warning_days),
            User.email_confirmed_at.is_(None) & (User.created_at <= before(now, retention.unused_account_days)),
        ),
    )


def delete_accounts(ids: list[int], now: datetime) -> int:
    """Each deletion is in the audit log (the entry names the account's id, nothing more)."""
    users = db.session.scalars(select(User).where(User.id.in_(ids), _not_staff())).all()
    for user in users:
        detail = "unconfirmed" if user.email_confirmed_at is None else "unused"
        record(AuditAction.UNUSED_ACCOUNT_DELETED, user, detail=detail, now=now)
    found = [user.id for user in users]
    for user in users:
        db.session.expunge(user)
    supported = supports.counted_by(found)
    # The database empties or removes what refers to the account (ON DELETE SET NULL / CASCADE); the proposals it
    # supported count one support fewer.
    db.session.execute(delete(User).where(User.id.in_(found)).execution_options(synchronize_session=False))
    supports.recount(supported)
    return len(found)


@dataclass(frozen=True)
class UnusedStaffAccount:
    email: str
    name: str
    role: str
    last_used: datetime


def unused_staff_accounts(now: datetime, retention: Retention) -> list[UnusedStaffAccount]:
    """Staff accounts unused for the period, for an administrator to decide about: never deleted by the purge."""
    rows = db.session.execute(
        select(User.email, User.name, User.role, last_used)
        .where(User.role.in_(STAFF_ROLES), last_used <= before(now, retention.unused_account_days))
        .order_by(last_used, User.id)
    ).all()
    return [UnusedStaffAccount(email, name, role.value, used) for email, name, role, used in rows]
