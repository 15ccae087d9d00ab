"""The indicators report as CSV and as an Excel workbook (a sheet per section), with the same figures as the page.

Texts come from the database (neighbourhood names) and the catalog; a cell that a spreadsheet would run as a
formula is defused in both formats. openpyxl is imported by the first workbook asked for: with its some 200 modules
it takes about 7 MB, which the pages never need.
"""

import io
import re
from dataclasses import dataclass

from flask_babel import gettext as _

from dialogue import labels
from dialogue.downloads import csv_text, spreadsheet_safe
from dialogue.reports.indicators import Indicators

SHEET_TITLE_MAX_LENGTH = 31  # Excel's limit
SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


@dataclass
class Section:
    title: str
    rows: list[tuple[str, object]]  # (what, value): value an int, a float, a text, or None for "none"


def one_decimal(value: float | None) -> float | None:
    return round(value, 1) if value is not None else None


def sections(indicators: Indicators, neighbourhood_name: str | None) -> list[Section]:
    period = indicators.period
    answers = indicators.proposal_answers
    return [
        Section(
            _("Indicators"),
            [
                (_("First day"), period.first_day.isoformat()),
                (_("Last day"), period.last_day.isoformat()),
                (_("Neighbourhood"), neighbourhood_name or _("All neighbourhoods")),
                (_("Participating property owners"), indicators.property_owners),
                (_("Participating organisations"), indicators.organisations),
                (_("Meetings organised in collaboration"), indicators.collaboration_meetings),
                (_("Activities with inclusive methods"), indicators.inclusive_activities),
                (_("Innovations developed with property owners"), indicators.innovations),
                (_("Tested learning formats"), indicators.learning_formats),
                (_("People reached"), indicators.people_reached),
            ],
        ),
        Section(
            _("Held events per kind"),
            [
                *[(labels.label(kind), count) for kind, count in indicators.held_events_per_kind.items()],
                (_("Held events in all"), indicators.held_events),
            ],
        ),
        Section(
            _("Contributions per channel"),
            [
                *[(labels.label(channel), count) for channel, count in indicators.contributions_per_channel.items()],
                (_("Contributions in all"), indicators.contributions),
            ],
        ),
        Section(
            _("Contributions per theme"),
            [
                *[
                    (labels.label(theme) if theme else _("No theme"), count)
                    for theme, count in indicators.contributions_per_theme.items()
                ],
                (_("Contributions in all"), indicators.contributions),
            ],
        ),
        Section(
            _("Answers to proposals"),
            [
                (_("Proposals"), answers.proposals),
                (_("Proposals answered"), answers.answered),
                (_("Share answered (%)"), one_decimal(answers.share * 100) if answers.share is not None else None),
                (_("Median days to the first answer"), one_decimal(answers.median_days)),
            ],
        ),
    ]


def indicators_csv(report_sections: list[Section]) -> str:
    rows = ((section.title, what, value) for section in report_sections for what, value in section.rows)
    return csv_text([_("Section"), _("Figure"), _("Value")], rows)


def sheet_title(title: str, taken: set[str]) -> str:
    """A title Excel accepts: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    base = SHEET_TITLE_FORBIDDEN.sub(" ", title).strip()[:SHEET_TITLE_MAX_LENGTH] or "Sheet"
    candidate, number = base, 2
    while candidate.lower() in taken:
        suffix = f" {number}"
        candidate, number = base[: SHEET_TITLE_MAX_LENGTH - len(suffix)] + suffix, number + 1
    taken.add(candidate.lower())
    return candidate


def _write(sheet, row: int, column: int, value) -> None:
    # Defused like a CSV cell; and openpyxl would make any text still starting with "=" a formula: keep it text.
    cell = sheet.cell(row=row, column=column, value=spreadsheet_safe(value))
    if cell.data_type == "f":
        cell.data_type = "s"


def indicators_xlsx(report_sections: list[Section]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    taken: set[str] = set()
    bold = Font(bold=True)
    for section in report_sections:
        sheet = workbook.create_sheet(sheet_title(section.title, taken))
        for column, heading in enumerate((_("Figure"), _("Value")), start=1):
            _write(sheet, 1, column, heading)
            sheet.cell(row=1, column=column).font = bold
        for row, (what, value) in enumerate(section.rows, start=2):
            _write(sheet, row, 1, what)
            _write(sheet, row, 2, value)
        sheet.column_dimensions["A"].width = max(len(str(what)) for what, _value in section.rows) + 2
        sheet.column_dimensions["B"].width = 16
        sheet.freeze_panes = "A2"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
