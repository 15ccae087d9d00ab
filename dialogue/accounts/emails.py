"""The emails about an account, written in the account's language and queued in the caller's transaction.

Their links are built on PUBLIC_URL, never on the request's Host header: a forged Host must not receive a token.
"""

from datetime import date

from flask import url_for
from flask_babel import gettext as _

from dialogue.accounts.models import User
from dialogue.outbox.links import public_request_context
from dialogue.outbox.messages import Message, in_language, queue, render
from dialogue.outbox.models import OutboxMessage

PASSWORD_RESET = "password_reset"
SIGNUP_CONFIRMATION = "signup_confirmation"
SIGNUP_ATTEMPT = "signup_attempt"


def password_reset(user: User, token: str, minutes: int) -> OutboxMessage | None:
    with public_request_context(), in_language(user.preferred_language) as language:
        subject = _("Choose a new password for Dialogue")
        reset_url = url_for("accounts.reset_password", token=token, _external=True)
        text, html = render(PASSWORD_RESET, language, subject, user=user, reset_url=reset_url, minutes=minutes)
    return queue(Message(PASSWORD_RESET, language, user.email, user.name, subject, text, html))


def signup_confirmation(user: User, token: str, hours: int, next_path: str = "") -> OutboxMessage | None:
    """The link that finishes a sign-up; after logging in it leads to `next_path`, a checked path on this site."""
    with public_request_context(), in_language(user.preferred_language) as language:
        subject = _("Finish creating your account on Dialogue")
        after = {"next": next_path} if next_path else {}
        confirm_url = url_for("accounts.confirm_signup", token=token, _external=True, **after)
        text, html = render(SIGNUP_CONFIRMATION, language, subject, user=user, confirm_url=confirm_url, hours=hours)
    return queue(Message(SIGNUP_CONFIRMATION, language, user.email, user.name, subject, text, html))


def signup_attempt(user: User, day: date) -> OutboxMessage | None:
    """Someone signed up with the address of this confirmed account. At most one such email a day per account, so
    that the sign-up form cannot fill an inbox."""
    with public_request_context(), in_language(user.preferred_language) as language:
        subject = _("Someone tried to create an account on Dialogue with your address")
        login_url = url_for("accounts.login", _external=True)
        forgot_url = url_for("accounts.forgot_password", _external=True)
        text, html = render(SIGNUP_ATTEMPT, language, subject, user=user, login_url=login_url, forgot_url=forgot_url)
    message = Message(SIGNUP_ATTEMPT, language, user.email, user.name, subject, text, html)
    return queue(message, dedupe_key=f"{SIGNUP_ATTEMPT}:{user.id}:{day.isoformat()}")
