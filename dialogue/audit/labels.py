"""What the audit log's actions and kinds of records are called on a page, translated (see dialogue.labels)."""

from flask_babel import lazy_gettext as _l

from dialogue.audit.models import AuditAction, SubjectType
from dialogue.labels import register

register(
    {
        AuditAction: {
            AuditAction.ACCOUNT_CREATED: _l("Account created"),
            AuditAction.LOGIN: _l("Logged in"),
            AuditAction.LOGIN_FAILED: _l("Login failed"),
            AuditAction.LOGIN_BLOCKED: _l("Login refused while paused"),
            AuditAction.LOGOUT: _l("Logged out"),
            AuditAction.LOGOUT_EVERYWHERE: _l("Logged out everywhere"),
            AuditAction.PASSWORD_RESET_REQUESTED: _l("Password reset requested"),
            AuditAction.PASSWORD_RESET: _l("Password reset"),
            AuditAction.PASSWORD_CHANGED: _l("Password changed"),
            AuditAction.ROLE_CHANGED: _l("Role changed"),
            AuditAction.UNUSED_ACCOUNT_DELETED: _l("Unused account deleted"),
            AuditAction.DEVELOPER_UPDATED: _l("Developer's organisation or neighbourhoods changed"),
            AuditAction.EVENT_CREATED: _l("Event created"),
            AuditAction.EVENT_UPDATED: _l("Event changed"),
            AuditAction.EVENT_PUBLISHED: _l("Event published"),
            AuditAction.EVENT_CANCELLED: _l("Event cancelled"),
            AuditAction.EVENT_DUPLICATED: _l("Event duplicated"),
            AuditAction.SERIES_CREATED: _l("Series of events created"),
            AuditAction.EVENT_TRANSLATION_SAVED: _l("Event translation saved"),
            AuditAction.EVENT_TRANSLATION_REMOVED: _l("Event translation removed"),
            AuditAction.EVENT_TEXT_LANGUAGE_SET: _l("Language of an event's texts changed"),
            AuditAction.REGISTERED_BY_STAFF: _l("Registration taken by phone"),
            AuditAction.PROMOTED_BY_STAFF: _l("Moved up from the waiting list by staff"),
            AuditAction.CANCELLED_BY_STAFF: _l("Cancelled by staff as made by a script, without an email"),
            AuditAction.CHECKED_IN: _l("Checked in"),
            AuditAction.CHECK_IN_UNDONE: _l("Check-in undone"),
            AuditAction.WALK_IN_ADDED: _l("Walk-in added"),
            AuditAction.NO_SHOWS_MARKED: _l("No-shows marked"),
            AuditAction.CLOSING_REPORT_SAVED: _l("Closing report saved"),
            AuditAction.INPUT_LOGGED: _l("Input from an event logged"),
            AuditAction.CONTRIBUTION_EDITED: _l("Contribution edited"),
            AuditAction.PROPOSAL_MERGED: _l("Proposal merged"),
            AuditAction.CONTRIBUTION_HIDDEN: _l("Contribution hidden"),
            AuditAction.CONTRIBUTION_RESTORED: _l("Contribution made public again"),
            AuditAction.PROPOSAL_ANSWERED: _l("Proposal answered"),
            AuditAction.ORGANISATION_CREATED: _l("Organisation added"),
            AuditAction.ORGANISATION_UPDATED: _l("Organisation changed"),
            AuditAction.ORGANISATION_LINKED: _l("Organisation linked to a neighbourhood"),
            AuditAction.ORGANISATION_UNLINKED: _l("Organisation's link to a neighbourhood removed"),
            AuditAction.INITIATIVE_CREATED: _l("Initiative added"),
            AuditAction.INITIATIVE_UPDATED: _l("Initiative changed"),
            AuditAction.REGISTRATIONS_EXPORTED: _l("Registrations downloaded (CSV)"),
            AuditAction.ATTENDANCE_SHEET_OPENED: _l("Attendance sheet opened"),
            AuditAction.CONTRIBUTIONS_EXPORTED: _l("Contributions downloaded (CSV)"),
        },
        SubjectType: {
            SubjectType.USER: _l("Account"),
            SubjectType.EVENT: _l("Event"),
            SubjectType.REGISTRATION: _l("Registration"),
            SubjectType.CONTRIBUTION: _l("Contribution"),
            SubjectType.ORGANISATION: _l("Organisation"),
            SubjectType.INITIATIVE: _l("Initiative"),
            SubjectType.NEIGHBOURHOOD: _l("Neighbourhood"),
        },
    }
)
