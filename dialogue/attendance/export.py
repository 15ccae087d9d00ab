"""An event's registrations as CSV for a spreadsheet: UTF-8 with a byte order mark and formula characters
defused, as every download (dialogue.downloads)."""

from flask_babel import gettext as _

from dialogue import labels
from dialogue.downloads import csv_text
from dialogue.i18n import language_name
from dialogue.local_time import local_minutes
from dialogue.registrations.models import Registration


def header() -> list[str]:
    return [
        _("ID"),
        _("Status"),
        _("Name"),
        _("Email address"),
        _("Adults"),
        _("Children"),
        _("Access needs"),
        _("Interpreter language"),
        _("Note about access needs"),
        _("Check-in code"),
        _("Checked in (Stockholm time)"),
        _("No-show"),
        _("Registered (Stockholm time)"),
        _("Registered by staff"),
        _("Language for messages"),
    ]


def row(registration: Registration) -> list:
    return [
        registration.id,
        labels.label(registration.status),
        registration.display_name,
        registration.email or "",
        registration.adults,
        registration.children,
        ", ".join(labels.label(item.need) for item in registration.access_needs),
        language_name(registration.interpreter_language) if registration.interpreter_language else "",
        registration.access_note,
        registration.check_in_code,
        local_minutes(registration.checked_in_at),
        _("Yes") if registration.no_show else "",
        local_minutes(registration.created_at),
        _("Yes") if registration.registered_by_id else "",
        registration.preferred_language,
    ]


def registrations_csv(registrations: list[Registration]) -> str:
    return csv_text(header(), (row(registration) for registration in registrations))
