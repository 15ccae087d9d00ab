"""The indicators page: the figures with links to their records, the period form and its refusals, the charts."""

import re
from datetime import date

from dialogue.reports.forms import this_year_local
from tests.moderation.helpers import element_text
from tests.reports.dataset import EXPECTED

YEAR_2025 = "from=2025-01-01&to=2025-12-31"
FIGURE_IDS = {
    "figure-property-owners": "property_owners",
    "figure-organisations": "organisations",
    "figure-collaboration-meetings": "collaboration_meetings",
    "figure-inclusive-activities": "inclusive_activities",
    "figure-innovations": "innovations",
    "figure-learning-formats": "learning_formats",
    "figure-people-reached": "people_reached",
}


def _leading_number(text: str | None) -> str:
    assert text is not None
    return text.split(":")[0].strip()


def test_the_page_shows_every_figure_for_the_period(staff):
    response = staff.get(f"/staff/indicators?{YEAR_2025}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    expected = EXPECTED[None]
    for element_id, name in FIGURE_IDS.items():
        assert _leading_number(element_text(html, element_id)) == str(getattr(expected, name)), element_id
    assert _leading_number(element_text(html, "figure-share-answered")) == "75%"
    assert _leading_number(element_text(html, "figure-median-days")) == "4.0"
    assert element_text(html, "proposals-answered").startswith("3 of 4 ")


def test_each_figure_links_to_its_records_with_the_same_period(staff):
    html = staff.get(f"/staff/indicators?{YEAR_2025}&neighbourhood=seved").get_data(as_text=True)
    links = dict(re.findall(r'<a id="(figure-[\w-]+)" href="([^"]+)"', html))
    query = "?from=2025-01-01&amp;to=2025-12-31&amp;neighbourhood=seved"
    assert links["figure-property-owners"] == f"/staff/indicators/property-owners{query}"
    assert links["figure-collaboration-meetings"] == f"/staff/indicators/collaboration-meetings{query}"
    assert links["figure-people-reached"] == f"/staff/indicators/held-events{query}"
    assert links["figure-median-days"] == f"/staff/indicators/proposals{query}"
    assert f'href="/staff/indicators.csv{query}"' in html
    assert f'href="/staff/indicators.xlsx{query}"' in html


def test_a_neighbourhood_narrows_every_figure(staff):
    html = staff.get(f"/staff/indicators?{YEAR_2025}&neighbourhood=lindangen").get_data(as_text=True)
    expected = EXPECTED["lindangen"]
    for element_id, name in FIGURE_IDS.items():
        assert _leading_number(element_text(html, element_id)) == str(getattr(expected, name)), element_id
    assert _leading_number(element_text(html, "figure-share-answered")) == "50%"
    assert '<option selected value="lindangen">' in html


def test_without_parameters_the_period_is_this_calendar_year(staff):
    html = staff.get("/staff/indicators").get_data(as_text=True)
    year = this_year_local()
    assert f'id="from" name="from" type="date" value="{year}-01-01"' in html
    assert f'id="to" name="to" type="date" value="{year}-12-31"' in html


def test_an_empty_day_is_filled_in_from_the_other(staff):
    html = staff.get("/staff/indicators?from=2025-03-01&to=").get_data(as_text=True)
    assert 'value="2025-12-31"' in html
    html = staff.get("/staff/indicators?to=2024-06-30").get_data(as_text=True)
    assert 'value="2024-01-01"' in html


def test_a_period_that_ends_before_it_starts_shows_no_figures(staff):
    response = staff.get("/staff/indicators?from=2025-12-31&to=2025-01-01")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert element_text(html, "to-error") == (
        "The period ends before it starts: choose a last day on or after the first day."
    )
    assert 'aria-invalid="true"' in html
    assert 'id="figure-' not in html and "<svg" not in html


def test_bad_days_and_unknown_neighbourhoods_are_refused_next_to_their_field(staff):
    for query, field in [
        ("from=2025-02-30", "from"),
        ("from=0999-01-01", "from"),
        ("to=3000-01-01", "to"),
        ("from=yesterday", "from"),
        ("neighbourhood=atlantis", "neighbourhood"),
    ]:
        response = staff.get(f"/staff/indicators?{query}")
        assert response.status_code == 422, query
        html = response.get_data(as_text=True)
        assert element_text(html, f"{field}-error"), query
        assert 'id="figure-' not in html


def test_the_downloads_refuse_a_bad_period_too(staff):
    for path in ("/staff/indicators.csv", "/staff/indicators.xlsx"):
        response = staff.get(f"{path}?from=2025-12-31&to=2025-01-01")
        assert response.status_code == 422
        assert response.mimetype == "text/html"


def test_charts_are_svg_images_with_a_title_and_a_table_beside_them(staff):
    html = staff.get(f"/staff/indicators?{YEAR_2025}").get_data(as_text=True)
    for chart_id in ("chart-events-per-kind", "chart-contributions-per-channel", "chart-contributions-per-theme"):
        svg = re.search(rf'<svg[^>]*aria-labelledby="{chart_id}-title"[^>]*>(.*?)</svg>', html, re.S)
        assert svg, chart_id
        assert 'role="img"' in svg.group(0)
        assert f'<title id="{chart_id}-title">' in svg.group(1)
        assert f'id="{chart_id}-table"' in html
    events_table = element_text(html, "chart-events-per-kind-table")
    assert "Citizen dialogue 2" in events_table and "Held events in all 5" in events_table
    theme_table = element_text(html, "chart-contributions-per-theme-table")
    assert "Safety 3" in theme_table and "No theme 1" in theme_table
    assert 'href="/staff/indicators/held-events?from=2025-01-01&amp;to=2025-12-31&amp;kind=exhibition"' in html
    assert 'href="/staff/indicators/contributions?from=2025-01-01&amp;to=2025-12-31&amp;theme=none"' in html


def test_bars_are_as_long_as_their_numbers_and_the_page_has_no_style_attributes(staff):
    html = staff.get(f"/staff/indicators?{YEAR_2025}").get_data(as_text=True)
    svg = re.search(r'<svg[^>]*aria-labelledby="chart-contributions-per-channel-title".*?</svg>', html, re.S).group(0)
    widths = [float(width) for width in re.findall(r'<rect[^>]* width="([\d.]+)"', svg)]
    assert len(widths) == 7  # a bar (maybe of length 0) per channel
    assert max(widths) == widths[0]  # online, with 4, is the longest
    assert widths[0] == 4 * widths[widths.index(min(w for w in widths if w > 0))]  # four times a bar of 1
    assert "style=" not in html and "<script>" not in html


def test_no_proposals_in_the_period_says_so_instead_of_a_share(staff):
    html = staff.get("/staff/indicators?from=2030-01-01&to=2030-12-31").get_data(as_text=True)
    assert element_text(html, "figure-share-answered") == "No proposals were made in the period."
    assert element_text(html, "figure-median-days") == "No proposal of the period has been answered yet."
    assert _leading_number(element_text(html, "figure-organisations")) == "0"


def test_the_period_is_named_in_words(staff):
    html = staff.get(f"/staff/indicators?{YEAR_2025}&neighbourhood=seved").get_data(as_text=True)
    assert element_text(html, "period-summary") == (
        f"{date(2025, 1, 1):%B} 1, 2025 to December 31, 2025, Södra Sofielund (Seved)"
    )
