"""The emails about an account, written in the account's language and queued in the caller's transaction."""

from flask import url_for
from flask_babel import gettext as _

from dialogue.accounts.models import User
from dialogue.outbox.links import public_request_context
from dialogue.outbox.messages import Message, in_language, queue, render
from dialogue.outbox.models import OutboxMessage

PASSWORD_RESET = "password_reset"


def password_reset(user: User, token: str, minutes: int) -> OutboxMessage | None:
    # The link is built on PUBLIC_URL, never on the request's Host header: a forged Host must not receive the token.
    with public_request_context(), in_language(user.preferred_language) as language:
        subject = _("Choose a new password for Dialogue")
        reset_url = url_for("accounts.reset_password", token=token, _external=True)
        text, html = render(PASSWORD_RESET, language, subject, user=user, reset_url=reset_url, minutes=minutes)
    return queue(Message(PASSWORD_RESET, language, user.email, user.name, subject, text, html))
