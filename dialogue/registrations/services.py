"""Registration rules: capacity and the waiting list (cancelling is dialogue.registrations.cancellation).

Every write holds the event's row lock (on SQLite every transaction already holds the database's write lock, see
dialogue.database), so the capacity check, the insert and waiting-list promotion of one event never interleave.
Cancellations and staff changes take it first (SELECT ... FOR UPDATE). A registration takes it last, so that a burst
of sign-ups for one event queues as briefly as possible: whatever needs no lock comes first (the checks, the count of
the client's registrations under a lock of the client's own, the door code, and the email, written for the event as
read), then on PostgreSQL one statement takes the places, or a place in the queue, together with the lock and writes
the registration and its email (dialogue.registrations.places), and only the commit follows. When the event changed
in between, the registration reads it again and tries once more, and then locks the row and decides there, as
cancellations do and as every registration on SQLite does. Services flush; the caller commits.

A registration made on the site has limits against scripts besides (dialogue.registrations.site_limits).
"""

from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from flask_babel import format_datetime, lazy_ngettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, bindparam, func, literal, select
from sqlalchemy.exc import IntegrityError

from dialogue.accounts.models import User, normalise_email
from dialogue.database import utcnow
from dialogue.events.models import Audience, Event, EventStatus
from dialogue.extensions import db
from dialogue.refusals import Refusal
from dialogue.registrations import emails, places
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
from dialogue.registrations.site_limits import (
    active_registrations_from,
    address_refusal,
    guest_party_refusal,
    hold_address,
    origin_hash,
)
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
    # What the registrant is told on the next page, known without the database once the change is committed.
    status: RegistrationStatus
    position: int | None = None  # the place on the waiting list
    places_left: int | None = None  # the places left when a waiting party did not fit


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


def fits(event: Event, party: int) -> bool:
    """Whether a party of `party` people fits the event's places left, as the event was read."""
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
    registered_by: User | None = None,
) -> RegistrationResult:
    """Confirm the party if it fits, otherwise put it on the waiting list (or refuse when there is none).
    `client_address` makes it a registration made on the site: the site's limits apply and its origin is stored.
    `registered_by` is the staff member who took it for someone who phoned."""
    now = now or utcnow()
    event = db.session.get(Event, event_id)
    if event is None:
        raise RegistrationClosed(_l("This event does not exist."))
    _refuse_closed(event, now)
    _check_party(event, request)
    _check_texts(request)
    email = normalise_email(request.email)
    origin = origin_hash(event.id, client_address) if client_address is not None else None
    party = request.adults + request.children
    if origin is not None and user is None and (refusal := guest_party_refusal(party)):
        raise PartyTooLargeForGuest(refusal, field="children" if request.children else "adults")
    if origin is not None:
        hold_address(event.id, origin)
    check_in_code = new_check_in_code()
    found = _already_there(event.id, email, check_in_code, origin)
    if found.email_registered:
        raise AlreadyRegistered(ALREADY_REGISTERED, field="email")
    if origin is not None and (refusal := address_refusal(found.from_address)):
        raise TooManyFromAddress(refusal)
    if found.check_in_code_taken:
        check_in_code = _free_check_in_code(event.id)
    token, token_hash = new_manage_token()
    registration = Registration(
        event=event,
        event_id=event.id,
        user=user,
        user_id=user.id if user else None,
        contact_name=request.contact_name.strip(),
        email=email,
        adults=request.adults,
        children=request.children,
        interpreter_language=request.interpreter_language,
        access_note=request.access_note.strip(),
        preferred_language=request.preferred_language,
        status=RegistrationStatus.CONFIRMED,
        manage_token_hash=token_hash,
        check_in_code=check_in_code,
        checked_in_at=None,
        no_show=False,
        origin_hash=origin,
        registered_by_id=registered_by.id if registered_by else None,
        created_at=now,
        confirmed_at=now,
        cancelled_at=None,
        updated_at=now,
        anonymised_at=None,
    )
    registration.child_details = [
        RegistrationChild(position=position, first_name=child.first_name.strip(), age=child.age)
        for position, child in enumerate(request.child_details, start=1)
    ]
    registration.access_needs = [RegistrationAccessNeed(need=need) for need in sorted(request.access_needs)]
    emails_written = emails.WrittenAsRead(registration, token)
    try:
        if db.session.get_bind().dialect.name == "postgresql":
            for _reading in range(2):  # as read, and once more if the event changed before the lock was taken
                if not (fits(event, party) or event.waitlist_enabled):
                    break
                if (result := _register_as_read(event, registration, emails_written, now)) is not None:
                    return result
                db.session.refresh(event)
                _refuse_closed(event, now)
        return _register_under_lock(event, registration, emails_written, now)
    except IntegrityError as error:
        # The checks above make this rare (two sign-ups with one address at the same moment); the unique index of
        # active addresses has the last word. The caller rolls the whole change back.
        raise AlreadyRegistered(
            _l("This email address is already registered for this event."), field="email"
        ) from error


@dataclass
class _AlreadyThere:
    email_registered: bool
    check_in_code_taken: bool
    from_address: int


def _already_there(event_id: int, email: str, check_in_code: str, origin: str | None) -> _AlreadyThere:
    """In one statement: whether the address has an active registration for the event, whether another
    registration of the event has the door code, and how many active ones came from the client (`origin`)."""
    values = {"event_id": event_id, "email": email, "check_in_code": check_in_code}
    if origin is not None:
        values["origin"] = origin
    row = db.session.execute(_already_there_statement(origin is not None), values).one()
    return _AlreadyThere(bool(row.email_registered), bool(row.check_in_code_taken), row.from_address)


@lru_cache(maxsize=2)
def _already_there_statement(from_a_client: bool) -> Select:
    """The statement of `_already_there`, built once for each shape and executed with each registration's values."""
    columns = Registration.__table__.c
    event_id = bindparam("event_id", type_=columns.event_id.type)
    active = (Registration.event_id == event_id, Registration.status != RegistrationStatus.CANCELLED)
    from_address = (
        active_registrations_from(event_id, bindparam("origin", type_=columns.origin_hash.type))
        if from_a_client
        else literal(0)
    )
    return select(
        select(Registration.id)
        .where(*active, Registration.email == bindparam("email", type_=columns.email.type))
        .exists()
        .label("email_registered"),
        select(Registration.id)
        .where(
            Registration.event_id == event_id,
            Registration.check_in_code == bindparam("check_in_code", type_=columns.check_in_code.type),
        )
        .exists()
        .label("check_in_code_taken"),
        from_address.label("from_address"),
    )


def _set_status(registration: Registration, status: RegistrationStatus, now: datetime) -> None:
    registration.status = status
    registration.confirmed_at = now if status == RegistrationStatus.CONFIRMED else None


def _register_as_read(
    event: Event, registration: Registration, emails_written: emails.WrittenAsRead, now: datetime
) -> RegistrationResult | None:
    """PostgreSQL: the email written for the event as read, then the statement that takes the lock and writes
    (dialogue.registrations.places). None when the event changed in between, and nothing was written."""
    if fits(event, registration.party_size):
        _set_status(registration, RegistrationStatus.CONFIRMED, now)
        if places.confirm_as_read(event, registration, emails_written.for_event(event), now):
            return RegistrationResult(registration, emails_written.token, RegistrationStatus.CONFIRMED)
        return None
    _set_status(registration, RegistrationStatus.WAITLISTED, now)
    position = places.wait_as_read(event, registration, emails_written.for_event(event), now)
    if position is None:
        return None
    return RegistrationResult(
        registration, emails_written.token, RegistrationStatus.WAITLISTED, position, event.places_left
    )


def _register_under_lock(
    event: Event, registration: Registration, emails_written: emails.WrittenAsRead, now: datetime
) -> RegistrationResult:
    """Lock the event's row and decide there, as cancellations do: on SQLite (whose transaction holds the database's
    write lock from its start), and on PostgreSQL when the event kept changing before the lock, or is full."""
    event = lock_event(event.id)
    _refuse_closed(event, now)
    party = registration.party_size
    if fits(event, party):
        _set_status(registration, RegistrationStatus.CONFIRMED, now)
        event.places_taken += party
    elif event.waitlist_enabled:
        _set_status(registration, RegistrationStatus.WAITLISTED, now)
        event.waitlist_length += 1
    else:
        raise EventFull(
            lazy_ngettext(
                "Only %(num)s place is left, and the event has no waiting list.",
                "Only %(num)s places are left, and the event has no waiting list.",
                event.places_left,
            ),
            field="adults",
        )
    db.session.add(registration)
    db.session.flush()
    message = emails_written.for_event(event)
    if registration.status == RegistrationStatus.CONFIRMED:
        emails.queue_confirmation(message)
        return RegistrationResult(registration, emails_written.token, RegistrationStatus.CONFIRMED)
    position = event.waitlist_length  # the last in the queue
    emails.queue_waiting_notice(message, position)
    return RegistrationResult(
        registration, emails_written.token, RegistrationStatus.WAITLISTED, position, event.places_left
    )


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
