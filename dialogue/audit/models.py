"""An entry of the audit log, and the actions and kinds of records it knows.

The entry names its record by kind and id only (no foreign key), so that the log knows no domain and an entry
outlives the record it tells of. The actor is a foreign key that becomes empty when an account is removed.
"""

import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dialogue.database import UTCDateTime, utcnow
from dialogue.extensions import db

# IPv6 in its longest written form.
ADDRESS_MAX_LENGTH = 45
DETAIL_MAX_LENGTH = 200
# Room for the names of actions to come.
NAME_MAX_LENGTH = 40


class AuditAction(str, enum.Enum):
    # Authentication: the actor is the account concerned, logged in or not.
    ACCOUNT_CREATED = "account_created"
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGIN_BLOCKED = "login_blocked"
    LOGOUT = "logout"
    LOGOUT_EVERYWHERE = "logout_everywhere"
    PASSWORD_RESET_REQUESTED = "password_reset_requested"
    PASSWORD_RESET = "password_reset"
    PASSWORD_CHANGED = "password_changed"
    # Accounts, set up by staff.
    ROLE_CHANGED = "role_changed"
    # The privacy purge: an account unused for the retention period (or never confirmed) deleted.
    UNUSED_ACCOUNT_DELETED = "unused_account_deleted"
    DEVELOPER_UPDATED = "developer_updated"
    # Events.
    EVENT_CREATED = "event_created"
    EVENT_UPDATED = "event_updated"
    EVENT_PUBLISHED = "event_published"
    EVENT_CANCELLED = "event_cancelled"
    EVENT_DUPLICATED = "event_duplicated"
    SERIES_CREATED = "series_created"
    EVENT_TRANSLATION_SAVED = "event_translation_saved"
    EVENT_TRANSLATION_REMOVED = "event_translation_removed"
    EVENT_TEXT_LANGUAGE_SET = "event_text_language_set"
    # Registrations and attendance.
    REGISTERED_BY_STAFF = "registered_by_staff"
    PROMOTED_BY_STAFF = "promoted_by_staff"
    CANCELLED_BY_STAFF = "cancelled_by_staff"
    CHECKED_IN = "checked_in"
    CHECK_IN_UNDONE = "check_in_undone"
    WALK_IN_ADDED = "walk_in_added"
    NO_SHOWS_MARKED = "no_shows_marked"
    CLOSING_REPORT_SAVED = "closing_report_saved"
    # Contributions: moderation and answers.
    INPUT_LOGGED = "input_logged"
    CONTRIBUTION_EDITED = "contribution_edited"
    PROPOSAL_MERGED = "proposal_merged"
    CONTRIBUTION_HIDDEN = "contribution_hidden"
    CONTRIBUTION_RESTORED = "contribution_restored"
    PROPOSAL_ANSWERED = "proposal_answered"
    # The registers.
    ORGANISATION_CREATED = "organisation_created"
    ORGANISATION_UPDATED = "organisation_updated"
    ORGANISATION_LINKED = "organisation_linked"
    ORGANISATION_UNLINKED = "organisation_unlinked"
    INITIATIVE_CREATED = "initiative_created"
    INITIATIVE_UPDATED = "initiative_updated"
    # Personal data that left the application: downloads and printable lists.
    REGISTRATIONS_EXPORTED = "registrations_exported"
    ATTENDANCE_SHEET_OPENED = "attendance_sheet_opened"
    CONTRIBUTIONS_EXPORTED = "contributions_exported"
    # A person's own data: downloaded by its owner, an account deleted by its owner, a registration erased through
    # its manage link; and an administrator answering a request by email or letter (the searched address is never
    # written in clear: see dialogue.privacy.requests).
    PERSONAL_DATA_DOWNLOADED = "personal_data_downloaded"
    ACCOUNT_DELETED = "account_deleted"
    REGISTRATION_ERASED = "registration_erased"
    DATA_REQUEST_SEARCHED = "data_request_searched"
    DATA_REQUEST_DOWNLOADED = "data_request_downloaded"
    DATA_REQUEST_ERASED = "data_request_erased"


class SubjectType(str, enum.Enum):
    """The kinds of records an entry can name."""

    USER = "user"
    EVENT = "event"
    REGISTRATION = "registration"
    CONTRIBUTION = "contribution"
    ORGANISATION = "organisation"
    INITIATIVE = "initiative"
    NEIGHBOURHOOD = "neighbourhood"


# The table of each kind of record: record() names a record by the table of the object it is given.
SUBJECT_TABLES = {
    "users": SubjectType.USER,
    "events": SubjectType.EVENT,
    "registrations": SubjectType.REGISTRATION,
    "contributions": SubjectType.CONTRIBUTION,
    "organisations": SubjectType.ORGANISATION,
    "initiatives": SubjectType.INITIATIVE,
    "neighbourhoods": SubjectType.NEIGHBOURHOOD,
}


def _names(enum_class, name: str) -> Enum:
    """Stored as the value's name, checked by the application only: the log gains actions with new features, and
    unlike other enums (dialogue.database.enum_type) a new one needs no migration of a CHECK constraint. SQLAlchemy
    refuses a value longer than the column at start-up."""
    return Enum(
        enum_class,
        name=name,
        native_enum=False,
        create_constraint=False,
        length=NAME_MAX_LENGTH,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


class AuditEntry(db.Model):
    """One action: when, by whom (empty: someone not logged in, or the command line), what, on which record, and
    from which address (empty outside a request). `detail` is short and never holds a password, a token or
    anything a resident wrote."""

    __tablename__ = "audit_entries"
    # The admin page's filters, each newest first: by person, by action, by record; the date range and the
    # unfiltered list use the index on occurred_at.
    __table_args__ = (
        Index("ix_audit_entries_actor_occurred", "actor_id", "occurred_at"),
        Index("ix_audit_entries_action_occurred", "action", "occurred_at"),
        Index("ix_audit_entries_subject_occurred", "subject_type", "subject_id", "occurred_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[AuditAction] = mapped_column(_names(AuditAction, "audit_action"))
    subject_type: Mapped[SubjectType | None] = mapped_column(_names(SubjectType, "audit_subject_type"))
    subject_id: Mapped[int | None]
    address: Mapped[str | None] = mapped_column(String(ADDRESS_MAX_LENGTH))
    detail: Mapped[str | None] = mapped_column(String(DETAIL_MAX_LENGTH))

    # By name, so that the log imports no domain; read-only, so that only actor_id is ever written.
    actor = relationship("User", viewonly=True, lazy="raise")

    @property
    def from_command_line(self) -> bool:
        """No actor and no address: the entry was written outside any request."""
        return self.actor_id is None and self.address is None

    def __repr__(self) -> str:
        return f"<AuditEntry {self.id} {self.action.value} by {self.actor_id}>"
