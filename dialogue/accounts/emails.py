"""The emails about an account, written in the account's language and queued in the caller's transaction."""

from flask import url_for
from flask_babel import gettext as _

from dialogue.accounts.models import User
from dialogue.outbox.links import links_available
from dialogue.outbox.messages import Message, in_language, queue, render
from dialogue.outbox.models import OutboxMessage

PASSWORD_RESET = "password_reset"


def password_reset(user: User, token: str, minutes: int) -> OutboxMessage | None:
    with links_available(), in_language(user.preferred_language) as language:
        subject = _("Choose a new password for Dialogue")
        reset_url = url_for("accounts.reset_password", token=token, _external=True)
        text, html = render(PASSWORD_RESET, language, subject, user=user, reset_url=reset_url, minutes=minutes)
    return queue(Message(PASSWORD_RESET, language, user.email, user.name, subject, text, html))
