"""Putting email in the outbox. Callers pass rendered text; the worker (dialogue.outbox.worker) sends."""

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from dialogue.extensions import db
from dialogue.outbox.models import OutboxAttachment, OutboxMessage

_LINE_BREAKS = re.compile(r"[\r\n\x0b\x0c\x85\u2028\u2029]+")


def single_line(value: str, limit: int) -> str:
    """Header values never carry a line break: a name like "Eve\\r\\nBcc: x@y" cannot add a header."""
    return _LINE_BREAKS.sub(" ", value).strip()[:limit]


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    data: bytes


def enqueue(
    *,
    to_address: str,
    subject: str,
    body_text: str,
    body_html: str,
    kind: str,
    language: str,
    to_name: str = "",
    attachments: tuple[Attachment, ...] = (),
    dedupe_key: str | None = None,
) -> OutboxMessage | None:
    """Add a message to the outbox in the current transaction; None when `dedupe_key` was queued before."""
    if dedupe_key and db.session.scalar(select(OutboxMessage.id).where(OutboxMessage.dedupe_key == dedupe_key)):
        return None
    message = OutboxMessage(
        to_address=single_line(to_address, 254),
        to_name=single_line(to_name, 120),
        subject=single_line(subject, 250),
        body_text=body_text,
        body_html=body_html,
        kind=kind,
        language=language,
        dedupe_key=dedupe_key,
        attachments=[
            OutboxAttachment(filename=single_line(item.filename, 120), content_type=item.content_type, data=item.data)
            for item in attachments
        ],
    )
    if not dedupe_key:
        db.session.add(message)  # written with the transaction's next flush: nothing here can collide
        return message
    try:
        with db.session.begin_nested():
            db.session.add(message)
    except IntegrityError:
        return None  # another transaction queued the same once-only message first
    return message
