"""Putting email in the outbox. Callers pass rendered text; the worker (dialogue.outbox.worker) sends."""

import re
from dataclasses import dataclass

from sqlalchemy import CTE, BindParameter, ColumnElement, Text, bindparam, cast, func, insert, select
from sqlalchemy.exc import IntegrityError

from dialogue.database import utcnow
from dialogue.extensions import db
from dialogue.outbox.models import OutboxAttachment, OutboxMessage, OutboxStatus

_LINE_BREAKS = re.compile(r"[\r\n\x0b\x0c\x85\u2028\u2029]+")


def single_line(value: str, limit: int | None) -> str:
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
        subject=single_line(subject, _SUBJECT_LENGTH),
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


def insert_with(source: CTE, attachments: int, fill_in: ColumnElement | None = None) -> list[CTE]:
    """A message and its `attachments` as INSERTs (common table expressions) for the statement that makes the change
    it tells of: the message is written once for each row `source` gives in that statement, so it exists exactly when
    the change does and costs the transaction no statement of its own. The caller adds the CTEs to its statement and
    executes it with `values_for_insert_with`. With `fill_in`, a column of the statement, the database replaces the
    mark in the subject and texts with its value (cutting the subject to its length after that).

    The CTEs hold no values, only parameters: a caller can build its statement once for every message of its shape."""
    table, attachment_table = OutboxMessage.__table__, OutboxAttachment.__table__

    def value(name: str, type_=None) -> BindParameter:
        return bindparam(f"{_PREFIX}{name}", type_=type_ if type_ is not None else table.c[name].type)

    def text_of(name: str) -> ColumnElement:
        if fill_in is None:
            return value(name)
        return func.replace(value(name, Text()), value("mark", Text()), cast(fill_in, Text()))

    values = {
        name: value(name) for name in ("to_address", "to_name", "language", "kind", "status", "attempts", "created_at")
    }
    values |= {"next_attempt_at": value("created_at"), "body_text": text_of("body_text")}
    values |= {"body_html": text_of("body_html")}
    values["subject"] = value("subject") if fill_in is None else func.left(text_of("subject"), _SUBJECT_LENGTH)
    message = (
        insert(table)
        .from_select(list(values), select(*values.values()).select_from(source))
        .returning(table.c.id)
        .cte(f"{source.name}_message")
    )
    queued = [message]
    for number in range(1, attachments + 1):
        attachment = {"message_id": message.c.id} | {
            name: bindparam(f"{_PREFIX}attachment_{number}_{name}", type_=attachment_table.c[name].type)
            for name in ("filename", "content_type", "data")
        }
        queued.append(
            insert(attachment_table)
            .from_select(list(attachment), select(*attachment.values()))
            .cte(f"{source.name}_attachment_{number}")
        )
    return queued


def values_for_insert_with(
    *,
    to_address: str,
    subject: str,
    body_text: str,
    body_html: str,
    kind: str,
    language: str,
    to_name: str = "",
    attachments: tuple[Attachment, ...] = (),
    mark: str | None = None,
) -> dict:
    """The parameters of `insert_with`'s INSERTs for one message, cleaned as `enqueue` cleans them; `mark` is the text
    the database replaces when the INSERTs fill a value in."""
    values = {
        "to_address": single_line(to_address, 254),
        "to_name": single_line(to_name, 120),
        "subject": single_line(subject, None if mark else _SUBJECT_LENGTH),
        "body_text": body_text,
        "body_html": body_html,
        "language": language,
        "kind": kind,
        "status": OutboxStatus.PENDING,
        "attempts": 0,
        "created_at": utcnow(),
    }
    if mark:
        values["mark"] = mark
    for number, item in enumerate(attachments, start=1):
        values |= {
            f"attachment_{number}_filename": single_line(item.filename, 120),
            f"attachment_{number}_content_type": item.content_type,
            f"attachment_{number}_data": item.data,
        }
    return {f"{_PREFIX}{name}": value for name, value in values.items()}


_PREFIX = "outbox_"
_SUBJECT_LENGTH = OutboxMessage.__table__.c.subject.type.length
