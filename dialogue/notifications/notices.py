"""What services call when something happens that people should hear about.

Each function composes the message (dialogue.notifications.messages) in the recipient's language and puts it
in the outbox in the caller's transaction: it is committed with the change or rolled back with it. Nothing
here commits or talks SMTP; the outbox worker sends.

Messages that must reach a person once only carry a dedupe key, so a second call (a retried cron run, two
services reporting the same promotion) queues nothing.
"""
from datetime import date

from flask import url_for
from sqlalchemy import select

from dialogue.accounts.models import User
from dialogue.contributions.models import Answer, Contribution
from dialogue.events.models import Event
from dialogue.extensions import db
from dialogue.notifications import messages
from dialogue.notifications.links import links_available
from dialogue.notifications.models import OutboxMessage
from dialogue.notifications.outbox import enqueue
from dialogue.registrations.models import Registration, RegistrationStatus


def _queue(message: messages.Message, dedupe_key: str | None = None) -> OutboxMessage | None:
    return enqueue(
        to_address=message.to_address,
        to_name=message.to_name,
        subject=message.subject,
        body_text=message.body_text,
        body_html=message.body_html,
        kind=message.kind,
        language=message.language,
        attachments=message.attachments,
        dedupe_key=dedupe_key,
    )


def _manage_url(manage_token: str) -> str:
    return url_for("registrations.manage", token=manage_token, _external=True)


# Registrations: called by dialogue.registrations.services -----------------------------------------------


def registration_confirmed(registration: Registration, manage_token: str) -> OutboxMessage | None:
    with links_available():
        return _queue(messages.registration_confirmed(registration, _manage_url(manage_token)))


def waitlisted(registration: Registration, manage_token: str, position: int) -> OutboxMessage | None:
    with links_available():
        return _queue(messages.waitlisted(registration, _manage_url(manage_token), position))


def promoted(registration: Registration) -> OutboxMessage | None:
    """A registration moves up from the waiting list once, whoever reports it."""
    with links_available():
        return _queue(messages.promoted(registration), dedupe_key=f"promoted:{registration.id}")


def cancellation_confirmed(registration: Registration) -> OutboxMessage | None:
    with links_available():
        return _queue(messages.cancellation_confirmed(registration), dedupe_key=f"cancelled:{registration.id}")


# Events: for the planning service (changing or cancelling an event) ----------------------------------------


def _active_registrations(event: Event) -> list[Registration]:
    return list(
        db.session.scalars(
            select(Registration)
            .where(Registration.event_id == event.id, Registration.status != RegistrationStatus.CANCELLED)
            .order_by(Registration.id)
        )
    )


def event_changed(event: Event) -> list[OutboxMessage]:
    """Tell every active registration the new time or place; call after raising `event.revision`.

    Confirmed people get the updated .ics (same UID, higher SEQUENCE), which moves the entry in their calendar;
    people on the waiting list never got one, so they get none.
    """
    queued = []
    with links_available():
        for registration in _active_registrations(event):
            message = messages.event_changed(
                registration, with_calendar=registration.status == RegistrationStatus.CONFIRMED
            )
            key = f"event-changed:{registration.id}:r{event.revision}"
            if (outbox_message := _queue(message, dedupe_key=key)) is not None:
                queued.append(outbox_message)
    return queued


def event_cancelled(event: Event) -> list[OutboxMessage]:
    """Pass the organiser's message on to every active registration; call after the event is cancelled.

    Confirmed people get an .ics with STATUS:CANCELLED, which removes the entry from their calendar.
    """
    queued = []
    with links_available():
        for registration in _active_registrations(event):
            message = messages.event_cancelled(
                registration, with_calendar=registration.status == RegistrationStatus.CONFIRMED
            )
            if (outbox_message := _queue(message, dedupe_key=f"event-cancelled:{registration.id}")) is not None:
                queued.append(outbox_message)
    return queued


# Scheduled: called by dialogue.notifications.scheduled -------------------------------------------------------


def reminder(registration: Registration) -> OutboxMessage | None:
    with links_available():
        return _queue(messages.reminder(registration), dedupe_key=f"reminder:{registration.id}")


def thank_you(registration: Registration) -> OutboxMessage | None:
    with links_available():
        return _queue(messages.thank_you(registration), dedupe_key=f"thank-you:{registration.id}")


def digest_key(developer: User, day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"digest:{developer.id}:{year}-W{week:02d}"


def developer_digest(developer: User, proposals: list[Contribution], day: date) -> OutboxMessage | None:
    """One digest per developer and ISO week; none when there is nothing new."""
    if not proposals:
        return None
    with links_available():
        return _queue(messages.developer_digest(developer, proposals), dedupe_key=digest_key(developer, day))


# Proposals: called by dialogue.contributions.services.answer() ----------------------------------------------


def proposal_status_changed(proposal: Contribution, answer: Answer) -> OutboxMessage | None:
    """Tell the proposer who left an email address about the answer (also a progress update in the same
    status: it is news to them)."""
    if not proposal.contact_email:
        return None
    with links_available():
        message = messages.proposal_status_changed(proposal, answer, proposal.contact_email)
        return _queue(message, dedupe_key=f"answer:{answer.id}")
