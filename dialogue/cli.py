"""Command-line tasks: `flask users create` and `flask seed demo`. Each commits once, at the end."""
import click
from flask import Flask, current_app
from flask.cli import AppGroup

from dialogue.database import write_transactions
from dialogue.extensions import db
from dialogue.notifications.cli import outbox_cli
from dialogue.notifications.scheduled import notify_cli
from dialogue.permissions import Role

users_cli = AppGroup("users", help="Manage user accounts.")
seed_cli = AppGroup("seed", help="Fill the database with content.")


@users_cli.command("create")
@click.option("--email", prompt=True, help="Login email address.")
@click.option("--name", prompt=True, help="Full name.")
@click.option(
    "--role",
    type=click.Choice([role.value for role in Role]),
    default=Role.RESIDENT.value,
    show_default=True,
    help="What the user may do.",
)
@click.option("--staff-title", default=None, help="Title shown for staff, e.g. 'miljöstrateg'.")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True, help="At least 8 characters.")
def create_user_command(email: str, name: str, role: str, staff_title: str | None, password: str) -> None:
    """Create an account, e.g. the first administrator or a process leader."""
    from dialogue.accounts.services import AccountError, create_user

    try:
        with write_transactions():
            user = create_user(email=email, name=name, password=password, role=Role(role), staff_title=staff_title)
    except AccountError as error:
        db.session.rollback()
        raise click.ClickException(str(error.message)) from error
    db.session.commit()
    click.echo(f"Created {user.role.value} {user.email} (id {user.id}).")


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


def register(app: Flask) -> None:
    app.cli.add_command(users_cli)
    app.cli.add_command(seed_cli)
    app.cli.add_command(outbox_cli)
    app.cli.add_command(notify_cli)
