from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from dialogue.accounts.models import EMAIL_MAX_LENGTH, NAME_MAX_LENGTH, PASSWORD_MIN_LENGTH, User, normalise_email
from dialogue.extensions import db
from dialogue.permissions import Role
from dialogue.refusals import Refusal


class AccountError(Refusal):
    """A rule of accounts refused the change."""


def user_by_email(email: str) -> User | None:
    return db.session.scalars(select(User).where(User.email == normalise_email(email))).one_or_none()


def create_user(
    email: str,
    name: str,
    password: str,
    role: Role = Role.RESIDENT,
    preferred_language: str = "sv",
    staff_title: str | None = None,
) -> User:
    name = name.strip()
    if not 1 <= len(name) <= NAME_MAX_LENGTH:
        raise AccountError(_l("The name must be between 1 and 120 characters."), field="name")
    try:
        validate_email(email.strip(), check_deliverability=False)
    except EmailNotValidError:
        raise AccountError(_l("Write an email address like name@example.se."), field="email") from None
    if len(email.strip()) > EMAIL_MAX_LENGTH:
        raise AccountError(_l("The email address is too long."), field="email")
    if len(password) < PASSWORD_MIN_LENGTH:
        raise AccountError(_l("The password must be at least 8 characters."), field="password")
    if user_by_email(email):
        raise AccountError(_l("An account with this email address already exists. Log in instead."), field="email")
    user = User(
        email=normalise_email(email),
        name=name,
        role=role,
        preferred_language=preferred_language,
        staff_title=staff_title,
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
    user = user_by_email(email)
    if user is None or not user.check_password(password):
        return None
    return user
