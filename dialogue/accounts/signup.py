"""Sign-up that tells nobody who has an account. Every valid sign-up gets the same answer and costs the same work
(one password hash); what happens next depends on the address, and only its owner's inbox learns which:

- a new address gets an unconfirmed account and a link to confirm it, which works once, for SIGNUP_CONFIRM_HOURS;
- an address with a confirmed account changes nothing; its owner is told by email that someone tried;
- an address with an unconfirmed account gets the new name, password and language, and a fresh link: the
  earlier links stop working, so whoever signed up last with the address, and can read its email, owns it.

An unconfirmed account cannot log in; opening the link confirms the address and logs the person in.
"""

from datetime import datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError

from dialogue.accounts import emails
from dialogue.accounts.models import SignupConfirmation, User, normalise_email
from dialogue.accounts.passwords import spend_a_password_check
from dialogue.accounts.services import AccountError, checked_details, mark_used, user_by_email
from dialogue.audit.log import record
from dialogue.audit.models import AuditAction
from dialogue.database import utcnow
from dialogue.extensions import db
from dialogue.local_time import local_today
from dialogue.permissions import Role


def sign_up(
    email: str,
    name: str,
    password: str,
    preferred_language: str = "sv",
    next_path: str = "",
    now: datetime | None = None,
) -> None:
    """Answers nothing about the address: the caller shows the same page whatever happened. Raises AccountError
    only for details that would be refused for any address (a name, an address or a password that will not do).
    `next_path`, a checked path on this site, is where the confirmation link leads after logging in."""
    name = checked_details(email, name, password)
    now = now or utcnow()
    account = user_by_email(email)
    if account is None:
        account = _add_unconfirmed(email, name, password, preferred_language)
    elif not account.email_confirmed:
        account.name, account.preferred_language = name, preferred_language
        account.set_password(password)
    if account.email_confirmed:
        spend_a_password_check(password)  # as much work as hashing the password on the other paths
        emails.signup_attempt(account, local_today(now))
    else:
        send_confirmation(account, next_path, now)


def _add_unconfirmed(email: str, name: str, password: str, preferred_language: str) -> User:
    """A new account that waits for its confirmation; or, when a sign-up for the same address stored one a moment
    earlier, that one, with these details if it is still unconfirmed."""
    account = User(email=normalise_email(email), name=name, role=Role.RESIDENT, preferred_language=preferred_language)
    account.set_password(password)
    try:
        with db.session.begin_nested():
            db.session.add(account)
    except IntegrityError:
        first = user_by_email(email)
        if first is None:
            raise
        if not first.email_confirmed:
            first.name, first.preferred_language, first.password_hash = name, preferred_language, account.password_hash
        return first
    return account


def send_confirmation(user: User, next_path: str = "", now: datetime | None = None) -> None:
    """Email a fresh link that confirms the address of `user`; the account's earlier links stop working."""
    now = now or utcnow()
    hours = current_app.config["SIGNUP_CONFIRM_HOURS"]
    db.session.execute(delete(SignupConfirmation).where(SignupConfirmation.user_id == user.id))
    token, _link = SignupConfirmation.issue(user, timedelta(hours=hours), now)
    db.session.flush()
    emails.signup_confirmation(user, token, hours, next_path)


def usable_confirmation(token: str, now: datetime | None = None) -> SignupConfirmation | None:
    """The link's record while it can still be used: not used, not expired, not replaced by a newer link."""
    return SignupConfirmation.usable(token, now)


def confirm_signup(token: str, now: datetime | None = None) -> User:
    """Confirm the address through the link, which then works no more; the caller logs the account in."""
    now = now or utcnow()
    confirmation = usable_confirmation(token, now)
    if confirmation is None or not _marked_used(confirmation, now):
        raise AccountError(_l("This link no longer works: it was used, it expired or a newer one replaced it."))
    user = confirmation.user
    mark_used(user, now)
    if user.email_confirmed_at is None:
        user.email_confirmed_at = now
        # The account exists for the audit log from here: before, it was a wish that anybody could type.
        record(AuditAction.ACCOUNT_CREATED, user, actor=user, now=now)
    record(AuditAction.LOGIN, user, actor=user, now=now)  # the link logs the account in
    db.session.flush()
    return user


def _marked_used(confirmation: SignupConfirmation, now: datetime) -> bool:
    """Marks the link used unless another request did first: it logs in once, even when opened twice at once."""
    marked = db.session.execute(
        update(SignupConfirmation)
        .where(SignupConfirmation.id == confirmation.id, SignupConfirmation.used_at.is_(None))
        .values(used_at=now)
    )
    return marked.rowcount == 1
