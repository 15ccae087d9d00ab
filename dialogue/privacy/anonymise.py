"""What the purge empties, kind by kind: each kind names the rows that are due (`due`, a SELECT of their ids) and
empties a batch of them (`empty`, in the caller's transaction). Every change of a batch is made in that one
transaction, so a row is either untouched or fully anonymised, whatever interrupts the purge.

What the reports count is never touched: a registration keeps its party (adults, children), status, dates,
check-in and no-show; a walk-in its party size; an email its kind, status and dates; a proposal its text, status
and answers.
"""

from datetime import datetime

from sqlalchemy import Select, delete, func, or_, select, update

from dialogue.attendance.models import WalkIn
from dialogue.contributions.models import Contribution, ContributionKind
from dialogue.events.models import Event
from dialogue.extensions import db
from dialogue.outbox.models import OutboxAttachment, OutboxMessage, OutboxStatus
from dialogue.privacy.retention import Retention, before
from dialogue.registrations.models import Registration, RegistrationAccessNeed, RegistrationChild

# What stands in an email's recorded server answer where the recipient's address was.
ADDRESS_REMOVED = "***"


def registrations_due(now: datetime, retention: Retention) -> Select:
    return (
        select(Registration.id)
        .join(Event, Event.id == Registration.event_id)
        .where(Registration.anonymised_at.is_(None), Event.ends_at <= before(now, retention.registration_days))
    )


def empty_registrations(ids: list[int], now: datetime) -> int:
    """Who registered goes: name, address, account, children's names and ages, access needs and their note, the
    interpreter's language, the manage link (which then opens nothing) and the keyed hash of the connection it came
    from. The party, status and door stay."""
    db.session.execute(delete(RegistrationChild).where(RegistrationChild.registration_id.in_(ids)))
    db.session.execute(delete(RegistrationAccessNeed).where(RegistrationAccessNeed.registration_id.in_(ids)))
    result = db.session.execute(
        update(Registration)
        .where(Registration.id.in_(ids), Registration.anonymised_at.is_(None))
        .values(
            contact_name="",
            email=None,
            user_id=None,
            interpreter_language=None,
            access_note="",
            manage_token_hash=None,
            origin_hash=None,
            anonymised_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


def access_notes_due(now: datetime, retention: Retention) -> Select:
    """Notes of events over for a while; registrations the purge anonymises as a whole are counted there."""
    return (
        select(Registration.id)
        .join(Event, Event.id == Registration.event_id)
        .where(
            Registration.access_note != "",
            Registration.anonymised_at.is_(None),
            Event.ends_at <= before(now, retention.access_note_days),
            Event.ends_at > before(now, retention.registration_days),
        )
    )


def empty_access_notes(ids: list[int], now: datetime) -> int:
    result = db.session.execute(
        update(Registration)
        .where(Registration.id.in_(ids))
        .values(access_note="")
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


def walk_in_names_due(now: datetime, retention: Retention) -> Select:
    """The names some walk-ins gave at the door go with the registrations of the same event."""
    return (
        select(WalkIn.id)
        .join(Event, Event.id == WalkIn.event_id)
        .where(WalkIn.name != "", Event.ends_at <= before(now, retention.registration_days))
    )


def empty_walk_in_names(ids: list[int], now: datetime) -> int:
    result = db.session.execute(
        update(WalkIn).where(WalkIn.id.in_(ids)).values(name="").execution_options(synchronize_session=False)
    )
    return result.rowcount


def emails_due(now: datetime, retention: Retention) -> Select:
    """Sent emails, and those given up on (at their last try), older than the period. Pending ones wait."""
    cutoff = before(now, retention.email_days)
    return select(OutboxMessage.id).where(
        OutboxMessage.anonymised_at.is_(None),
        or_(
            (OutboxMessage.status == OutboxStatus.SENT) & (OutboxMessage.sent_at <= cutoff),
            (OutboxMessage.status == OutboxStatus.FAILED) & (OutboxMessage.next_attempt_at <= cutoff),
        ),
    )


def empty_emails(ids: list[int], now: datetime) -> int:
    """The recipient, the text and the attachments go (a manage link or a password link with them); the kind,
    status, tries and dates stay for the delivery figures, and the server's last answer without the address."""
    db.session.execute(delete(OutboxAttachment).where(OutboxAttachment.message_id.in_(ids)))
    result = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(ids), OutboxMessage.anonymised_at.is_(None))
        .values(
            last_error=func.replace(OutboxMessage.last_error, OutboxMessage.to_address, ADDRESS_REMOVED),
            to_address="",
            to_name="",
            body_text="",
            body_html="",
            anonymised_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


def proposal_contacts_due(now: datetime, retention: Retention) -> Select:
    """The follow-up address of a proposal, some time after its last answer (the answer was emailed to it), or
    after a longer time when it was never answered."""
    return select(Contribution.id).where(
        Contribution.kind == ContributionKind.PROPOSAL,
        Contribution.contact_email.is_not(None),
        or_(
            Contribution.last_answered_at <= before(now, retention.contribution_contact_days),
            Contribution.last_answered_at.is_(None)
            & (Contribution.created_at <= before(now, retention.unanswered_contact_days)),
        ),
    )


def empty_proposal_contacts(ids: list[int], now: datetime) -> int:
    result = db.session.execute(
        update(Contribution)
        .where(Contribution.id.in_(ids))
        .values(contact_email=None)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount
