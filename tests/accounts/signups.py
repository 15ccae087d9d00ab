"""Steps the sign-up tests share: posting the form, reading the emails in the outbox, and opening the link that
finishes a sign-up as a person would (the page, then its button)."""

import html
import re

from sqlalchemy import select

from dialogue.accounts.models import User
from dialogue.extensions import db
from dialogue.outbox.models import OutboxMessage
from tests.support import look

VALID = {
    "name": "Amira Hassan",
    "email": "amira@example.se",
    "password": "long enough",
    "password_again": "long enough",
    "preferred_language": "sv",
    "old_enough": "y",
}
CONFIRM_LINK = re.compile(r"https?://[^\s/]+(/account/confirm/[A-Za-z0-9_-]+(?:\?next=\S+)?)")
_NEXT_INPUT = re.compile(
    r'<input id="next" name="next" type="hidden" value="([^"]*)"'
)  # the form's, not the language switcher's


def sign_up(client, **changes):
    return client.post("/account/signup", data={**VALID, **changes})


def sent(app, kind: str | None = None) -> list[tuple[str, str, str]]:
    """(to, subject, plain text) of the queued emails of `kind` (every kind when None), oldest first."""
    with look(app):
        query = select(OutboxMessage).order_by(OutboxMessage.id)
        if kind is not None:
            query = query.where(OutboxMessage.kind == kind)
        return [(message.to_address, message.subject, message.body_text) for message in db.session.scalars(query)]


def confirmation_paths(app, email: str) -> list[str]:
    """The paths of the links emailed to `email` to finish a sign-up, oldest first."""
    return [
        CONFIRM_LINK.search(body).group(1)
        for address, _subject, body in sent(app, "signup_confirmation")
        if address == email
    ]


def confirmation_path(app, email: str) -> str:
    """The path of the newest link emailed to `email` to finish a sign-up."""
    paths = confirmation_paths(app, email)
    assert paths, f"no confirmation link was sent to {email}"
    return paths[-1]


def confirm(client, path: str):
    """Opens the link (its page must answer 200) and presses its button; returns the button's answer."""
    page = client.get(path)
    assert page.status_code == 200, page.status_code
    after = _NEXT_INPUT.search(page.get_data(as_text=True))
    return client.post(path.split("?", 1)[0], data={"next": html.unescape(after.group(1)) if after else ""})


def account(app, email: str) -> User | None:
    with look(app):
        user = db.session.scalars(select(User).where(User.email == email)).one_or_none()
        if user is not None:
            db.session.expunge(user)
        return user


def logged_in_as(client) -> str | None:
    with client.session_transaction() as session:
        return session.get("_user_id")
