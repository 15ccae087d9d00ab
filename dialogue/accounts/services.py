from datetime import datetime

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from dialogue.accounts.models import EMAIL_MAX_LENGTH, NAME_MAX_LENGTH, User, normalise_email
from dialogue.accounts.passwords import hashed_with_current_method, password_refusal, spend_a_password_check
from dialogue.accounts.sessions import end_every_session
from dialogue.accounts.throttle import clear_failures, minutes_blocked, record_failure
from dialogue.audit.log import record
from dialogue.audit.models import AuditAction
from dialogue.database import utcnow
from dialogue.extensions import db
from dialogue.i18n import interface_languages
from dialogue.permissions import Role
from dialogue.refusals import Forbidden, Refusal
from dialogue.safety import LINK_REFUSED, contains_link


class AccountError(Refusal):
    """A rule of accounts refused the change."""


class NotAllowed(AccountError, Forbidden):
    pass


class LoginBlocked(AccountError):
    """Too many wrong passwords for the address: logins are refused for `minutes` more."""

    def __init__(self, minutes: int):
        super().__init__(
            lazy_ngettext(
                "Too many wrong passwords for this email address. Logging in is paused for %(num)s minute; "
                "try again then.",
                "Too many wrong passwords for this email address. Logging in is paused for %(num)s minutes; "
                "try again then.",
                minutes,
            )
        )
        self.minutes = minutes


def user_by_email(email: str) -> User | None:
    return db.session.scalars(select(User).where(User.email == normalise_email(email))).one_or_none()


def checked_details(email: str, name: str, password: str) -> str:
    """The name as it is stored, when the name, the address and the password will do; otherwise an AccountError
    next to the field. Nothing here asks whether the address has an account. The name has no link: the emails to
    the typed-in address greet it by name."""
    name = name.strip()
    if not 1 <= len(name) <= NAME_MAX_LENGTH:
        raise AccountError(_l("The name must be between 1 and 120 characters."), field="name")
    if contains_link(name):
        raise AccountError(LINK_REFUSED, field="name")
    try:
        validate_email(email.strip(), check_deliverability=False)
    except EmailNotValidError:
        raise AccountError(_l("Write an email address like name@example.se."), field="email") from None
    if len(email.strip()) > EMAIL_MAX_LENGTH:
        raise AccountError(_l("The email address is too long."), field="email")
    refusal = password_refusal(password, email.strip(), name)
    if refusal is not None:
        raise AccountError(refusal, field="password")
    return name


def create_user(
    email: str,
    name: str,
    password: str,
    role: Role = Role.RESIDENT,
    preferred_language: str = "sv",
    staff_title: str | None = None,
    now: datetime | None = None,
) -> User:
    """An account made by someone trusted with it (`flask users create`, the demo): its address counts as confirmed.
    Sign-up on the site goes through dialogue.accounts.signup, which tells nobody whether an address is taken."""
    name = checked_details(email, name, password)
    if user_by_email(email):
        raise AccountError(_l("An account with this email address already exists. Log in instead."), field="email")
    user = User(
        email=normalise_email(email),
        name=name,
        role=role,
        preferred_language=preferred_language,
        staff_title=staff_title,
        email_confirmed_at=now or utcnow(),
    )
    user.set_password(password)
    try:
        with db.session.begin_nested():
            db.session.add(user)
    except IntegrityError as error:
        raise AccountError(
            _l("An account with this email address already exists. Log in instead."), field="email"
        ) from error
    return user


def authenticate(email: str, password: str) -> User | None:
    """The account, when the password is right. A hash made with older parameters is made anew, for the caller
    to commit; an unknown address costs as much work as a wrong password."""
    user = user_by_email(email)
    if user is None:
        spend_a_password_check(password)
        return None
    if not user.check_password(password):
        return None
    if not hashed_with_current_method(user.password_hash):
        user.set_password(password)
    return user


def log_in(email: str, password: str, now: datetime | None = None) -> User | None:
    """The account when the password is right, None when not (the wrong password is counted; the caller commits
    either way). Raises LoginBlocked while the address's logins are paused, whatever the password.

    Every attempt is in the audit log. A refused one names the account of the address as its record but nobody as
    its actor, since anyone can type an address; an address without an account is not written down. A right
    password for an account whose address is not yet confirmed logs nobody in, so it is no login either."""
    account = user_by_email(email)
    minutes = minutes_blocked(email, now)
    if minutes is not None:
        record(AuditAction.LOGIN_BLOCKED, account, now=now)  # the caller commits it all the same
        raise LoginBlocked(minutes)
    user = authenticate(email, password)
    if user is None:
        record_failure(email, now)
        record(AuditAction.LOGIN_FAILED, account, now=now)
    else:
        clear_failures(email)
        if user.email_confirmed:
            mark_used(user, now)
            record(AuditAction.LOGIN, user, actor=user, now=now)
    return user


def mark_used(user: User, now: datetime | None = None) -> None:
    """The account is in use: it is not deleted as unused, and a warning that it would be is void."""
    user.last_login_at = now or utcnow()
    user.unused_warning_sent_at = None


def log_out(user: User) -> None:
    """Logging out ends every session of the account, so a copied session cookie opens nothing afterwards."""
    end_every_session(user)
    record(AuditAction.LOGOUT, user, actor=user)


def log_out_everywhere(user: User) -> None:
    end_every_session(user)
    record(AuditAction.LOGOUT_EVERYWHERE, user, actor=user)


def change_password(user: User, current_password: str, new_password: str) -> None:
    """A new password for `user`, who proved the current one; every other session of the account ends (the view
    starts this one anew)."""
    if not user.check_password(current_password):
        raise AccountError(_l("The current password is wrong."), field="current_password")
    refusal = password_refusal(new_password, user.email, user.name)
    if refusal is not None:
        raise AccountError(refusal, field="new_password")
    user.set_password(new_password)
    end_every_session(user)
    record(AuditAction.PASSWORD_CHANGED, user, actor=user)


def choose_language(user: User, language: str) -> None:
    """The account's language: of its pages when no other is chosen in the browser, and of every email to it."""
    if language not in interface_languages():
        raise AccountError(_l("Choose one of the languages in the list."), field="preferred_language")
    user.preferred_language = language
    db.session.flush()


def change_role(user: User, role: Role, acting_user: User | None) -> None:
    """Give `user` another role; every session of the account ends, so that a page opened with the old rights is
    closed. `acting_user` is an administrator, or None for the command line."""
    if acting_user is not None and acting_user.role != Role.ADMIN:
        raise NotAllowed(_l("Only administrators can change roles."))
    if user.role == role:
        raise AccountError(_l("The account already has this role."), field="role")
    before = user.role
    user.role = role
    end_every_session(user)
    record(AuditAction.ROLE_CHANGED, user, actor=acting_user, detail=f"{before.value} → {role.value}")
