"""The outbox worker: hands due messages to the mail server and records what became of each.

A message is claimed, sent and marked in one short transaction of its own, so a crash can at worst repeat the
one message that was on the wire, never one already marked sent. The claim is a batch of one:

- PostgreSQL: `SELECT ... FOR UPDATE SKIP LOCKED LIMIT 1`. The row stays locked until the commit that marks it
  sent, and a second worker skips it and takes the next one, so two workers never send the same message.
  (Claiming several rows at once would need a lease column, since a commit releases every lock it holds.)
- SQLite: the claim begins with BEGIN IMMEDIATE (write_transactions()), one writer at a time. The connection to
  the mail server is opened before the first claim, so a slow or unreachable server never holds that lock.

What a failure costs:
- A refused message (4xx): one attempt, and another try after a growing delay; after MAIL_MAX_ATTEMPTS, failed.
  A permanent refusal (5xx, e.g. an unknown recipient): failed at once, with the server's reply. Either way the
  rest of the queue goes on.
- The server unreachable (connection refused, timeout, failed login, 421): nothing is claimed, no attempt is
  counted and the round ends; every message stays queued for the next round. An outage says nothing about the
  messages, so it must not use up their tries (eight rounds during a night's outage would otherwise fail them all).
- The connection lost in the middle of one message: that one message gets one attempt (it may be what breaks
  the server, e.g. by its size, and must not block the queue for ever), and the round ends.
"""

import enum
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.errors import MessageError

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import selectinload

from dialogue.database import utcnow, write_transactions
from dialogue.extensions import db
from dialogue.outbox.models import OutboxMessage, OutboxStatus
from dialogue.outbox.smtp import (
    ConnectionLost,
    Mailer,
    MailSettings,
    MessageRefused,
    ServerUnavailable,
    build_email,
    describe,
    short_error,
)

MAX_RETRY_DELAY = timedelta(days=1)


class Outcome(enum.Enum):
    SENT = "sent"
    RETRY = "retry"  # failed this time, tried again later
    FAILED = "failed"  # given up on


@dataclass
class RoundReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    # Why the round ended early with messages still due (the server unreachable or the connection lost).
    unavailable: str | None = None

    def add(self, outcome: Outcome) -> None:
        if outcome is Outcome.SENT:
            self.sent += 1
        elif outcome is Outcome.RETRY:
            self.retrying += 1
        else:
            self.failed += 1

    @property
    def handled(self) -> int:
        return self.sent + self.retrying + self.failed


def retry_delay(attempts: int, base_seconds: int) -> timedelta:
    """How long to wait after the `attempts`-th failed try: base, 2 × base, 4 × base, ..., at most a day."""
    exponent = min(attempts - 1, 30)  # 2**30 seconds is decades: the cap applies long before
    return min(timedelta(seconds=base_seconds * 2**exponent), MAX_RETRY_DELAY)


def _is_due(moment: datetime):
    return (OutboxMessage.status == OutboxStatus.PENDING) & (OutboxMessage.next_attempt_at <= moment)


def count_due(moment: datetime) -> int:
    return db.session.scalar(select(func.count()).select_from(OutboxMessage).where(_is_due(moment)))


def send_due(
    settings: MailSettings, mailer: Mailer, now: datetime | None = None, should_stop: Callable[[], bool] = lambda: False
) -> RoundReport:
    """Send every message due at `now` (default: the current time), then return what happened.

    Call it without an open transaction: each message gets a transaction of its own. `now` fixes the clock
    (what is due, when a retry is due, the time marked sent); tests pass it instead of sleeping.
    `should_stop` is asked between messages: a stopping service finishes the message in hand first.
    """
    due_at = now or utcnow()
    report = RoundReport()
    anything_due = db.session.scalar(select(OutboxMessage.id).where(_is_due(due_at)).limit(1)) is not None
    db.session.rollback()  # ends the read, so that each claim begins a transaction of its own
    if not anything_due:
        return report
    try:
        mailer.open()  # before any claim: an unreachable server costs no attempt and holds no lock
        while not should_stop():
            outcome = _deliver_next(settings, mailer, due_at, now)
            if outcome is None:
                break
            report.add(outcome)
    except ServerUnavailable as error:
        report.unavailable = str(error)
    except _RoundEnded as error:
        report.add(error.outcome)
        report.unavailable = str(error)
    finally:
        mailer.close()
    return report


class _RoundEnded(Exception):
    """The connection broke while one message was on the wire; that message is recorded, the round stops."""

    def __init__(self, reason: str, outcome: Outcome):
        super().__init__(reason)
        self.outcome = outcome


def _deliver_next(settings: MailSettings, mailer: Mailer, due_at: datetime, now: datetime | None) -> Outcome | None:
    with write_transactions():
        message = db.session.scalars(
            select(OutboxMessage)
            .where(_is_due(due_at))
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
            .limit(1)
            .with_for_update(skip_locked=True)  # PostgreSQL; SQLite has BEGIN IMMEDIATE instead
            .options(selectinload(OutboxMessage.attachments))
        ).first()
        if message is None:
            db.session.rollback()
            return None
        try:
            outcome = _hand_over(settings, mailer, message, now or utcnow())
        except ServerUnavailable:
            db.session.rollback()  # nothing happened to this message: it stays as it was
            raise
        except ConnectionLost as error:
            outcome = _record_failure(message, f"connection lost while sending: {error}", settings, now or utcnow())
            reason = f"the connection was lost while sending message {message.id}: {error}"
            db.session.commit()
            raise _RoundEnded(reason, outcome) from error
        db.session.commit()
        return outcome


def _hand_over(settings: MailSettings, mailer: Mailer, message: OutboxMessage, now: datetime) -> Outcome:
    try:
        email = build_email(message, settings.sender)
    except (ValueError, MessageError) as error:  # e.g. an address no email can carry: no try can help
        return _give_up(message, f"the email could not be made: {describe(error)}")
    try:
        mailer.send(email, message.to_address)
    except MessageRefused as refusal:
        if refusal.permanent:
            return _give_up(message, refusal.reason)
        return _record_failure(message, refusal.reason, settings, now)
    except (ServerUnavailable, ConnectionLost):
        raise
    except Exception as error:  # noqa: BLE001 - an unforeseen failure is this message's, and is recorded
        mailer.close()  # the connection's state is unknown: the next message gets a new one
        return _record_failure(message, describe(error), settings, now)
    message.attempts += 1
    message.status = OutboxStatus.SENT
    message.sent_at = now
    return Outcome.SENT


def _record_failure(message: OutboxMessage, reason: str, settings: MailSettings, now: datetime) -> Outcome:
    message.attempts += 1
    message.last_error = short_error(reason)
    if message.attempts >= settings.max_attempts:
        message.status = OutboxStatus.FAILED
        return Outcome.FAILED
    message.next_attempt_at = now + retry_delay(message.attempts, settings.retry_base_seconds)
    return Outcome.RETRY


def _give_up(message: OutboxMessage, reason: str) -> Outcome:
    message.attempts += 1
    message.last_error = short_error(reason)
    message.status = OutboxStatus.FAILED
    return Outcome.FAILED


def run_loop(
    settings: MailSettings,
    make_mailer: Callable[[], Mailer],
    interval: float,
    stop: threading.Event,
    say: Callable[[str], None],
    complain: Callable[[str], None],
) -> None:
    """Send due messages every `interval` seconds until `stop` is set; a round in progress finishes its message.

    An outage or a database error is reported once, when it begins, and the loop goes on trying.
    """
    trouble: str | None = None
    while not stop.is_set():
        try:
            report = send_due(settings, make_mailer(), should_stop=stop.is_set)
        except SQLAlchemyError as error:  # e.g. the database restarting: try again next round
            db.session.rollback()
            report = RoundReport(unavailable=f"database error: {short_error(str(error))}")
        finally:
            db.session.remove()  # no connection or transaction is held while the loop waits
        if report.handled:
            say(describe_round(report))
        if report.unavailable and report.unavailable != trouble:
            complain(f"Messages stay queued: {report.unavailable}")
        elif trouble and not report.unavailable:
            say("Sending works again.")
        trouble = report.unavailable
        stop.wait(interval)


def describe_round(report: RoundReport) -> str:
    return f"Sent {report.sent}, to try again later {report.retrying}, given up {report.failed}."
