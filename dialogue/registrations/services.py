"""Registration rules: capacity, the waiting list and cancellation.

Every write holds the event's row lock (on SQLite every transaction already holds the database's write lock, see
dialogue.database), so the capacity check, the insert and waiting-list promotion of one event never interleave.
Cancellations and staff changes take it first (SELECT ... FOR UPDATE). A registration takes it as late as it can,
so that a burst of sign-ups for one event queues as briefly as possible: the checks that need no lock, the door
code and the email (a confirmation, or a waiting-list notice whose place is filled in later) come first, then one
conditional UPDATE takes the places and the lock together (`_take_places`), and only the insert and the outbox's row
follow before the commit. When the places do not fit, or the event changed meanwhile, the registration locks the
row (SELECT ... FOR UPDATE) and decides there, as cancellations do. Services flush; the caller commits.

A registration made on the site has limits against scripts besides (dialogue.registrations.site_limits).
"""

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import format_datetime, lazy_ngettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value

from dialogue.accounts.models import User, normalise_email
from dialogue.database import utcnow
from dialogue.events.models import Audience, Event, EventStatus
from dialogue.extensions import db
from dialogue.refusals import Refusal
from dialogue.registrations import emails
from dialogue.registrations.models import (
    MAX_PARTY_SIZE,
    AccessNeed,
    Registration,
    RegistrationAccessNeed,
    RegistrationChild,
    RegistrationStatus,
    hash_manage_token,
    new_check_in_code,
    new_manage_token,
)
from dialogue.registrations.site_limits import address_refusal, guest_party_refusal, origin_hash
from dialogue.safety import LINK_REFUSED, contains_link


class RegistrationError(Refusal):
    """A rule of registration refused the change."""


class RegistrationClosed(RegistrationError):
    pass


class EventFull(RegistrationError):
    pass


class AlreadyRegistered(RegistrationError):
    pass


class NotCancellable(RegistrationError):
    pass


class PartyTooLargeForGuest(RegistrationError):
    pass


class TooManyFromAddress(RegistrationError):
    pass


# The refusal of a second registration with one address; the registration page then points to the event page's
# form that sends the registration links again (dialogue.registrations.links_again).
ALREADY_REGISTERED = _l(
    "This email address is already registered for this event. To see or cancel that registration, use the link in "
    "your confirmation email. Cannot find it? Use “Send me my registration links again” on the event's page, or "
    "log in and open My registrations."
)


@dataclass
class ChildDetail:
    first_name: str = ""
    age: int | None = None


@dataclass
class RegistrationRequest:
    contact_name: str
    email: str
    adults: int = 1
    children: int = 0
    child_details: list[ChildDetail] = field(default_factory=list)
    access_needs: set[AccessNeed] = field(default_factory=set)
    interpreter_language: str | None = None
    access_note: str = ""
    preferred_language: str = "sv"


@dataclass
class RegistrationResult:
    registration: Registration
    manage_token: str  # shown once, in the confirmation; only its hash is stored


@dataclass
class QuietCancellation:
    cancelled: list[Registration]
    promoted: list[Registration]


def registration_refusal(event: Event, now: datetime | None = None):
    """Why registration is not possible now, or None when it is."""
    now = now or utcnow()
    if event.status == EventStatus.CANCELLED:
        return _l("This event has been cancelled.")
    if event.status == EventStatus.HELD:
        return _l("This event has already taken place.")
    if event.status != EventStatus.PUBLISHED:
        return _l("Registration has not opened for this event.")
    if event.starts_at <= now:
        return _l("This event has already started or taken place, so registration is closed.")
    if event.registration_opens_at and now < event.registration_opens_at:
        return _l("Registration opens %(when)s.", when=format_datetime(event.registration_opens_at, "medium"))
    if event.registration_closes_at and now >= event.registration_closes_at:
        return _l("Registration closed %(when)s.", when=format_datetime(event.registration_closes_at, "medium"))
    if is_full_without_waitlist(event):
        return _l("The event is full, and it has no waiting list.")
    return None


def is_full_without_waitlist(event: Event) -> bool:
    return event.places_left == 0 and not event.waitlist_enabled


def lock_event(event_id: int) -> Event | None:
    """Load the event and hold its row lock until the transaction ends."""
    return db.session.scalars(
        select(Event).where(Event.id == event_id).with_for_update().execution_options(populate_existing=True)
    ).one_or_none()


def _free_check_in_code(event_id: int) -> str:
    """A door code no other registration of the event has. Drawn before the event's lock: two registrations drawing
    the same code at the same moment (one chance in hundreds of millions per registration of a large event) are
    refused by the unique constraint, and the second person sends the form again."""
    while True:
        code = new_check_in_code()
        taken = select(Registration.id).where(Registration.event_id == event_id, Registration.check_in_code == code)
        if db.session.scalar(taken) is None:
            return code


def _take_places(event: Event, party: int, now: datetime) -> bool:
    """Confirm `party` places in one statement, which holds the event's row lock from here to the commit: only
    while the event is open for registration, as it was read (same revision: time, place and status), and the places
    fit. False when any of that no longer holds; then nothing changed and no lock is held."""
    taken = db.session.scalar(
        update(Event)
        .where(
            Event.id == event.id,
            Event.revision == event.revision,
            Event.status == EventStatus.PUBLISHED,
            Event.starts_at > now,
            or_(Event.registration_opens_at.is_(None), Event.registration_opens_at <= now),
            or_(Event.registration_closes_at.is_(None), Event.registration_closes_at > now),
            or_(Event.capacity.is_(None), Event.places_taken + party <= Event.capacity),
        )
        .values(places_taken=Event.places_taken + party)
        .returning(Event.places_taken)
        .execution_options(synchronize_session=False)
    )
    if taken is None:
        return False
    set_committed_value(event, "places_taken", taken)
    return True


def _fits(event: Event, party: int) -> bool:
    return event.capacity is None or event.places_taken + party <= event.capacity


def _check_party(event: Event, request: RegistrationRequest) -> None:
    if request.adults < 1:
        raise RegistrationError(_l("At least one adult must come."), field="adults")
    if request.children < 0:
        raise RegistrationError(_l("The number of children cannot be negative."), field="children")
    if request.adults + request.children > MAX_PARTY_SIZE:
        raise RegistrationError(
            _l("At most %(max)s people can come on one registration.", max=MAX_PARTY_SIZE), field="children"
        )
    if event.audience == Audience.CHILDREN_WITH_GUARDIAN and request.children < 1:
        raise RegistrationError(
            _l("This event is for children with a guardian: add at least one child."), field="children"
        )
    if len(request.child_details) > request.children:
        raise RegistrationError(_l("You described more children than the number of children coming."), field="children")
    if AccessNeed.INTERPRETER in request.access_needs and not request.interpreter_language:
        raise RegistrationError(_l("Choose the language the interpreter should speak."), field="interpreter_language")
    if request.interpreter_language and AccessNeed.INTERPRETER not in request.access_needs:
        raise RegistrationError(
            _l("Tick Interpreter as well, or choose that no interpreter is needed."), field="interpreter_language"
        )


def _check_texts(request: RegistrationRequest) -> None:
    """No links in the names and the note: the emails greet the typed-in address with the name."""
    if contains_link(request.contact_name):
        raise RegistrationError(LINK_REFUSED, field="contact_name")
    if any(contains_link(child.first_name) for child in request.child_details):
        raise RegistrationError(
            _l("Write the children's first names without links or web addresses."), field="children"
        )
    if contains_link(request.access_note):
        raise RegistrationError(LINK_REFUSED, field="access_note")


def active_registration_for_user(event_id: int, user_id: int) -> Registration | None:
    return db.session.scalars(
        select(Registration).where(
            Registration.event_id == event_id,
            Registration.user_id == user_id,
            Registration.status != RegistrationStatus.CANCELLED,
        )
    ).first()


def active_registration_for_email(event_id: int, email: str) -> Registration | None:
    return db.session.scalars(
        select(Registration).where(
            Registration.event_id == event_id,
            Registration.email == normalise_email(email),
            Registration.status != RegistrationStatus.CANCELLED,
        )
    ).first()


def register(
    event_id: int,
    request: RegistrationRequest,
    user: User | None = None,
    now: datetime | None = None,
    client_address: str | None = None,
) -> RegistrationResult:
    """Confirm the party if it fits, otherwise put it on the waiting list (or refuse when there is none).
    `client_address` makes it a registration made on the site: the site's limits apply and its origin is stored."""
    now = now or utcnow()
    event = db.session.get(Event, event_id)
    if event is None:
        raise RegistrationClosed(_l("This event does not exist."))
    _refuse_closed(event, now)
    _check_party(event, request)
    _check_texts(request)
    if active_registration_for_email(event.id, request.email):
        raise AlreadyRegistered(ALREADY_REGISTERED, field="email")
    origin = origin_hash(event.id, client_address) if client_address is not None else None
    party = request.adults + request.children
    if origin is not None and user is None and (refusal := guest_party_refusal(party)):
        raise PartyTooLargeForGuest(refusal, field="children" if request.children else "adults")

    token, token_hash = new_manage_token()
    registration = Registration(
        event=event,
        user=user,
        contact_name=request.contact_name.strip(),
        email=normalise_email(request.email),
        adults=request.adults,
        children=request.children,
        interpreter_language=request.interpreter_language,
        access_note=request.access_note.strip(),
        preferred_language=request.preferred_language,
        status=RegistrationStatus.CONFIRMED,
        manage_token_hash=token_hash,
        origin_hash=origin,
        check_in_code=_free_check_in_code(event.id),
        created_at=now,
        confirmed_at=now,
    )
    registration.child_details = [
        RegistrationChild(position=position, first_name=child.first_name.strip(), age=child.age)
        for position, child in enumerate(request.child_details, start=1)
    ]
    registration.access_needs = [RegistrationAccessNeed(need=need) for need in sorted(request.access_needs)]
    # Both emails are written for the event as read, before the lock; each is used only if the event is as read
    # when the lock is taken (same revision: time, place and status), and the waiting-list place is filled in then.
    fits = _fits(event, party)
    revision = event.revision
    notice = emails.confirmation(registration, token) if fits else emails.waiting_notice(registration, token)

    # A party that did not fit the places as read goes straight to the lock: it is almost surely waiting.
    if not (fits and _take_places(event, party, now)):
        event = lock_event(event.id)
        _refuse_closed(event, now)
        if _fits(event, party):
            event.places_taken += party
        elif event.waitlist_enabled:
            registration.status, registration.confirmed_at = RegistrationStatus.WAITLISTED, None
        else:
            raise EventFull(
                lazy_ngettext(
                    "Only %(num)s place is left, and the event has no waiting list.",
                    "Only %(num)s places are left, and the event has no waiting list.",
                    event.places_left,
                ),
                field="adults",
            )
    # The event's row is locked from here on, so the count holds until the commit.
    if origin is not None and (refusal := address_refusal(event.id, origin)):
        raise TooManyFromAddress(refusal)
    db.session.add(registration)
    try:
        db.session.flush()
    except IntegrityError as error:
        # The check above makes this rare (two sign-ups with one address at the same moment); the unique index of
        # active addresses has the last word. The caller rolls the whole change back.
        raise AlreadyRegistered(
            _l("This email address is already registered for this event."), field="email"
        ) from error
    unchanged = event.revision == revision
    if registration.status == RegistrationStatus.WAITLISTED:
        if not (unchanged and notice.kind == emails.WAITLISTED):
            notice = emails.waiting_notice(registration, token)
        emails.queue_waiting_notice(notice, waitlist_position(registration))
    elif unchanged and notice.kind == emails.REGISTRATION_CONFIRMED:
        emails.queue_confirmation(notice)
    else:
        emails.registration_confirmed(registration, token)
    return RegistrationResult(registration=registration, manage_token=token)


def _refuse_closed(event: Event, now: datetime) -> None:
    refusal = registration_refusal(event, now)
    if refusal:
        raise (EventFull if is_full_without_waitlist(event) else RegistrationClosed)(refusal)


def registration_by_token(token: str) -> Registration | None:
    if not token or len(token) > 100:
        return None
    return db.session.scalars(
        select(Registration).where(Registration.manage_token_hash == hash_manage_token(token))
    ).one_or_none()


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
        if _fits(event, registration.party_size):
            registration.status = RegistrationStatus.CONFIRMED
            registration.confirmed_at = now
            event.places_taken += registration.party_size
            promoted.append(registration)
            emails.promoted(registration)
    db.session.flush()
    return promoted


def waitlist_length(event_id: int) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(Registration)
        .where(Registration.event_id == event_id, Registration.status == RegistrationStatus.WAITLISTED)
    )


def waitlist_position(registration: Registration) -> int | None:
    """1 for the first in the queue; None when the registration is not waiting."""
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    ahead = db.session.scalar(
        select(func.count())
        .select_from(Registration)
        .where(
            Registration.event_id == registration.event_id,
            Registration.status == RegistrationStatus.WAITLISTED,
            Registration.id < registration.id,
        )
    )
    return ahead + 1
