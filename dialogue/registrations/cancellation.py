"""Cancelling registrations, and the waiting list moving up into the places they free.

Each change holds the event's row lock (dialogue.registrations.services.lock_event), so that the places freed and the
promotions in sign-up order are decided on the event as it is. Services flush; the caller commits.
"""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from sqlalchemy import select

from dialogue.database import utcnow
from dialogue.events.models import Event
from dialogue.extensions import db
from dialogue.registrations import emails
from dialogue.registrations.models import Registration, RegistrationStatus
from dialogue.registrations.services import NotCancellable, fits, lock_event


@dataclass
class QuietCancellation:
    cancelled: list[Registration]
    promoted: list[Registration]


def cancel(registration_id: int, now: datetime | None = None) -> list[Registration]:
    """Cancel a registration, free its places and promote from the waiting list; returns the promoted ones."""
    now = now or utcnow()
    registration = db.session.get(Registration, registration_id)
    if registration is None:
        raise NotCancellable(_l("This registration does not exist."))
    event = lock_event(registration.event_id)
    db.session.refresh(registration)  # another cancellation may have changed it before we got the lock
    if registration.status == RegistrationStatus.CANCELLED:
        raise NotCancellable(_l("This registration is already cancelled."))
    _refuse_after_the_event(event, now)
    was_confirmed = registration.status == RegistrationStatus.CONFIRMED
    _mark_cancelled(event, registration, now)
    emails.cancellation_confirmed(registration)
    db.session.flush()
    if not was_confirmed:
        return []
    return promote_from_waitlist(event, now)


def cancel_without_notice(
    event_id: int, registration_ids: Collection[int], now: datetime | None = None
) -> QuietCancellation:
    """Cancel several registrations of one event and email none of them: staff clearing out registrations that a
    script made, whose addresses may be anyone's. Returns a QuietCancellation.

    All are cancelled before anyone moves up, so that none of them is promoted (and emailed) on the way; whoever
    moves up is told as usual. Registrations already cancelled (by someone else meanwhile) are passed over.
    """
    now = now or utcnow()
    event = lock_event(event_id)
    if event is None:
        raise NotCancellable(_l("This event does not exist."))
    _refuse_after_the_event(event, now)
    wanted = set(registration_ids)
    registrations = list(
        db.session.scalars(
            select(Registration)
            .where(Registration.id.in_(wanted), Registration.event_id == event.id)
            .order_by(Registration.id)
            .execution_options(populate_existing=True)  # as they are now that the event is locked
        )
    )
    if len(registrations) != len(wanted):
        raise NotCancellable(_l("This event has no such registration."))
    active = [registration for registration in registrations if registration.is_active]
    if not active:
        raise NotCancellable(
            lazy_ngettext(
                "The selected registration is already cancelled.",
                "The selected registrations are already cancelled.",
                len(wanted),
            )
        )
    for registration in active:
        _mark_cancelled(event, registration, now)
    db.session.flush()
    return QuietCancellation(cancelled=active, promoted=promote_from_waitlist(event, now))


def _refuse_after_the_event(event: Event, now: datetime) -> None:
    if event.ends_at <= now:
        raise NotCancellable(_l("The event has already taken place, so the registration can no longer be cancelled."))


def _mark_cancelled(event: Event, registration: Registration, now: datetime) -> None:
    """The caller holds the event's row lock, and promotes from the waiting list once its places are free."""
    if registration.status == RegistrationStatus.CONFIRMED:
        event.places_taken -= registration.party_size
    elif registration.status == RegistrationStatus.WAITLISTED:
        event.waitlist_length -= 1
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = now


def promote_from_waitlist(event: Event, now: datetime | None = None) -> list[Registration]:
    """Confirm waiting registrations in sign-up order while places allow; a party too large keeps its turn.

    Each promoted person is told by email (queued in this transaction). The caller holds the event's row lock.
    """
    now = now or utcnow()
    promoted: list[Registration] = []
    if event.capacity is not None and event.places_taken >= event.capacity:
        return promoted
    waiting = db.session.scalars(
        select(Registration)
        .where(Registration.event_id == event.id, Registration.status == RegistrationStatus.WAITLISTED)
        .order_by(Registration.id)  # ids are handed out under the lock: sign-up order
    )
    for registration in waiting:
        if event.capacity is not None and event.places_taken >= event.capacity:
            break
        if fits(event, registration.party_size):
            registration.status = RegistrationStatus.CONFIRMED
            registration.confirmed_at = now
            event.places_taken += registration.party_size
            event.waitlist_length -= 1
            promoted.append(registration)
            emails.promoted(registration)
    db.session.flush()
    return promoted
