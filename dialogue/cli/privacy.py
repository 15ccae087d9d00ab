"""`flask privacy purge`: removes the personal data past its retention period (dialogue.privacy.purge), once (for
cron or a systemd timer) or, with `--loop`, every day until stopped (as `make run` does beside the server).
`--dry-run` says how much would go and changes nothing."""

import click
from flask import current_app
from flask.cli import AppGroup

from dialogue.cli.outbox import stop_on_signals
from dialogue.extensions import db
from dialogue.local_time import LOCAL_TIMEZONE
from dialogue.privacy.purge import PurgeReport, due_counts, purge

privacy_cli = AppGroup("privacy", help="Keep personal data no longer than the retention periods allow.")


@privacy_cli.command("purge")
@click.option("--dry-run", is_flag=True, help="Only count what would be removed, per kind; change nothing.")
@click.option("--loop", is_flag=True, help="Purge now and then every --every-hours, until SIGTERM or Ctrl-C.")
@click.option(
    "--every-hours",
    type=click.FloatRange(min=0.001),
    default=24.0,
    show_default=True,
    help="With --loop: hours between purges.",
)
def purge_command(dry_run: bool, loop: bool, every_hours: float) -> None:
    """Anonymise or delete the personal data past its retention period (RETAIN_* settings), in batches."""
    if dry_run:
        _say(due_counts(), "Would remove (nothing changed, --dry-run):")
        return
    if not loop:
        _say(purge(), "Removed:")
        return
    click.echo(f"Purging personal data past its retention period every {every_hours:g} h; stop with Ctrl-C.")
    with stop_on_signals() as stop:
        while not stop.is_set():
            try:
                _say(purge(), "Removed:")
            except Exception as error:  # noqa: BLE001 - a service keeps going; the next run finishes the work
                db.session.rollback()
                click.echo(f"The purge stopped: {error}. It goes on at the next run.", err=True)
            stop.wait(every_hours * 3600)
    click.echo("Stopped.")


def _say(report: PurgeReport, heading: str) -> None:
    click.echo(heading)
    for kind, count in report.counts.items():
        click.echo(f"  {kind}: {count}")
    if report.unused_staff:
        days = current_app.config["RETAIN_UNUSED_ACCOUNT_DAYS"]
        click.echo(f"Staff accounts unused for {days} days, never deleted by the purge (an administrator decides):")
        for account in report.unused_staff:
            used = account.last_used.astimezone(LOCAL_TIMEZONE).strftime("%Y-%m-%d")
            click.echo(f"  {account.email}  {account.name}  {account.role}  last used {used}")
