"""Helpers for the outbox worker's tests: queue messages, run the worker, look at the outbox rows."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from dialogue.extensions import db
from dialogue.outbox.models import OutboxMessage
from dialogue.outbox.queue import Attachment, enqueue
from dialogue.outbox.smtp import MailSettings, mailer_for
from dialogue.outbox.worker import RoundReport, send_due


def queue(
    app, count: int = 1, *, subject: str = "Message", attachments: tuple[Attachment, ...] = (), **fields
) -> list[int]:
    """`count` messages, committed; subjects are numbered ("Message 1", ...) so each delivery can be told apart."""
    with app.app_context():
        messages = [
            enqueue(
                to_address=fields.get("to_address", f"resident{number}@example.se"),
                to_name=fields.get("to_name", f"Resident {number}"),
                subject=f"{subject} {number}" if count > 1 else subject,
                body_text=fields.get("body_text", f"Hello, resident {number}."),
                body_html=fields.get("body_html", f"<p>Hello, resident {number}.</p>"),
                kind=fields.get("kind", "test"),
                language=fields.get("language", "en"),
                attachments=attachments,
            )
            for number in range(1, count + 1)
        ]
        db.session.commit()
        return [message.id for message in messages]


def run_worker(app, now: datetime | None = None, should_stop=lambda: False) -> RoundReport:
    """One round of `flask outbox send`, in an application context of its own."""
    with app.app_context():
        settings = MailSettings.from_config(app.config)
        return send_due(settings, mailer_for(settings), now=now, should_stop=should_stop)


@dataclass(frozen=True)
class Row:
    id: int
    subject: str
    status: str
    attempts: int
    last_error: str | None
    next_attempt_at: datetime
    sent_at: datetime | None


def outbox(app) -> list[Row]:
    with app.app_context():
        return [
            Row(m.id, m.subject, m.status.value, m.attempts, m.last_error, m.next_attempt_at, m.sent_at)
            for m in db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
        ]


def statuses(app) -> list[str]:
    return [row.status for row in outbox(app)]
