"""The purge: every kind of personal data past its retention period (dialogue.privacy.retention) is emptied or
deleted, in batches of PURGE_BATCH_SIZE rows.

Unlike other services this one commits: each batch is a transaction of its own, so that a purge of years of data
neither holds a lock for long nor loses more than one batch's work when it is stopped (a deploy, kill -9, a lost
connection). A stopped batch is rolled back whole, so a row is either untouched or fully anonymised, and the next
run, which picks the rows by what they still hold, finishes the work. Running it twice changes nothing more.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app
from sqlalchemy import Select, func, select

from dialogue.audit import retention as audit_retention
from dialogue.database import utcnow, write_transactions
from dialogue.extensions import db
from dialogue.privacy import anonymise, expired_links, unused_accounts
from dialogue.privacy.retention import Retention
from dialogue.privacy.unused_accounts import UnusedStaffAccount


@dataclass(frozen=True)
class Kind:
    """A kind of personal data: `due` selects the ids of its rows past their period, `empty` empties or deletes
    a batch of them in the caller's transaction and says how many."""

    name: str
    due: Callable[[datetime, Retention], Select]
    empty: Callable[[list, datetime, Retention], int]


def _ignoring_retention(empty: Callable[[list, datetime], int]) -> Callable[[list, datetime, Retention], int]:
    return lambda ids, now, retention: empty(ids, now)


# In this order: a registration anonymised whole is not counted again for its access note; spent links go before
# the accounts they belong to, so that a dry run counts what the purge does; an account is warned in one run and
# deleted in a later one.
KINDS = (
    Kind("registrations", anonymise.registrations_due, _ignoring_retention(anonymise.empty_registrations)),
    Kind("access notes", anonymise.access_notes_due, _ignoring_retention(anonymise.empty_access_notes)),
    Kind("walk-in names", anonymise.walk_in_names_due, _ignoring_retention(anonymise.empty_walk_in_names)),
    Kind("emails", anonymise.emails_due, _ignoring_retention(anonymise.empty_emails)),
    Kind("proposal contacts", anonymise.proposal_contacts_due, _ignoring_retention(anonymise.empty_proposal_contacts)),
    Kind("password links", expired_links.password_links_due, _ignoring_retention(expired_links.delete_password_links)),
    Kind("sign-up links", expired_links.signup_links_due, _ignoring_retention(expired_links.delete_signup_links)),
    Kind("login counts", expired_links.login_counts_due, _ignoring_retention(expired_links.delete_login_counts)),
    Kind("unused accounts warned", unused_accounts.warnings_due, unused_accounts.warn),
    Kind(
        "unused accounts deleted", unused_accounts.deletions_due, _ignoring_retention(unused_accounts.delete_accounts)
    ),
    Kind(
        "audit entries",
        lambda now, retention: audit_retention.expired(now),
        _ignoring_retention(audit_retention.delete_expired),
    ),
)


@dataclass
class PurgeReport:
    counts: dict[str, int] = field(default_factory=dict)
    # Never deleted by the purge: for an administrator to decide about.
    unused_staff: list[UnusedStaffAccount] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def due_counts(now: datetime | None = None, retention: Retention | None = None) -> PurgeReport:
    """What a purge at `now` would empty or delete, per kind; changes nothing."""
    now, retention = now or utcnow(), retention or Retention.from_config()
    report = PurgeReport(unused_staff=unused_accounts.unused_staff_accounts(now, retention))
    for kind in KINDS:
        due = kind.due(now, retention).subquery()
        report.counts[kind.name] = db.session.scalar(select(func.count()).select_from(due))
    db.session.rollback()
    return report


def purge(
    now: datetime | None = None, retention: Retention | None = None, batch_size: int | None = None
) -> PurgeReport:
    """Empty or delete everything past its period, a batch per transaction; returns how much of each kind."""
    now, retention = now or utcnow(), retention or Retention.from_config()
    batch_size = batch_size or current_app.config["PURGE_BATCH_SIZE"]
    db.session.commit()  # whatever the caller read ends here: each batch begins its own transaction
    report = PurgeReport()
    for kind in KINDS:
        report.counts[kind.name] = 0
        while True:
            done, taken = _batch(kind, now, retention, batch_size)
            report.counts[kind.name] += done
            if taken < batch_size or done == 0:
                break
    report.unused_staff = unused_accounts.unused_staff_accounts(now, retention)
    db.session.rollback()
    return report


def _batch(kind: Kind, now: datetime, retention: Retention, batch_size: int) -> tuple[int, int]:
    """One transaction: the oldest `batch_size` rows due, emptied and committed, or nothing at all."""
    try:
        with write_transactions():
            due = kind.due(now, retention)
            ids = list(db.session.scalars(due.order_by(*due.selected_columns).limit(batch_size)))
            done = kind.empty(ids, now, retention) if ids else 0
            db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return done, len(ids)
