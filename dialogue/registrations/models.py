import enum
import hashlib
import secrets
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, UniqueConstraint, false, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dialogue.accounts.models import EMAIL_MAX_LENGTH, NAME_MAX_LENGTH, User
from dialogue.database import UTCDateTime, enum_type, utcnow
from dialogue.events.models import Event
from dialogue.extensions import db

MAX_PARTY_SIZE = 10
MAX_CHILD_AGE = 17
ACCESS_NOTE_MAX_LENGTH = 500
CHILD_NAME_MAX_LENGTH = 60
CHECK_IN_CODE_LENGTH = 6
# No 0/O, 1/I/L: a code read aloud at the door or typed on a phone is not misread.
CHECK_IN_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


class RegistrationStatus(str, enum.Enum):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"


class AccessNeed(str, enum.Enum):
    WHEELCHAIR = "wheelchair"
    SIGN_LANGUAGE = "sign_language"
    INTERPRETER = "interpreter"
    HEARING_LOOP = "hearing_loop"
    CHILDCARE = "childcare"


def hash_manage_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_check_in_code() -> str:
    return "".join(secrets.choice(CHECK_IN_ALPHABET) for _ in range(CHECK_IN_CODE_LENGTH))


def new_manage_token() -> tuple[str, str]:
    """A secret for the manage link and the hash that is stored; the secret itself is never stored."""
    token = secrets.token_urlsafe(32)
    return token, hash_manage_token(token)


class Registration(db.Model):
    __tablename__ = "registrations"
    __table_args__ = (
        CheckConstraint("adults >= 1", name="at_least_one_adult"),
        CheckConstraint("children >= 0", name="children_not_negative"),
        CheckConstraint(f"adults + children <= {MAX_PARTY_SIZE}", name="party_size_limit"),
        CheckConstraint("email = lower(email)", name="email_lower_case"),
        # One active registration per email and event; cancelled ones do not count.
        Index(
            "uq_registrations_active_email",
            "event_id",
            "email",
            unique=True,
            sqlite_where=text("status != 'cancelled'"),
            postgresql_where=text("status != 'cancelled'"),
        ),
        Index("ix_registrations_event_status", "event_id", "status", "id"),
        # Registrations from one client address for an event are counted (dialogue.registrations.origins).
        Index("ix_registrations_event_origin", "event_id", "origin_hash"),
        # The code read out or scanned at the door; short, so unique only within its event.
        UniqueConstraint("event_id", "check_in_code", name="uq_registrations_event_check_in_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="RESTRICT"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    contact_name: Mapped[str] = mapped_column(String(NAME_MAX_LENGTH))
    # Empty (None) once the registration is anonymised, like the manage link: see anonymised_at.
    email: Mapped[str | None] = mapped_column(String(EMAIL_MAX_LENGTH))
    adults: Mapped[int] = mapped_column(Integer, default=1)
    children: Mapped[int] = mapped_column(Integer, default=0)
    interpreter_language: Mapped[str | None] = mapped_column(String(8))
    access_note: Mapped[str] = mapped_column(String(ACCESS_NOTE_MAX_LENGTH), default="")
    preferred_language: Mapped[str] = mapped_column(String(8), default="sv")
    status: Mapped[RegistrationStatus] = mapped_column(enum_type(RegistrationStatus, "registration_status"))
    manage_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    # The service picks one unused within the event; the default only serves rows made by hand.
    check_in_code: Mapped[str] = mapped_column(String(CHECK_IN_CODE_LENGTH), default=lambda: new_check_in_code())
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    no_show: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # A keyed hash of the client address a registration made on the site came from, never the address itself;
    # None for registrations taken by staff or made by a command (dialogue.registrations.origins).
    origin_hash: Mapped[str | None] = mapped_column(String(64))
    # Staff member who registered someone that phoned in.
    registered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    # When the privacy purge removed who registered (names, address, children, needs, the manage link), keeping
    # what the reports count: the party, the status and the door.
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    event: Mapped[Event] = relationship()
    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
    child_details: Mapped[list["RegistrationChild"]] = relationship(
        back_populates="registration", cascade="all, delete-orphan", order_by="RegistrationChild.position"
    )
    access_needs: Mapped[list["RegistrationAccessNeed"]] = relationship(
        back_populates="registration", cascade="all, delete-orphan", order_by="RegistrationAccessNeed.need"
    )

    @property
    def party_size(self) -> int:
        return self.adults + self.children

    @property
    def display_name(self) -> str:
        """The name for staff pages and lists; once the registration is anonymised, a word that says so."""
        return self.contact_name or str(_l("(removed)"))

    @property
    def is_active(self) -> bool:
        return self.status != RegistrationStatus.CANCELLED

    def __repr__(self) -> str:
        return f"<Registration {self.id} {self.status.value} party={self.party_size}>"


class RegistrationChild(db.Model):
    """What a guardian chose to tell about a child: a first name and an age, both optional. Never health data."""

    __tablename__ = "registration_children"
    __table_args__ = (CheckConstraint(f"age IS NULL OR (age >= 0 AND age <= {MAX_CHILD_AGE})", name="age_range"),)

    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    first_name: Mapped[str] = mapped_column(String(CHILD_NAME_MAX_LENGTH), default="")
    age: Mapped[int | None] = mapped_column(Integer)

    registration: Mapped[Registration] = relationship(back_populates="child_details")


class RegistrationAccessNeed(db.Model):
    __tablename__ = "registration_access_needs"

    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"), primary_key=True)
    need: Mapped[AccessNeed] = mapped_column(enum_type(AccessNeed, "access_need"), primary_key=True)

    registration: Mapped[Registration] = relationship(back_populates="access_needs")
