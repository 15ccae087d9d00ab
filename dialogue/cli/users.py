"""`flask users create` and `flask users set-role`: accounts made and given their role from the command line,
e.g. the first administrator. Both are in the audit log, with the command line as the actor."""

import click
from flask.cli import AppGroup

from dialogue.database import write_transactions
from dialogue.extensions import db
from dialogue.permissions import Role

users_cli = AppGroup("users", help="Manage user accounts.")
ROLE_CHOICE = click.Choice([role.value for role in Role])


@users_cli.command("create")
@click.option("--email", prompt=True, help="Login email address.")
@click.option("--name", prompt=True, help="Full name.")
@click.option("--role", type=ROLE_CHOICE, default=Role.RESIDENT.value, show_default=True, help="What the user may do.")
@click.option("--staff-title", default=None, help="Title shown for staff, e.g. 'miljöstrateg'.")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True, help="At least 8 characters.")
def create_user_command(email: str, name: str, role: str, staff_title: str | None, password: str) -> None:
    """Create an account, e.g. the first administrator or a process leader."""
    from dialogue.accounts.services import AccountError, create_user
    from dialogue.audit.log import record
    from dialogue.audit.models import AuditAction

    try:
        with write_transactions():
            user = create_user(email=email, name=name, password=password, role=Role(role), staff_title=staff_title)
            record(AuditAction.ACCOUNT_CREATED, user, detail=user.role.value)
    except AccountError as error:
        db.session.rollback()
        raise click.ClickException(str(error.message)) from error
    db.session.commit()
    click.echo(f"Created {user.role.value} {user.email} (id {user.id}).")


@users_cli.command("set-role")
@click.argument("email")
@click.argument("role", type=ROLE_CHOICE)
def set_role_command(email: str, role: str) -> None:
    """Give the account of EMAIL the role ROLE; every session of the account ends."""
    from dialogue.accounts.services import AccountError, change_role, user_by_email

    try:
        with write_transactions():
            user = user_by_email(email)
            if user is None:
                raise click.ClickException(f"No account has the email address {email}.")
            before = user.role
            change_role(user, Role(role), acting_user=None)
    except AccountError as error:
        db.session.rollback()
        raise click.ClickException(str(error.message)) from error
    db.session.commit()
    click.echo(f"{user.email} is now {user.role.value} (was {before.value}); every session of the account has ended.")
