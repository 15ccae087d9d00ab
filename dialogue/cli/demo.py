"""`flask seed demo`: the Malmö demo content. Commits once, at the end."""

import click
from flask import current_app
from flask.cli import AppGroup

from dialogue.database import write_transactions
from dialogue.extensions import db

seed_cli = AppGroup("seed", help="Fill the database with content.")


@seed_cli.command("demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has neighbourhoods.")
def seed_demo_command(if_empty: bool) -> None:
    """Demo content for Malmö: neighbourhoods, organisations, events and one account per role."""
    from dialogue.demo import DEMO_ACCOUNTS, database_is_empty, seed_demo

    if current_app.config.get("REQUIRED_SETTINGS") and not click.confirm(
        "This looks like a production configuration. Add demo content and demo accounts anyway?", default=False
    ):
        raise click.Abort()
    with write_transactions():
        if if_empty and not database_is_empty():
            click.echo("The database already has content; the demo was not added.")
            return
        summary = seed_demo()
        db.session.commit()
    click.echo(summary.describe())
    click.echo("Demo logins (email / password):")
    for account in DEMO_ACCOUNTS:
        click.echo(f"  {account.role.value:<15} {account.email:<32} {account.password}")
