"""`flask notify reminders | thank-you | digest`: queue the emails that go out on a schedule (for cron)."""

import click
from flask.cli import AppGroup

from dialogue.database import write_transactions
from dialogue.extensions import db
from dialogue.outbox.links import PublicUrlMissing, public_request_context
from dialogue.registrations.reminders import queue_reminders, queue_thank_yous
from dialogue.reviews.digest import queue_digests

notify_cli = AppGroup(
    "notify", help="Queue the emails that go out on a schedule (for cron); `flask outbox send` delivers them."
)


def _queue_and_commit(queue, what: str) -> None:
    try:
        with write_transactions(), public_request_context():
            count = queue()
            db.session.commit()
    except PublicUrlMissing as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"{what} queued: {count}.")


@notify_cli.command("reminders")
def reminders_command() -> None:
    """Queue reminders for events whose reminder time has come (run every hour, or more often)."""
    _queue_and_commit(queue_reminders, "Reminders")


@notify_cli.command("thank-you")
def thank_you_command() -> None:
    """Queue thank-yous, with a link to give feedback, for events held in the last 30 days (run daily)."""
    _queue_and_commit(queue_thank_yous, "Thank-you messages")


@notify_cli.command("digest")
def digest_command() -> None:
    """Queue the developers' digest of the week's new proposals (run weekly; once per developer and week)."""
    _queue_and_commit(queue_digests, "Digests")
