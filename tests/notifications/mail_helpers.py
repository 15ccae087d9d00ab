"""Helpers for the message tests: the queued messages as plain values, what a reader sees of them, the app's
own translations, and the .ics attachment as icalendar reads it."""

import html
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask_babel import force_locale, gettext
from icalendar import Calendar
from sqlalchemy import select

from dialogue.extensions import db
from dialogue.neighbourhoods.models import Neighbourhood
from dialogue.outbox.models import OutboxMessage
from tests.factories import make_event, make_neighbourhood

# A Tuesday in summer time: 16:00 UTC is 18:00 in Malmö.
STARTS_AT = datetime(2031, 6, 10, 16, 0, tzinfo=UTC)
WHEN = {"sv": "tisdag 10 juni 2031, 18:00–20:00", "en": "Tuesday, June 10, 2031, 18:00–20:00"}
VENUE = "Seveds bibliotek"
ADDRESS = "Rasmusgatan 5, Malmö"
ACCESSIBILITY = "Entrance without steps, a hearing loop in the hall."
TITLE = "Dialogue evening in Seved"
PUBLIC_URL = "http://localhost"  # the testing PUBLIC_URL: every link in an email starts with it


def seved():
    return db.session.scalars(select(Neighbourhood).where(Neighbourhood.slug == "sodra-sofielund")).one_or_none() or (
        make_neighbourhood("Södra Sofielund (Seved)", slug="sodra-sofielund")
    )


def seved_event(**fields):
    """An event in Seved, by default the one the message tests are about; call in an app context."""
    fields.setdefault("neighbourhood", seved())
    return make_event(
        title=fields.pop("title", TITLE),
        venue=fields.pop("venue", VENUE),
        address=fields.pop("address", ADDRESS),
        accessibility_info=fields.pop("accessibility_info", ACCESSIBILITY),
        starts_at=fields.pop("starts_at", STARTS_AT),
        ends_at=fields.pop("ends_at", STARTS_AT + timedelta(hours=2)),
        **fields,
    )


@dataclass(frozen=True)
class Queued:
    id: int
    kind: str
    language: str
    to_address: str
    to_name: str
    subject: str
    body_text: str
    body_html: str
    dedupe_key: str | None
    attachments: tuple[tuple[str, str, bytes], ...]

    @property
    def html_text(self) -> str:
        """The HTML part's visible text, entities decoded and whitespace collapsed, as a reader sees it."""
        body = re.sub(r"<(head|style)\b.*?</\1>", " ", self.body_html, flags=re.S)
        body = re.sub(r"</?span\b[^>]*>", "", body)  # inline: an event's title marked with its language
        return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())

    @property
    def text(self) -> str:
        """The text part with whitespace collapsed, for checking sentences that wrap."""
        return " ".join(self.body_text.split())

    def links(self) -> list[str]:
        return [html.unescape(href) for href in re.findall(r'<a [^>]*href="([^"]+)"', self.body_html)]

    @property
    def calendar(self) -> Calendar:
        [(filename, content_type, data)] = self.attachments
        assert filename.endswith(".ics") and content_type.startswith("text/calendar")
        return Calendar.from_ical(data)

    @property
    def vevent(self):
        [vevent] = self.calendar.walk("VEVENT")
        return vevent


def queued(app, kind: str | None = None, to: str | None = None) -> list[Queued]:
    """The outbox as stored, oldest first; optionally only one kind or one recipient."""
    with app.app_context():
        query = select(OutboxMessage).order_by(OutboxMessage.id)
        if kind:
            query = query.where(OutboxMessage.kind == kind)
        if to:
            query = query.where(OutboxMessage.to_address == to)
        return [
            Queued(
                message.id,
                message.kind,
                message.language,
                message.to_address,
                message.to_name,
                message.subject,
                message.body_text,
                message.body_html,
                message.dedupe_key,
                tuple((item.filename, item.content_type, item.data) for item in message.attachments),
            )
            for message in db.session.scalars(query)
        ]


def outbox_count(app) -> int:
    return len(queued(app))


def translated(app, language: str, message: str, **variables) -> str:
    """What the app says for `message` in `language` (the catalog's words, or the English msgid)."""
    with app.app_context(), force_locale(language):
        return gettext(message, **variables)
