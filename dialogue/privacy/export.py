"""Everything Dialogue keeps about a person, as one JSON file: the answer to "show me my data" (GDPR article 15).

One builder serves all three ways to ask: an account holder downloads their own (`for_account`), a guest the one
registration their manage link opens (`for_registration`), and an administrator answering a request by email or
letter everything kept about an address (`for_address`). The privacy page describes the file's parts, so the
keys are stable English words; the values are what is stored, dates in UTC (ISO 8601).

An account's data is found by the account and by its confirmed address, so registrations and proposals made as a
guest with the same address are in it too. What others wrote about the person (a moderator's reason, an answer)
is in it only where it is part of the person's own proposal.
"""

import json
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from dialogue.accounts.models import User, normalise_email
from dialogue.audit.models import AuditEntry, SubjectType
from dialogue.contributions.models import Contribution, ContributionKind, Report, Support
from dialogue.database import utcnow
from dialogue.events.models import Event
from dialogue.extensions import db
from dialogue.outbox.models import OutboxMessage
from dialogue.registrations.models import Registration

FORMAT = "dialogue-personal-data"
VERSION = 1


def _when(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _value(member) -> str | None:
    return member.value if member is not None else None


def _event(event: Event) -> dict:
    return {
        "id": event.id,
        "title": event.title,
        "starts_at": _when(event.starts_at),
        "ends_at": _when(event.ends_at),
        "venue": event.venue,
        "address": event.address,
        "neighbourhood": event.neighbourhood.name,
    }


def registration_data(registration: Registration) -> dict:
    """A registration with its party: who, how many, the children, the access needs and the door."""
    return {
        "id": registration.id,
        "event": _event(registration.event),
        "status": registration.status.value,
        "name": registration.contact_name,
        "email": registration.email,
        "adults": registration.adults,
        "children": registration.children,
        "children_details": [
            {"first_name": child.first_name, "age": child.age} for child in registration.child_details
        ],
        "access_needs": [item.need.value for item in registration.access_needs],
        "interpreter_language": registration.interpreter_language,
        "access_note": registration.access_note,
        "language_for_messages": registration.preferred_language,
        "check_in_code": registration.check_in_code,
        "checked_in_at": _when(registration.checked_in_at),
        "no_show": registration.no_show,
        "taken_by_staff_on_the_phone": registration.registered_by_id is not None,
        "registered_at": _when(registration.created_at),
        "confirmed_at": _when(registration.confirmed_at),
        "cancelled_at": _when(registration.cancelled_at),
        "anonymised_at": _when(registration.anonymised_at),
    }


def _contribution(contribution: Contribution) -> dict:
    data = {
        "id": contribution.id,
        "neighbourhood": contribution.neighbourhood.name,
        "event_id": contribution.event_id,
        "text": contribution.body,
        "language": contribution.language,
        "public": contribution.is_public,
        "written_at": _when(contribution.created_at),
    }
    if contribution.kind == ContributionKind.FEEDBACK:
        return data | {"rating": contribution.rating}
    return data | {
        "title": contribution.title,
        "theme": _value(contribution.theme),
        "place": contribution.place_description,
        "status": _value(contribution.status),
        "email_for_follow_up": contribution.contact_email,
        "answers": [
            {
                "text": answer.text,
                "status": answer.to_status.value,
                "organisation": answer.organisation.name if answer.organisation else None,
                "answered_at": _when(answer.created_at),
            }
            for answer in contribution.answers
        ],
    }


def _email(message: OutboxMessage) -> dict:
    return {
        "kind": message.kind,
        "to": message.to_address,
        "name": message.to_name,
        "subject": message.subject,
        "text": message.body_text,
        "attachments": [attachment.filename for attachment in message.attachments],
        "status": message.status.value,
        "queued_at": _when(message.created_at),
        "sent_at": _when(message.sent_at),
    }


def _account(user: User) -> dict:
    return {
        "id": user.id,
        "name": user.name,
        "email": user.email,
        "role": user.role.value,
        "staff_title": user.staff_title,
        "organisation": user.organisation.name if user.organisation else None,
        "language_for_messages": user.preferred_language,
        "personal_calendar_feed": user.calendar_token_hash is not None,
        "created_at": _when(user.created_at),
        "email_confirmed_at": _when(user.email_confirmed_at),
        "last_login_at": _when(user.last_login_at),
        "password": "stored only as a hash, which cannot be read back",
    }


def _registrations(condition) -> list[dict]:
    registrations = db.session.scalars(
        select(Registration)
        .where(condition)
        .options(
            selectinload(Registration.event).selectinload(Event.neighbourhood),
            selectinload(Registration.child_details),
            selectinload(Registration.access_needs),
        )
        .order_by(Registration.created_at, Registration.id)
    )
    return [registration_data(registration) for registration in registrations]


def _contributions(condition) -> tuple[list[dict], list[dict]]:
    contributions = db.session.scalars(
        select(Contribution)
        .where(condition)
        .options(selectinload(Contribution.neighbourhood), selectinload(Contribution.answers))
        .order_by(Contribution.created_at, Contribution.id)
    ).all()
    proposals = [_contribution(item) for item in contributions if item.kind == ContributionKind.PROPOSAL]
    feedback = [_contribution(item) for item in contributions if item.kind == ContributionKind.FEEDBACK]
    return proposals, feedback


def _emails(email: str) -> list[dict]:
    """The messages to the address whose text is still kept (the purge empties them after a while)."""
    messages = db.session.scalars(
        select(OutboxMessage)
        .where(func.lower(OutboxMessage.to_address) == email, OutboxMessage.anonymised_at.is_(None))
        .options(selectinload(OutboxMessage.attachments))
        .order_by(OutboxMessage.created_at, OutboxMessage.id)
    )
    return [_email(message) for message in messages]


def _account_parts(user: User) -> dict:
    supports = db.session.execute(
        select(Support.contribution_id, Contribution.title, Support.created_at)
        .join(Contribution, Contribution.id == Support.contribution_id)
        .where(Support.user_id == user.id)
        .order_by(Support.created_at, Support.contribution_id)
    ).all()
    reports = db.session.execute(
        select(Report.contribution_id, Report.reason, Report.created_at)
        .where(Report.reporter_id == user.id)
        .order_by(Report.created_at, Report.id)
    ).all()
    events = db.session.execute(
        select(AuditEntry.action, AuditEntry.occurred_at)
        .where(AuditEntry.subject_type == SubjectType.USER, AuditEntry.subject_id == user.id)
        .order_by(AuditEntry.occurred_at, AuditEntry.id)
    ).all()
    return {
        "supports": [
            {"proposal_id": proposal_id, "proposal_title": title, "supported_at": _when(at)}
            for proposal_id, title, at in supports
        ],
        "reports": [
            {"contribution_id": contribution_id, "reason": reason, "reported_at": _when(at)}
            for contribution_id, reason, at in reports
        ],
        "account_events": [{"action": action.value, "at": _when(at)} for action, at in events],
    }


def _document(**parts) -> dict:
    return {"format": FORMAT, "version": VERSION, "created_at": _when(utcnow()), **parts}


def for_account(user: User) -> dict:
    """Everything about an account holder: found by the account, and by its address."""
    email = user.email
    proposals, feedback = _contributions(or_(Contribution.author_id == user.id, Contribution.contact_email == email))
    return _document(
        account=_account(user),
        registrations=_registrations(or_(Registration.user_id == user.id, Registration.email == email)),
        proposals=proposals,
        feedback=feedback,
        **_account_parts(user),
        emails=_emails(email),
    )


def for_registration(registration: Registration) -> dict:
    """What a manage link opens: that registration, nothing else kept about its address."""
    return _document(registrations=[registration_data(registration)])


def for_address(email: str) -> dict:
    """Everything kept about an email address, with or without an account: for a request by email or letter."""
    email = normalise_email(email)
    user = db.session.scalars(select(User).where(User.email == email)).one_or_none()
    if user is not None:
        return for_account(user)
    proposals, feedback = _contributions(Contribution.contact_email == email)
    return _document(
        account=None,
        registrations=_registrations(Registration.email == email),
        proposals=proposals,
        feedback=feedback,
        emails=_emails(email),
    )


def as_json(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
