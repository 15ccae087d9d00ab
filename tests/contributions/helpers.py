"""Helpers for the public contribution pages' tests."""

from tests.factories import login, make_user
from tests.support import arrange


def visit_as(app, client, who: str, developer_email: str) -> None:
    """Log the client in as "resident" (a new account) or "developer"; "anonymous" stays logged out."""
    if who == "resident":
        with arrange(app):
            email = make_user().email
        login(client, email)
    elif who == "developer":
        login(client, developer_email)
