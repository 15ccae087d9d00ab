import hashlib
import secrets
from datetime import datetime, timedelta

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String, select
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from dialogue.database import EMAIL_MAX_LENGTH, UTCDateTime, enum_type, utcnow
from dialogue.extensions import db
from dialogue.organisations.models import Organisation
from dialogue.permissions import STAFF_ROLES, Role

NAME_MAX_LENGTH = 120
PASSWORD_MIN_LENGTH = 8
PASSWORD_MAX_LENGTH = 200
# Below this age a child has no account of their own (GDPR article 8 and the Swedish data protection act set 13 for
# services offered to children): a guardian registers children for an event, in the guardian's registration. The
# sign-up asks for it and stores no age.
ACCOUNT_MIN_AGE = 13


def normalise_email(email: str) -> str:
    return email.strip().lower()


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (
        # Stored lower-cased, so the unique constraint is case-insensitive on every backend.
        CheckConstraint("email = lower(email)", name="email_lower_case"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(EMAIL_MAX_LENGTH), unique=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX_LENGTH))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(enum_type(Role, "user_role"), default=Role.RESIDENT)
    staff_title: Mapped[str | None] = mapped_column(String(120))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="SET NULL"), index=True)
    preferred_language: Mapped[str] = mapped_column(String(8), default="sv")
    # The secret of the personal calendar feed URL is kept hashed; renewing it makes the old URL a 404.
    calendar_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Each login remembers this number in its session; raising it ends every session of the account at once.
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")
    # None until the owner of the address opened the link emailed at sign-up: such an account cannot log in.
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The last login (or the confirmation of the address, which logs in): an account unused for
    # RETAIN_UNUSED_ACCOUNT_DAYS is warned, then deleted (dialogue.privacy). Empty before it was first used.
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # When the owner was told that the unused account will be deleted; a login clears it.
    unused_warning_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    organisation: Mapped[Organisation | None] = relationship()

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def email_confirmed(self) -> bool:
        return self.email_confirmed_at is not None

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role.value}>"


class LoginThrottle(db.Model):
    """Wrong passwords in a row for one email address, known or not, and until when its logins are refused.
    The address is kept only as a hash."""

    __tablename__ = "login_throttles"

    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    blocked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # So that the privacy purge can tell a count that is over from one that still slows a guesser down.
    last_failure_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class SingleUseLink:
    """A link sent by email to an account's address: kept only as a hash, used once, and expiring."""

    @classmethod
    def issue(cls, user: User, lifetime: timedelta, now: datetime) -> tuple[str, "SingleUseLink"]:
        """A new link's secret (for the email, never stored) and its record (added to the session)."""
        token = secrets.token_urlsafe(32)
        link = cls(user=user, token_hash=cls.hash(token), created_at=now, expires_at=now + lifetime)
        db.session.add(link)
        return token, link

    @staticmethod
    def hash(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def usable(cls, token: str, now: datetime | None = None):
        """The link's record while it can still be used: not used, not expired, not replaced by a newer one."""
        link = db.session.scalars(select(cls).where(cls.token_hash == cls.hash(token))).first()
        if link is None or link.used_at is not None or link.expires_at <= (now or utcnow()):
            return None
        return link

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    @declared_attr
    def user(cls) -> Mapped[User]:
        return relationship(User)


class PasswordResetToken(SingleUseLink, db.Model):
    """A link to choose a new password; short-lived."""

    __tablename__ = "password_reset_tokens"


class SignupConfirmation(SingleUseLink, db.Model):
    """The link that finishes a sign-up. Signing up again with the same unconfirmed address replaces it."""

    __tablename__ = "signup_confirmations"
