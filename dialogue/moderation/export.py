"""A neighbourhood's contributions as CSV for a spreadsheet: UTF-8 with a byte order mark, so that Excel reads
the letters å, ä and ö right, and with formula characters defused, so that no cell runs as a formula."""
import csv
import io
from datetime import datetime

from flask_babel import gettext as _

from dialogue import labels
from dialogue.contributions.models import Contribution
from dialogue.events.queries import LOCAL_TIMEZONE

BYTE_ORDER_MARK = "\ufeff"
# A spreadsheet treats a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value) -> str | int:
    if value is None:
        return ""
    if isinstance(value, int):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def local_time(value: datetime | None) -> str:
    return value.astimezone(LOCAL_TIMEZONE).strftime("%Y-%m-%d %H:%M") if value else ""


def header() -> list[str]:
    return [
        _("ID"),
        _("Kind"),
        _("Created (Stockholm time)"),
        _("Event"),
        _("Title"),
        _("Text"),
        _("Theme"),
        _("Status"),
        _("Channel"),
        _("People"),
        _("Supports"),
        _("Rating"),
        _("Contact email"),
        _("Hidden"),
        _("Merged into"),
        _("First answered"),
    ]


def row(contribution: Contribution, supports: int) -> list:
    return [
        contribution.id,
        labels.label(contribution.kind),
        local_time(contribution.created_at),
        contribution.event.title if contribution.event else "",
        contribution.title,
        contribution.body,
        labels.label(contribution.theme) if contribution.theme else "",
        labels.label(contribution.status) if contribution.status else "",
        labels.label(contribution.channel),
        contribution.people_count,
        supports,
        contribution.rating,
        contribution.contact_email,
        local_time(contribution.hidden_at),
        contribution.merged_into_id,
        local_time(contribution.first_answered_at),
    ]


def contributions_csv(contributions: list[Contribution], support_counts: dict[int, int]) -> str:
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(header())
    for contribution in contributions:
        cells = row(contribution, support_counts.get(contribution.id, 0))
        writer.writerow([spreadsheet_safe(cell) for cell in cells])
    return BYTE_ORDER_MARK + output.getvalue()
