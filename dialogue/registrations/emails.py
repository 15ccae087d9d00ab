"""The emails about a registration, and the functions that queue them in the caller's transaction.

Each function writes the message in the registrant's language (dialogue.outbox.messages) and puts it in the
outbox: it is committed with the change or rolled back with it. Messages that must reach a person once only
carry a dedupe key, so a second call (a retried cron run, two services reporting the same promotion) queues
nothing.

Messages link to the manage page only when the raw manage token is at hand: when the person registers. Only
its hash is stored, so later messages link to the event page and, for account holders, to My registrations,
and tell guests that the link is in the first email about the registration.

The confirmation and the waiting-list notice, written with every sign-up, are written once for everyone who reads
them the same: the event as read, the language, and the party (its size, access needs, interpreter, and whether
it has an account). The registrant's own name and manage link are marks in that copy, filled in for each
registrant, and the calendar file gets each message's own DTSTAMP and LAST-MODIFIED (see `_written_for`).
"""

import re
import secrets
from dataclasses import dataclass, replace
from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from markupsafe import escape
from sqlalchemy import inspect, select

from dialogue.database import utcnow
from dialogue.events.ics import event_calendar, restamped
from dialogue.events.models import Event
from dialogue.events.texts import localised
from dialogue.extensions import db
from dialogue.outbox.links import links_available, public_url
from dialogue.outbox.messages import Message, in_language, link, queue, recipient_language, render, tidy
from dialogue.outbox.models import OutboxMessage
from dialogue.outbox.queue import Attachment
from dialogue.registrations.models import AccessNeed, Registration, RegistrationStatus
from dialogue.templating import event_when

REGISTRATION_CONFIRMED = "registration_confirmed"
WAITLISTED = "waitlisted"
PROMOTED = "promoted"
CANCELLATION_CONFIRMED = "cancellation_confirmed"
EVENT_CHANGED = "event_changed"
EVENT_CANCELLED = "event_cancelled"
REMINDER = "reminder"
THANK_YOU = "thank_you"
LINKS_AGAIN = "registration_links_again"

_CALENDAR_METHOD = re.compile(rb"^METHOD:([A-Z-]+)\r?$", re.MULTILINE)


def calendar_attachment(event: Event, language: str) -> Attachment:
    """The event as an .ics file in the recipient's `language`: same UID, higher SEQUENCE after a change;
    STATUS:CANCELLED removes it again. The MIME type names the file's METHOD, as mail programs expect (RFC 6047)."""
    data = event_calendar(event, language=language)
    method = _CALENDAR_METHOD.search(data)
    return Attachment(
        filename=f"event-{event.id}.ics",
        content_type="text/calendar; charset=utf-8" + (f"; method={method.group(1).decode()}" if method else ""),
        data=data,
    )


def _about_registration(
    kind: str, registration: Registration, subject, with_calendar: bool = False, **context
) -> Message:
    """A message of `kind` to the registrant; `subject(event, title)` is called in the registrant's language, with
    the event's title as they read it (dialogue.events.texts)."""
    event = registration.event
    with in_language(registration.preferred_language) as language:
        texts = localised(event, language)
        subject_line = subject(event, texts.title)
        text, html = render(
            kind,
            language,
            subject_line,
            registration=registration,
            event=event,
            texts=texts,
            event_url=link("registrations.show_event", event_id=event.id),
            my_registrations_url=link("registrations.my_registrations") if registration.user_id else None,
            **context,
        )
    return Message(
        kind=kind,
        language=language,
        to_address=registration.email,
        to_name=registration.contact_name,
        subject=subject_line,
        body_text=text,
        body_html=html,
        attachments=(calendar_attachment(event, language),) if with_calendar else (),
    )


def _manage_url(manage_token: str) -> str:
    return public_url("registrations.manage", token=manage_token)


# Called by dialogue.registrations.services ------------------------------------------------------------------


def confirmation(registration: Registration, manage_token: str) -> Message:
    """The confirmation, written and not yet queued: registering writes it before it takes the event's lock."""
    return _written_for(REGISTRATION_CONFIRMED, registration, manage_token)


def queue_confirmation(message: Message) -> OutboxMessage | None:
    return queue(message)


def registration_confirmed(registration: Registration, manage_token: str) -> OutboxMessage | None:
    return queue_confirmation(confirmation(registration, manage_token))


def waiting_notice(registration: Registration, manage_token: str) -> Message:
    """The waiting-list notice, written before the registration has its place in the queue: the place is a mark
    (unique to this message, so no name or title can contain it) that `queue_waiting_notice` fills in. Registering
    writes it before it takes the event's lock, where the place is decided."""
    return _written_for(WAITLISTED, registration, manage_token)


def queue_waiting_notice(message: Message, position: int) -> OutboxMessage | None:
    mark, place = message.place_mark, str(position)
    return queue(
        replace(
            message,
            subject=message.subject.replace(mark, place),
            body_text=message.body_text.replace(mark, place),
            body_html=message.body_html.replace(mark, place),
            place_mark="",
        )
    )


def waitlisted(registration: Registration, manage_token: str, position: int) -> OutboxMessage | None:
    return queue_waiting_notice(waiting_notice(registration, manage_token), position)


# The messages every sign-up writes, written once for every registrant who reads them the same ------------------

# Marks for what is the registrant's own in a message written for many: random for the process, so that no name or
# title can contain one, and filled in in one pass, so that a filled-in name is never searched for marks.
_OWN = secrets.token_hex(8)
_NAME, _MANAGE_URL, _PLACE = (f"[{field}-{_OWN}]" for field in ("name", "manage-url", "place"))
_MARKS = re.compile("|".join(re.escape(mark) for mark in (_NAME, _MANAGE_URL, _PLACE)))
# What a message reads of the event: every column but the counts of places and the time of the last change, which
# every sign-up changes (the calendar file's LAST-MODIFIED is filled in per message).
_EVENT_AS_WRITTEN = tuple(
    attribute.key
    for attribute in inspect(Event).column_attrs
    if attribute.key not in ("places_taken", "waitlist_length", "updated_at")
)
_WRITTEN = "dialogue.registration_emails_written"  # in app.extensions: {reading: the message with marks}
_WRITTEN_AT_MOST = 256  # readings kept per process; more (a burst over hundreds of events at once) starts anew


@dataclass(frozen=True)
class _Need:
    need: AccessNeed


@dataclass(frozen=True)
class _Party:
    """What a message reads of a registration, for every registration of the same party: the name is a mark."""

    event: Event
    preferred_language: str | None
    user_id: int | None
    adults: int
    children: int
    access_needs: tuple[_Need, ...]
    interpreter_language: str | None
    contact_name: str = _NAME
    email: str = ""

    @property
    def party_size(self) -> int:
        return self.adults + self.children


def _reading(kind: str, registration: Registration) -> tuple:
    """Everything that makes two registrants read a different message of `kind`, but their names and links."""
    event = registration.event
    return (
        kind,
        recipient_language(registration.preferred_language),
        current_app.config.get("PUBLIC_URL"),
        tuple(getattr(event, name) for name in _EVENT_AS_WRITTEN),
        (event.neighbourhood.id, event.neighbourhood.name),
        tuple(
            sorted(
                (translation.language, translation.title, translation.description, translation.accessibility_info)
                for translation in event.translations
            )
        ),
        registration.adults,
        registration.children,
        tuple(item.need for item in registration.access_needs),
        registration.interpreter_language,
        registration.user_id is not None,
    )


def _write_for_the_party(kind: str, registration: Registration) -> Message:
    event = registration.event
    party = _Party(
        event=event,
        preferred_language=registration.preferred_language,
        user_id=1 if registration.user_id is not None else None,
        adults=registration.adults,
        children=registration.children,
        access_needs=tuple(_Need(item.need) for item in registration.access_needs),
        interpreter_language=registration.interpreter_language,
    )
    with links_available():
        if kind == REGISTRATION_CONFIRMED:
            return _about_registration(
                kind,
                party,
                lambda event, title: _("You are registered: %(title)s, %(when)s", title=title, when=event_when(event)),
                with_calendar=True,
                manage_url=_MANAGE_URL,
            )
        return _about_registration(
            kind,
            party,
            lambda event, title: _("Waiting list, place %(position)s: %(title)s", position=_PLACE, title=title),
            manage_url=_MANAGE_URL,
            position=_PLACE,
        )


def _written_for(kind: str, registration: Registration, manage_token: str) -> Message:
    """The confirmation or waiting-list notice to `registration`, from the copy written for its reading (`_reading`):
    the same text, subject and calendar file as one written for it alone, with its name, its link, a place mark of
    its own (the waiting list's) and the calendar's stamps of now and of the event's last change."""
    kept = current_app.extensions.setdefault(_WRITTEN, {})
    reading = _reading(kind, registration)
    written = kept.get(reading)
    if written is None:
        if len(kept) >= _WRITTEN_AT_MOST:
            kept.clear()
        written = kept[reading] = _write_for_the_party(kind, registration)
    place_mark = f"[place-{secrets.token_hex(8)}]" if kind == WAITLISTED else ""
    own = {_NAME: registration.contact_name, _MANAGE_URL: _manage_url(manage_token), _PLACE: place_mark}

    def filled_in(text: str, escaped: bool = False) -> str:
        return _MARKS.sub(lambda found: str(escape(own[found[0]])) if escaped else own[found[0]], text)

    return replace(
        written,
        to_address=registration.email,
        to_name=registration.contact_name,
        subject=filled_in(written.subject),
        body_text=tidy(filled_in(written.body_text)),
        body_html=filled_in(written.body_html, escaped=True),
        attachments=_stamped(written.attachments, registration.event.updated_at),
        place_mark=place_mark,
    )


def _stamped(attachments: tuple[Attachment, ...], last_modified: datetime) -> tuple[Attachment, ...]:
    now = utcnow()
    return tuple(replace(item, data=restamped(item.data, now, last_modified)) for item in attachments)


class WrittenAsRead:
    """The registrant's confirmation or waiting-list notice, each written once for the event as read (its revision:
    time, place and status) and kept while the event stays so."""

    def __init__(self, registration: Registration, token: str):
        self.registration, self.token = registration, token
        self._written: dict[tuple[RegistrationStatus, int], Message] = {}

    def for_event(self, event: Event) -> Message:
        key = (self.registration.status, event.revision)
        if key not in self._written:
            if self.registration.status == RegistrationStatus.CONFIRMED:
                self._written[key] = confirmation(self.registration, self.token)
            else:
                self._written[key] = waiting_notice(self.registration, self.token)
        return self._written[key]


def registration_links_again(registration: Registration, manage_token: str) -> OutboxMessage | None:
    """The new manage link, asked for on the event's page; the old link no longer works."""
    with links_available():
        message = _about_registration(
            LINKS_AGAIN,
            registration,
            lambda event, title: _("Your link to your registration: %(title)s", title=title),
            manage_url=_manage_url(manage_token),
        )
        return queue(message)


def promoted(registration: Registration) -> OutboxMessage | None:
    """A registration moves up from the waiting list once, whoever reports it."""
    with links_available():
        message = _about_registration(
            PROMOTED,
            registration,
            lambda event, title: _("You have a place: %(title)s, %(when)s", title=title, when=event_when(event)),
            with_calendar=True,
        )
        return queue(message, dedupe_key=f"promoted:{registration.id}")


def cancellation_confirmed(registration: Registration) -> OutboxMessage | None:
    with links_available():
        message = _about_registration(
            CANCELLATION_CONFIRMED,
            registration,
            lambda event, title: _("Your registration is cancelled: %(title)s", title=title),
        )
        return queue(message, dedupe_key=f"cancelled:{registration.id}")


# Called by the planning service when an event changes or is cancelled ---------------------------------------


def _active_registrations(event: Event) -> list[Registration]:
    return list(
        db.session.scalars(
            select(Registration)
            .where(
                Registration.event_id == event.id,
                Registration.status != RegistrationStatus.CANCELLED,
                Registration.anonymised_at.is_(None),  # nobody left to tell
            )
            .order_by(Registration.id)
        )
    )


def _tell_registrants(event: Event, kind: str, subject, dedupe_key) -> list[OutboxMessage]:
    """One message to every active registration. Confirmed people get the event's .ics (an update, or
    STATUS:CANCELLED, which moves or removes the entry in their calendar); people on the waiting list never
    got one, so they get none."""
    queued = []
    with links_available():
        for registration in _active_registrations(event):
            confirmed = registration.status == RegistrationStatus.CONFIRMED
            message = _about_registration(kind, registration, subject, with_calendar=confirmed)
            if (outbox_message := queue(message, dedupe_key=dedupe_key(registration))) is not None:
                queued.append(outbox_message)
    return queued


def event_changed(event: Event) -> list[OutboxMessage]:
    """Tell every active registration the new time or place; call after raising `event.revision`."""
    return _tell_registrants(
        event,
        EVENT_CHANGED,
        lambda event, title: _("New time or place: %(title)s", title=title),
        lambda registration: f"event-changed:{registration.id}:r{event.revision}",
    )


def event_cancelled(event: Event) -> list[OutboxMessage]:
    """Pass the organiser's message on to every active registration; call after the event is cancelled."""
    return _tell_registrants(
        event,
        EVENT_CANCELLED,
        lambda event, title: _("Cancelled: %(title)s, %(when)s", title=title, when=event_when(event)),
        lambda registration: f"event-cancelled:{registration.id}",
    )


# Called by dialogue.registrations.reminders ------------------------------------------------------------------


def reminder(registration: Registration) -> OutboxMessage | None:
    with links_available():
        message = _about_registration(
            REMINDER,
            registration,
            lambda event, title: _("Reminder: %(title)s, %(when)s", title=title, when=event_when(event)),
        )
        return queue(message, dedupe_key=f"reminder:{registration.id}")


def thank_you(registration: Registration) -> OutboxMessage | None:
    slug, event_id = registration.event.neighbourhood.slug, registration.event_id
    with links_available():
        message = _about_registration(
            THANK_YOU,
            registration,
            lambda event, title: _("Thank you for coming to %(title)s", title=title),
            feedback_url=link("contributions.new_feedback", slug=slug, event=event_id),
            proposal_url=link("contributions.new_proposal", slug=slug, event=event_id),
        )
        return queue(message, dedupe_key=f"thank-you:{registration.id}")
