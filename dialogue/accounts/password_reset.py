"""A forgotten password: a single-use link by email, kept only as a hash, that works for PASSWORD_RESET_MINUTES.
Asking for one answers the same whether or not the address has an account; using one ends every session of
the account."""

from datetime import datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import update

from dialogue.accounts import emails
from dialogue.accounts.models import PasswordResetToken, User
from dialogue.accounts.passwords import password_refusal
from dialogue.accounts.services import AccountError, user_by_email
from dialogue.accounts.sessions import end_every_session
from dialogue.accounts.throttle import clear_failures
from dialogue.audit.log import record
from dialogue.audit.models import AuditAction
from dialogue.database import utcnow
from dialogue.extensions import db


def request_reset(email: str, now: datetime | None = None) -> None:
    """Email a link to the account of `email`, if there is one; the caller answers the same either way."""
    user = user_by_email(email)
    if user is None:
        return
    now = now or utcnow()
    minutes = current_app.config["PASSWORD_RESET_MINUTES"]
    token, _link = PasswordResetToken.issue(user, timedelta(minutes=minutes), now)
    db.session.flush()
    emails.password_reset(user, token, minutes)
    record(AuditAction.PASSWORD_RESET_REQUESTED, user, now=now)  # by whoever typed the address


def usable_token(token: str, now: datetime | None = None) -> PasswordResetToken | None:
    """The link's record while it can still be used: not used, not expired."""
    return PasswordResetToken.usable(token, now)


def reset_password(token: str, new_password: str, now: datetime | None = None) -> User:
    """Set the new password through the link, which then works no more, nor do the account's other links; every
    session of the account ends. An unconfirmed sign-up is confirmed too."""
    now = now or utcnow()
    reset = usable_token(token, now)
    if reset is None:
        raise AccountError(_l("This link no longer works: it was used or it expired. Ask for a new one."))
    user = reset.user
    refusal = password_refusal(new_password, user.email, user.name)
    if refusal is not None:
        raise AccountError(refusal, field="new_password")
    user.set_password(new_password)
    if user.email_confirmed_at is None:
        user.email_confirmed_at = now  # the link reached the address: it needs no other confirmation
    db.session.execute(
        update(PasswordResetToken)
        .where(PasswordResetToken.user_id == user.id, PasswordResetToken.used_at.is_(None))
        .values(used_at=now)
    )
    end_every_session(user)
    clear_failures(user.email)  # the owner proved the address: wrong passwords guessed before no longer pause it
    record(AuditAction.PASSWORD_RESET, user, actor=user, now=now)
    return user
