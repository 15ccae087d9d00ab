"""Erasure on request (GDPR article 17): an account holder deletes their account, a guest erases a registration
through its manage link, an administrator erases everything kept about an email address.

Each is one transaction, made of the services the rest of Dialogue uses, so that nothing differs from the
ordinary way:

- a registration for an event still to come is cancelled with `cancel_without_notice`: its places go to the
  waiting list at once and whoever moves up is emailed as usual; the person who asked to be forgotten gets no
  email about it, the page tells them;
- every registration is then anonymised as the purge does it after an event (dialogue.privacy.anonymise): the
  party, status and door stay, so every figure of the reports is the same afterwards;
- proposals and feedback stay, public records without a name (their author is emptied by the database when the
  account goes, a guest's follow-up address here); supports go with the account, so the proposals' counts go
  down (the privacy page says so);
- emails to the address: those not yet sent are not sent, the others are emptied as the purge empties them.

Staff accounts are the city's: their audit entries name them, so they are never deleted here. An administrator
first makes such an account a resident (which the audit log records); then it can be deleted like any other. This
also keeps the last administrator.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import selectinload

from dialogue.accounts.models import User, normalise_email
from dialogue.audit.log import record
from dialogue.audit.models import AuditAction
from dialogue.contributions.models import Contribution, Support
from dialogue.database import utcnow
from dialogue.events.models import Event
from dialogue.extensions import db
from dialogue.outbox.models import OutboxMessage, OutboxStatus
from dialogue.permissions import Role
from dialogue.privacy import anonymise
from dialogue.privacy.requests import address_mark
from dialogue.refusals import Forbidden, Refusal
from dialogue.registrations.cancellation import cancel_without_notice
from dialogue.registrations.models import Registration, RegistrationStatus


class ErasureRefused(Refusal):
    """A rule of erasure refused it."""


class StaffAccountKept(ErasureRefused, Forbidden):
    """A staff account is not deleted on the site: an administrator makes it a resident first."""


STAFF_ACCOUNT_KEPT = _l(
    "Accounts of city staff are not deleted here: the audit log names them for what they did. Ask an "
    "administrator to change the account to a resident’s first; then it can be deleted."
)


@dataclass
class Erased:
    """What an erasure did, for the page that tells the person, and for the audit entry."""

    cancelled: int = 0  # registrations for events still to come, cancelled
    promoted: int = 0  # people moved up from a waiting list into the freed places
    anonymised: int = 0  # registrations emptied of who made them
    contributions: int = 0  # proposals and feedback kept without a name
    contacts: int = 0  # follow-up addresses removed from proposals
    supports: int = 0  # supports removed
    emails: int = 0  # emails not sent or emptied
    account: bool = False

    def summary(self) -> str:
        """For the audit entry: counts only, never what was erased."""
        return (
            f"account {'deleted' if self.account else 'none'}; registrations: {self.cancelled} cancelled, "
            f"{self.promoted} moved up, {self.anonymised} anonymised; {self.contributions} contributions kept without "
            f"a name; {self.contacts} proposal addresses; {self.supports} supports; {self.emails} emails"
        )


def _of_the_account(user: User):
    return or_(Registration.user_id == user.id, Registration.email == user.email)


def registrations_to_cancel(user: User, now: datetime | None = None) -> list[Registration]:
    """The account's registrations that deleting it cancels: active, for events not over yet."""
    return list(
        db.session.scalars(
            select(Registration)
            .join(Event, Event.id == Registration.event_id)
            .where(_of_the_account(user), Registration.status != RegistrationStatus.CANCELLED)
            .where(Event.ends_at > (now or utcnow()))
            .options(selectinload(Registration.event))
            .order_by(Event.starts_at, Registration.id)
        )
    )


def _erase_registrations(registrations: list[Registration], erased: Erased, now: datetime) -> None:
    """Cancel those of events still to come (the waiting list moves up), then empty them all."""
    upcoming = defaultdict(list)
    for registration in registrations:
        if registration.is_active and registration.event.ends_at > now:
            upcoming[registration.event_id].append(registration.id)
    for event_id in sorted(upcoming):  # always in the same order, so two erasures never wait for each other
        cancellation = cancel_without_notice(event_id, upcoming[event_id], now)
        erased.cancelled += len(cancellation.cancelled)
        erased.promoted += len(cancellation.promoted)
    ids = [registration.id for registration in registrations if registration.anonymised_at is None]
    if ids:
        erased.anonymised += anonymise.empty_registrations(ids, now)


def _erase_emails(email: str, erased: Erased, now: datetime) -> None:
    """Emails to the address: not sent if still waiting, emptied if sent or given up on."""
    to_the_address = func.lower(OutboxMessage.to_address) == email
    erased.emails += db.session.execute(
        delete(OutboxMessage)
        .where(to_the_address, OutboxMessage.status == OutboxStatus.PENDING)
        .execution_options(synchronize_session=False)
    ).rowcount
    kept = list(
        db.session.scalars(select(OutboxMessage.id).where(to_the_address, OutboxMessage.anonymised_at.is_(None)))
    )
    if kept:
        erased.emails += anonymise.empty_emails(kept, now)


def _erase_proposal_contacts(email: str, erased: Erased) -> None:
    erased.contacts += db.session.execute(
        update(Contribution)
        .where(Contribution.contact_email == email)
        .values(contact_email=None)
        .execution_options(synchronize_session=False)
    ).rowcount


def _erase_what_the_address_holds(email: str, registrations, erased: Erased, now: datetime) -> None:
    _erase_registrations(list(registrations), erased, now)
    _erase_proposal_contacts(email, erased)
    _erase_emails(email, erased, now)


def _erase_account(user: User, actor: User | None, detail: str, now: datetime) -> Erased:
    if user.is_staff:
        raise StaffAccountKept(STAFF_ACCOUNT_KEPT)
    erased = Erased(account=True)
    email = user.email
    registrations = db.session.scalars(select(Registration).where(_of_the_account(user)))
    _erase_what_the_address_holds(email, registrations, erased, now)
    erased.contributions = db.session.scalar(
        select(func.count()).select_from(Contribution).where(Contribution.author_id == user.id)
    )
    erased.supports = db.session.scalar(select(func.count()).select_from(Support).where(Support.user_id == user.id))
    record(AuditAction.ACCOUNT_DELETED, user, actor=actor, detail=detail, now=now)
    user_id = user.id
    db.session.flush()
    db.session.expunge(user)
    # The database empties what names the account (proposals' and answers' author, audit entries' actor: ON DELETE
    # SET NULL) and removes what belongs to it alone (supports, links: CASCADE), as for an unused account.
    db.session.execute(delete(User).where(User.id == user_id).execution_options(synchronize_session=False))
    db.session.expire_all()
    return erased


def delete_account(user: User, password: str, now: datetime | None = None) -> Erased:
    """The account holder deletes their own account, having typed the password again. A wrong password changes
    nothing and says so next to the field."""
    if user.is_staff:
        raise StaffAccountKept(STAFF_ACCOUNT_KEPT)
    if not user.check_password(password):
        raise ErasureRefused(_l("The password is wrong. Nothing has been deleted."), field="password")
    return _erase_account(user, actor=user, detail="by its owner", now=now or utcnow())


def erase_registration(registration: Registration, now: datetime | None = None) -> Erased:
    """A guest erases the registration their manage link opens: cancelled if the event is still to come (the
    waiting list moves up), then emptied; the link opens nothing afterwards."""
    now = now or utcnow()
    erased = Erased()
    record(AuditAction.REGISTRATION_ERASED, registration, detail="through its manage link", now=now)
    _erase_registrations([registration], erased, now)
    return erased


def erase_address(email: str, acting_user: User, now: datetime | None = None) -> Erased:
    """An administrator erases everything kept about an address, for a request by email or letter: the account
    (unless it is staff's), the registrations made with the address, the address given with proposals, and the
    emails to it. Recorded with a mark of the address, never the address."""
    if acting_user is None or acting_user.role != Role.ADMIN:
        raise Forbidden(_l("Only administrators can erase personal data on request."))
    now, email = now or utcnow(), normalise_email(email)
    user = db.session.scalars(select(User).where(User.email == email)).one_or_none()
    if user is not None and user.is_staff:
        raise ErasureRefused(STAFF_ACCOUNT_KEPT)
    if user is not None:
        erased = _erase_account(user, actor=acting_user, detail="on request", now=now)
    else:
        erased = Erased()
        registrations = db.session.scalars(select(Registration).where(Registration.email == email))
        _erase_what_the_address_holds(email, registrations, erased, now)
    record(
        AuditAction.DATA_REQUEST_ERASED, actor=acting_user, detail=f"{address_mark(email)}: {erased.summary()}", now=now
    )
    return erased
