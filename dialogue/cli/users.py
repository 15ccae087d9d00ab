"""`flask users create`: accounts made from the command line, e.g. the first administrator."""

import click
from flask.cli import AppGroup

from dialogue.database import write_transactions
from dialogue.extensions import db
from dialogue.permissions import Role

users_cli = AppGroup("users", help="Manage user accounts.")


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
