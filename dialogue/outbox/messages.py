"""Composing an email: subject, plain text and HTML in the recipient's language, and queueing it.

Each kind has templates/emails/<kind>.txt and .html, sharing emails/_layout.*. Links are absolute; the caller
provides a request context (see dialogue.outbox.links.links_available).
"""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import select

from dialogue.extensions import db
from dialogue.i18n import text_direction
from dialogue.outbox.links import public_url
from dialogue.outbox.models import OutboxMessage
from dialogue.outbox.queue import Attachment, enqueue, values_for_insert_with


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
    # A mark in the texts still to be replaced before the message is queued (see registrations.emails).
    place_mark: str = ""


def recipient_language(code: str | None) -> str:
    """The person's language when the interface has it, otherwise the default (Swedish)."""
    if code in current_app.config["LANGUAGES"]:
        return code
    return current_app.config["BABEL_DEFAULT_LOCALE"]


@contextmanager
def in_language(code: str | None) -> Iterator[str]:
    """Write the message in the person's language (see recipient_language); yields the language used."""
    language = recipient_language(code)
    with force_locale(language):
        yield language


_BLANK_LINES = re.compile(r"\n{3,}")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")


def tidy(text: str) -> str:
    """Template logic leaves blank lines and trailing spaces behind; a plain-text mail should not show them."""
    return _BLANK_LINES.sub("\n\n", _TRAILING_SPACE.sub("\n", text)).strip() + "\n"


def render(kind: str, language: str, subject: str, **context) -> tuple[str, str]:
    """The plain text and HTML of a message of `kind`, from templates/emails/<kind>.txt and .html."""
    context.update(language=language, direction=text_direction(), subject=subject, home_url=link("main.home"))
    environment = current_app.jinja_env
    text = environment.get_template(f"emails/{kind}.txt").render(context)
    html = environment.get_template(f"emails/{kind}.html").render(context)
    return tidy(text), html


def link(endpoint: str, **values) -> str:
    return public_url(endpoint, **values)


def queue(message: Message, dedupe_key: str | None = None) -> OutboxMessage | None:
    """Put the message in the outbox in the caller's transaction; None when `dedupe_key` was queued before."""
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


def values_for_statement(message: Message) -> dict:
    """The parameters with which a statement that queues messages of the message's shape (dialogue.outbox.queue.
    insert_with) queues this one."""
    return values_for_insert_with(
        to_address=message.to_address,
        to_name=message.to_name,
        subject=message.subject,
        body_text=message.body_text,
        body_html=message.body_html,
        kind=message.kind,
        language=message.language,
        attachments=message.attachments,
        mark=message.place_mark or None,
    )


def already_queued(keys: list[str]) -> set[str]:
    """Which of these dedupe keys some earlier run queued already."""
    if not keys:
        return set()
    return set(db.session.scalars(select(OutboxMessage.dedupe_key).where(OutboxMessage.dedupe_key.in_(keys))))
