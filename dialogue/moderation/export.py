"""A neighbourhood's contributions as CSV for a spreadsheet (written safely by dialogue.downloads)."""

from flask_babel import gettext as _

from dialogue import labels
from dialogue.contributions.models import Contribution
from dialogue.downloads import csv_text
from dialogue.local_time import local_minutes


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
        local_minutes(contribution.created_at),
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
        local_minutes(contribution.hidden_at),
        contribution.merged_into_id,
        local_minutes(contribution.first_answered_at),
    ]


def contributions_csv(contributions: list[Contribution], support_counts: dict[int, int]) -> str:
    rows = (row(contribution, support_counts.get(contribution.id, 0)) for contribution in contributions)
    return csv_text(header(), rows)
