"""The downloads: the same figures as the page, as CSV (formula characters defused) and as an Excel workbook with a
sheet per section, read back with openpyxl."""

import csv
import io

import pytest
from openpyxl import load_workbook

from dialogue.extensions import db
from dialogue.neighbourhoods.models import Neighbourhood
from dialogue.reports.exports import sheet_title
from tests.reports.dataset import EXPECTED
from tests.support import HOSTILE_CELLS, cells_that_would_run

YEAR_2025 = "from=2025-01-01&to=2025-12-31"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_rows(response) -> list[list[str]]:
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))


def by_figure(rows, section: str) -> dict[str, str]:
    return {figure: value for title, figure, value in rows[1:] if title == section}


def test_the_csv_has_every_figure_of_the_page(staff, world):
    response = staff.get(f"/staff/indicators.csv?{YEAR_2025}&neighbourhood=seved")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="indicators-2025-01-01-2025-12-31-seved.csv"'
    )
    rows = csv_rows(response)
    assert rows[0] == ["Section", "Figure", "Value"]
    expected = EXPECTED["seved"]
    assert by_figure(rows, "Indicators") == {
        "First day": "2025-01-01",
        "Last day": "2025-12-31",
        "Neighbourhood": "Södra Sofielund (Seved)",
        "Participating property owners": str(expected.property_owners),
        "Participating organisations": str(expected.organisations),
        "Meetings organised in collaboration": str(expected.collaboration_meetings),
        "Activities with inclusive methods": str(expected.inclusive_activities),
        "Innovations developed with property owners": str(expected.innovations),
        "Tested learning formats": str(expected.learning_formats),
        "People reached": str(expected.people_reached),
    }
    per_kind = by_figure(rows, "Held events per kind")
    assert per_kind["Citizen dialogue"] == "2" and per_kind["Held events in all"] == "3"
    assert by_figure(rows, "Contributions per theme")["No theme"] == "1"
    assert by_figure(rows, "Answers to proposals") == {
        "Proposals": "2",
        "Proposals answered": "2",
        "Share answered (%)": "100.0",
        "Median days to the first answer": "3.0",
    }


def test_the_workbook_has_a_sheet_per_section_with_the_same_figures(staff, world):
    response = staff.get(f"/staff/indicators.xlsx?{YEAR_2025}")
    assert response.status_code == 200
    assert response.mimetype == XLSX
    workbook = load_workbook(io.BytesIO(response.get_data()))
    assert workbook.sheetnames == [
        "Indicators",
        "Held events per kind",
        "Contributions per channel",
        "Contributions per theme",
        "Answers to proposals",
    ]
    figures = {row[0]: row[1] for row in workbook["Indicators"].iter_rows(min_row=2, values_only=True)}
    expected = EXPECTED[None]
    assert figures["Participating property owners"] == expected.property_owners
    assert figures["Participating organisations"] == expected.organisations
    assert figures["People reached"] == expected.people_reached
    assert figures["Neighbourhood"] == "All neighbourhoods"
    channels = {row[0]: row[1] for row in workbook["Contributions per channel"].iter_rows(min_row=2, values_only=True)}
    assert channels["Online"] == 4 and channels["Contributions in all"] == 6
    answers = {row[0]: row[1] for row in workbook["Answers to proposals"].iter_rows(min_row=2, values_only=True)}
    assert answers == {
        "Proposals": 4,
        "Proposals answered": 3,
        "Share answered (%)": 75.0,
        "Median days to the first answer": 4.0,
    }


def test_without_proposals_the_share_and_median_are_left_empty(staff, world):
    rows = csv_rows(staff.get("/staff/indicators.csv?from=2030-01-01&to=2030-12-31"))
    answers = by_figure(rows, "Answers to proposals")
    assert answers["Proposals"] == "0"
    assert answers["Share answered (%)"] == "" and answers["Median days to the first answer"] == ""


@pytest.mark.parametrize("name", ['=HYPERLINK("http://evil.example","Seved")', *HOSTILE_CELLS])
def test_text_that_looks_like_a_formula_stays_text_in_csv_and_xlsx(app, staff, world, name):
    with app.app_context():
        db.session.get(Neighbourhood, world.seved_id).name = name
        db.session.commit()
    query = f"{YEAR_2025}&neighbourhood=seved"
    rows = csv_rows(staff.get(f"/staff/indicators.csv?{query}"))
    assert cells_that_would_run(rows) == []
    workbook = load_workbook(io.BytesIO(staff.get(f"/staff/indicators.xlsx?{query}").get_data()))
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    assert cells_that_would_run([[cell.value for cell in cells]]) == []
    neighbourhood = next(
        row[1] for row in workbook["Indicators"].iter_rows(min_row=2) if row[0].value == "Neighbourhood"
    )
    assert neighbourhood.value.replace("'", "") == name  # the name is all there, defused


def test_sheet_titles_are_ones_excel_accepts():
    taken: set[str] = set()
    title = sheet_title("Bidrag: [tema/område]?", taken)
    assert title == "Bidrag   tema område" and len(title) <= 31
    assert sheet_title("x" * 40, taken) == "x" * 31
    assert sheet_title("X" * 40, taken) == "X" * 29 + " 2"  # unique, whatever the case
