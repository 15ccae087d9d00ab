"""Composing emails: subject, plain text and HTML in the recipient's language, and the .ics where it belongs.

Each kind has templates/emails/<kind>.txt and .html, sharing emails/_layout.* and the event facts in
emails/_event.*. Links are absolute; the caller provides a request context (see links.links_available).

Messages about a registration link to the manage page only when the raw manage token is at hand: when the
person registers. Only its hash is stored, so later messages link to the event page and, for account
holders, to My registrations, and tell guests that the link is in the first email about the registration.
"""
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import groupby

from flask import current_app, url_for
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _

from dialogue.accounts.models import User
from dialogue.calendars.ics import event_calendar
from dialogue.contributions.models import Answer, Contribution
from dialogue.events.models import Event
from dialogue.i18n import text_direction
from dialogue.notifications.outbox import Attachment
from dialogue.registrations.models import Registration
from dialogue.templating import event_when

REGISTRATION_CONFIRMED = "registration_confirmed"
WAITLISTED = "waitlisted"
PROMOTED = "promoted"
CANCELLATION_CONFIRMED = "cancellation_confirmed"
EVENT_CHANGED = "event_changed"
EVENT_CANCELLED = "event_cancelled"
REMINDER = "reminder"
THANK_YOU = "thank_you"
PROPOSAL_STATUS_CHANGED = "proposal_status_changed"
DEVELOPER_DIGEST = "developer_digest"


@dataclass(frozen=True)
class Message:
    kind: str
    language: str
    to_address: str
    to_name: str
    subject: str
    body_text: str
    body_html: str
    attachments: tuple[Attachment, ...] = ()


def recipient_language(code: str | None) -> str:
    """The person's language when the interface has it, otherwise the default (Swedish)."""
    if code in current_app.config["LANGUAGES"]:
        return code
    return current_app.config["BABEL_DEFAULT_LOCALE"]


@contextmanager
def _in_language(code: str | None) -> Iterator[str]:
    language = recipient_language(code)
    with force_locale(language):
        yield language


_BLANK_LINES = re.compile(r"\n{3,}")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")


def _tidy(text: str) -> str:
    """Template logic leaves blank lines and trailing spaces behind; a plain-text mail should not show them."""
    return _BLANK_LINES.sub("\n\n", _TRAILING_SPACE.sub("\n", text)).strip() + "\n"


def _render(kind: str, language: str, subject: str, **context) -> tuple[str, str]:
    context.update(language=language, direction=text_direction(), subject=subject, home_url=_link("main.home"))
    environment = current_app.jinja_env
    text = environment.get_template(f"emails/{kind}.txt").render(context)
    html = environment.get_template(f"emails/{kind}.html").render(context)
    return _tidy(text), html


def _link(endpoint: str, **values) -> str:
    return url_for(endpoint, _external=True, **values)


_CALENDAR_METHOD = re.compile(rb"^METHOD:([A-Z-]+)\r?$", re.MULTILINE)


def calendar_attachment(event: Event) -> Attachment:
    """The event as an .ics file: same UID, higher SEQUENCE after a change; STATUS:CANCELLED removes it again.
    The MIME type names the file's METHOD, as mail programs expect (RFC 6047)."""
    data = event_calendar(event)
    method = _CALENDAR_METHOD.search(data)
    return Attachment(
        filename=f"event-{event.id}.ics",
        content_type="text/calendar; charset=utf-8" + (f"; method={method.group(1).decode()}" if method else ""),
        data=data,
    )


def _about_registration(
    kind: str, registration: Registration, language: str, subject: str, with_calendar: bool, **context
) -> Message:
    event = registration.event
    text, html = _render(
        kind,
        language,
        subject,
        registration=registration,
        event=event,
        event_url=_link("registrations.show_event", event_id=event.id),
        my_registrations_url=_link("registrations.my_registrations") if registration.user_id else None,
        **context,
    )
    return Message(
        kind=kind,
        language=language,
        to_address=registration.email,
        to_name=registration.contact_name,
        subject=subject,
        body_text=text,
        body_html=html,
        attachments=(calendar_attachment(event),) if with_calendar else (),
    )


def registration_confirmed(registration: Registration, manage_url: str) -> Message:
    with _in_language(registration.preferred_language) as language:
        subject = _("You are registered: %(title)s, %(when)s", title=registration.event.title,
                    when=event_when(registration.event))
        return _about_registration(
            REGISTRATION_CONFIRMED, registration, language, subject, with_calendar=True, manage_url=manage_url
        )


def waitlisted(registration: Registration, manage_url: str, position: int) -> Message:
    with _in_language(registration.preferred_language) as language:
        subject = _("Waiting list, place %(position)s: %(title)s", position=position, title=registration.event.title)
        return _about_registration(
            WAITLISTED, registration, language, subject, with_calendar=False, manage_url=manage_url, position=position
        )


def promoted(registration: Registration) -> Message:
    with _in_language(registration.preferred_language) as language:
        subject = _("You have a place: %(title)s, %(when)s", title=registration.event.title,
                    when=event_when(registration.event))
        return _about_registration(PROMOTED, registration, language, subject, with_calendar=True)


def cancellation_confirmed(registration: Registration) -> Message:
    with _in_language(registration.preferred_language) as language:
        subject = _("Your registration is cancelled: %(title)s", title=registration.event.title)
        return _about_registration(CANCELLATION_CONFIRMED, registration, language, subject, with_calendar=False)


def event_changed(registration: Registration, with_calendar: bool) -> Message:
    with _in_language(registration.preferred_language) as language:
        subject = _("New time or place: %(title)s", title=registration.event.title)
        return _about_registration(EVENT_CHANGED, registration, language, subject, with_calendar=with_calendar)


def event_cancelled(registration: Registration, with_calendar: bool) -> Message:
    with _in_language(registration.preferred_language) as language:
        subject = _("Cancelled: %(title)s, %(when)s", title=registration.event.title,
                    when=event_when(registration.event))
        return _about_registration(EVENT_CANCELLED, registration, language, subject, with_calendar=with_calendar)


def reminder(registration: Registration) -> Message:
    with _in_language(registration.preferred_language) as language:
        subject = _("Reminder: %(title)s, %(when)s", title=registration.event.title,
                    when=event_when(registration.event))
        return _about_registration(REMINDER, registration, language, subject, with_calendar=False)


def thank_you(registration: Registration) -> Message:
    event = registration.event
    with _in_language(registration.preferred_language) as language:
        subject = _("Thank you for coming to %(title)s", title=event.title)
        feedback_url = _link("contributions.new_feedback", slug=event.neighbourhood.slug, event=event.id)
        proposal_url = _link("contributions.new_proposal", slug=event.neighbourhood.slug, event=event.id)
        return _about_registration(
            THANK_YOU, registration, language, subject, with_calendar=False,
            feedback_url=feedback_url, proposal_url=proposal_url,
        )


def proposal_status_changed(proposal: Contribution, answer: Answer, to_address: str) -> Message:
    with _in_language(proposal.language) as language:
        subject = _("An answer to your proposal: %(title)s", title=proposal.title)
        text, html = _render(
            PROPOSAL_STATUS_CHANGED,
            language,
            subject,
            proposal=proposal,
            answer=answer,
            proposal_url=_link("contributions.show_proposal", proposal_id=proposal.id),
        )
    return Message(PROPOSAL_STATUS_CHANGED, language, to_address, "", subject, text, html)


def developer_digest(developer: User, proposals: list[Contribution]) -> Message:
    """`proposals` are ordered by neighbourhood; the mail lists them under a heading per neighbourhood."""
    with _in_language(developer.preferred_language) as language:
        subject = ngettext(
            "%(num)s new proposal in your neighbourhoods this week",
            "%(num)s new proposals in your neighbourhoods this week",
            len(proposals),
        )
        groups = [
            (neighbourhood, [(item, _link("contributions.show_proposal", proposal_id=item.id)) for item in items])
            for neighbourhood, items in groupby(proposals, key=lambda item: item.neighbourhood)
        ]
        text, html = _render(
            DEVELOPER_DIGEST, language, subject, developer=developer, groups=groups, queue_url=_link("reviews.queue")
        )
    return Message(DEVELOPER_DIGEST, language, developer.email, developer.name, subject, text, html)
