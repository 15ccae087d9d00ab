"""`flask outbox send` (once, for cron; `--loop` for a service), `flask outbox status` and `flask outbox retry`.

The web app only writes messages to the outbox; these commands are the one place that talks to a mail server.
"""

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import func, select, update

from dialogue.database import utcnow, write_transactions
from dialogue.extensions import db
from dialogue.local_time import LOCAL_TIMEZONE
from dialogue.outbox.models import OutboxMessage, OutboxStatus
from dialogue.outbox.smtp import MailConfigError, MailSettings, mailer_for
from dialogue.outbox.worker import count_due, describe_round, run_loop, send_due

outbox_cli = AppGroup("outbox", help="Deliver the queued email and look at the queue.")


FAILED_SHOWN = 10


def _settings() -> MailSettings:
    try:
        return MailSettings.from_config(current_app.config)
    except MailConfigError as error:
        raise click.ClickException(str(error)) from error


@outbox_cli.command("send")
@click.option("--loop", is_flag=True, help="Keep running (as a service) until stopped with SIGTERM or Ctrl-C.")
@click.option(
    "--interval",
    type=click.FloatRange(min=0.1),
    default=10.0,
    show_default=True,
    help="With --loop: seconds between rounds.",
)
def send_command(loop: bool, interval: float) -> None:
    """Send every message that is due, then exit (for cron); with --loop, keep doing so."""
    settings = _settings()
    if loop:
        click.echo(f"Sending email through {_describe_backend(settings)} every {interval:g} s; stop with Ctrl-C.")
        with stop_on_signals() as stop:
            run_loop(
                settings,
                lambda: mailer_for(settings, click.echo),
                interval,
                stop,
                say=click.echo,
                complain=lambda text: click.echo(text, err=True),
            )
        click.echo("Stopped.")
        return
    with stop_on_signals() as stop:  # even a cron run finishes and marks the message in hand
        report = send_due(settings, mailer_for(settings, click.echo), should_stop=stop.is_set)
    still_due = count_due(utcnow())
    db.session.rollback()
    click.echo(f"{describe_round(report)} Still due: {still_due}.")
    if report.unavailable:
        click.echo(f"Messages stay queued: {report.unavailable}", err=True)
        raise SystemExit(1)  # cron and monitoring notice the outage


def _describe_backend(settings: MailSettings) -> str:
    if settings.backend == "console":
        return "the console (MAIL_BACKEND=console: nothing is really sent)"
    return f"{settings.host}:{settings.port} ({settings.security})"


@contextmanager
def stop_on_signals() -> Iterator[threading.Event]:
    """SIGTERM (systemd stopping the service) or SIGINT (Ctrl-C) stops sending after the message in hand."""
    stop = threading.Event()
    previous = {}
    for signum in (signal.SIGTERM, signal.SIGINT):
        previous[signum] = signal.signal(signum, lambda *_: stop.set())
    try:
        yield stop
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@outbox_cli.command("status")
def status_command() -> None:
    """Count the messages by status and list the last failed ones with their error."""
    now = utcnow()
    counts = dict(db.session.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)).all())
    due = count_due(now)
    click.echo(
        f"Pending: {counts.get(OutboxStatus.PENDING, 0)} ({due} due now)   "
        f"Sent: {counts.get(OutboxStatus.SENT, 0)}   Failed: {counts.get(OutboxStatus.FAILED, 0)}"
    )
    oldest = db.session.scalar(
        select(func.min(OutboxMessage.created_at)).where(OutboxMessage.status == OutboxStatus.PENDING)
    )
    if oldest is not None:
        click.echo(f"Oldest pending message queued {_local(oldest)}.")
    waiting = db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.attempts > 0)
        .order_by(OutboxMessage.next_attempt_at)
        .limit(1)
    ).first()
    if waiting is not None:
        click.echo(
            f"Next retry: #{waiting.id} at {_local(waiting.next_attempt_at)} "
            f"after {waiting.attempts} tries; last error: {waiting.last_error}"
        )
    failed = db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.status == OutboxStatus.FAILED)
        .order_by(OutboxMessage.id.desc())
        .limit(FAILED_SHOWN)
    ).all()
    if failed:
        click.echo(f"Last {len(failed)} failed (newest first):")
        for message in failed:
            click.echo(
                f"  #{message.id}  {_local(message.created_at)}  {message.kind}  {message.to_address}  "
                f"{message.attempts} tries  {message.last_error or ''}"
            )
        click.echo("Queue them again, once the cause is fixed, with: flask outbox retry ID ... (or --all-failed)")
    db.session.rollback()


def _local(moment: datetime) -> str:
    return moment.astimezone(LOCAL_TIMEZONE).strftime("%Y-%m-%d %H:%M %Z")


@outbox_cli.command("retry")
@click.argument("message_ids", nargs=-1, type=click.IntRange(min=1))
@click.option("--all-failed", is_flag=True, help="Queue every failed message again.")
def retry_command(message_ids: tuple[int, ...], all_failed: bool) -> None:
    """Queue failed messages again, with all their tries, e.g. after fixing a wrong address or setting."""
    if not message_ids and not all_failed:
        raise click.UsageError("Give the ids of failed messages (see `flask outbox status`) or --all-failed.")
    # A message the privacy purge emptied has no recipient left to send to.
    condition = (OutboxMessage.status == OutboxStatus.FAILED) & OutboxMessage.anonymised_at.is_(None)
    if message_ids:
        condition &= OutboxMessage.id.in_(message_ids)
    with write_transactions():
        queued = (
            db.session.execute(
                update(OutboxMessage)
                .where(condition)
                .values(status=OutboxStatus.PENDING, attempts=0, next_attempt_at=utcnow())
                .returning(OutboxMessage.id)
            )
            .scalars()
            .all()
        )
        db.session.commit()
    click.echo(f"Queued again: {len(queued)}." + (f" ({', '.join(map(str, sorted(queued)))})" if queued else ""))
    not_failed = sorted(set(message_ids) - set(queued))
    if not_failed:
        click.echo(f"Not failed messages, left as they are: {', '.join(map(str, not_failed))}.", err=True)
