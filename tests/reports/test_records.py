"""The lists behind the figures: exactly the records a figure counts, for the same period and neighbourhood."""

import re

import pytest
from sqlalchemy import select

from dialogue.events.models import EventStatus
from dialogue.extensions import db
from dialogue.neighbourhoods.models import Neighbourhood
from dialogue.organisations.models import Organisation
from dialogue.reports.records import RECORDS_PER_PAGE
from tests.factories import make_event
from tests.moderation.helpers import element_text
from tests.reports.dataset import local

YEAR_2025 = "from=2025-01-01&to=2025-12-31"


def row_ids(html: str, prefix: str) -> set[int]:
    return {int(number) for number in re.findall(rf'<tr id="{prefix}-(\d+)"', html)}


def organisation_ids(app, *names: str) -> set[int]:
    with app.app_context():
        return set(db.session.scalars(select(Organisation.id).where(Organisation.name.in_(names))))


def test_participating_property_owners_are_listed_once_with_what_they_did(app, staff, world):
    response = staff.get(f"/staff/indicators/property-owners?{YEAR_2025}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert row_ids(html, "organisation") == organisation_ids(app, "Hyresbostäder", "Stadsfastigheter", "Trygghem")
    [owner_id] = organisation_ids(app, "Hyresbostäder")
    # Co-hosted three held events, named in one closing report, answered nothing.
    assert element_text(html, f"organisation-{owner_id}").endswith("Property owner 3 1 0")
    assert element_text(html, "record-count") == "3 records"


def test_participating_organisations_of_a_neighbourhood(app, staff, world):
    html = staff.get(f"/staff/indicators/organisations?{YEAR_2025}&neighbourhood=lindangen").get_data(as_text=True)
    assert row_ids(html, "organisation") == organisation_ids(app, "Hyresbostäder", "Sofielunds förening", "Byggbolaget")


@pytest.mark.parametrize(
    ("query", "events"),
    [
        ("/collaboration-meetings", ("first", "dance", "last", "seminar")),
        ("/inclusive-activities", ("first", "dance", "walk")),
        ("/held-events", ("first", "dance", "last", "seminar", "walk")),
        ("/held-events?kind=citizen_dialogue", ("first", "walk")),
        ("/held-events?neighbourhood=lindangen", ("last", "seminar")),
    ],
)
def test_events_behind_the_figures(staff, world, query, events):
    separator = "&" if "?" in query else "?"
    html = staff.get(f"/staff/indicators{query}{separator}{YEAR_2025}").get_data(as_text=True)
    assert row_ids(html, "event") == {world.ids[name] for name in events}


def test_the_event_list_shows_the_people_reached_by_each(staff, world):
    html = staff.get(f"/staff/indicators/held-events?{YEAR_2025}").get_data(as_text=True)
    assert element_text(html, f"event-{world.ids['seminar']}").endswith(" 8")  # at the door, no report
    assert element_text(html, f"event-{world.ids['first']}").endswith(" 40")  # from the closing report


@pytest.mark.parametrize(
    ("figure", "names"),
    [
        ("innovations", ("Shared laundry café", "Courtyard app")),
        ("learning-formats", ("Lunch seminar series", "Study visit")),
    ],
)
def test_initiatives_behind_the_figures(staff, world, figure, names):
    html = staff.get(f"/staff/indicators/{figure}?{YEAR_2025}").get_data(as_text=True)
    assert row_ids(html, "initiative") == {world.ids[name] for name in names}


def test_contributions_by_channel_and_theme(staff, world):
    html = staff.get(f"/staff/indicators/contributions?{YEAR_2025}&channel=online").get_data(as_text=True)
    online = ("housing", "lights", "crossing", "playground")
    assert row_ids(html, "contribution") == {world.ids[name] for name in online}
    html = staff.get(f"/staff/indicators/contributions?{YEAR_2025}&theme=safety").get_data(as_text=True)
    assert row_ids(html, "contribution") == {world.ids[name] for name in ("lights", "crossing", "said")}
    html = staff.get(f"/staff/indicators/contributions?{YEAR_2025}&theme=none").get_data(as_text=True)
    assert row_ids(html, "contribution") == {world.ids["card"]}


def test_proposals_with_their_days_to_the_first_answer(staff, world):
    html = staff.get(f"/staff/indicators/proposals?{YEAR_2025}&neighbourhood=seved").get_data(as_text=True)
    assert row_ids(html, "contribution") == {world.ids["housing"], world.ids["lights"]}
    assert element_text(html, f"contribution-{world.ids['housing']}").endswith(" 2.0")
    assert element_text(html, f"contribution-{world.ids['lights']}").endswith(" 4.0")


@pytest.mark.parametrize(
    "path",
    [
        "/staff/indicators/no-such-figure",
        f"/staff/indicators/held-events?{YEAR_2025}&kind=party",
        f"/staff/indicators/contributions?{YEAR_2025}&channel=pigeon",
        f"/staff/indicators/contributions?{YEAR_2025}&theme=weather",
        f"/staff/indicators/held-events?{YEAR_2025}&page=0",
        f"/staff/indicators/held-events?{YEAR_2025}&page=2",
        f"/staff/indicators/held-events?{YEAR_2025}&page=100000000000000000000",
        f"/staff/indicators/held-events?{YEAR_2025}&page=-1",
    ],
)
def test_unknown_figures_values_and_pages_are_404(staff, world, path):
    assert staff.get(path).status_code == 404


def test_a_bad_period_on_a_list_is_refused_next_to_its_field(staff, world):
    response = staff.get("/staff/indicators/held-events?from=2025-12-31&to=2025-01-01&kind=exhibition")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert element_text(html, "to-error")
    assert 'id="records"' not in html
    assert '<input type="hidden" name="kind" value="exhibition">' in html  # kept for the corrected request


def test_long_lists_come_in_pages(app, staff, world):
    with app.app_context():
        lindangen = db.session.get(Neighbourhood, world.lindangen_id)
        for number in range(RECORDS_PER_PAGE):
            make_event(
                lindangen, title=f"Extra {number}", starts_at=local(2025, 11, 1 + number % 28), status=EventStatus.HELD
            )
        db.session.commit()
    first = staff.get(f"/staff/indicators/held-events?{YEAR_2025}").get_data(as_text=True)
    second = staff.get(f"/staff/indicators/held-events?{YEAR_2025}&page=2").get_data(as_text=True)
    assert len(row_ids(first, "event")) == RECORDS_PER_PAGE
    assert len(row_ids(second, "event")) == 5
    assert element_text(first, "record-count") == f"{RECORDS_PER_PAGE + 5} records"
    next_link = re.search(r'href="(/staff/indicators/held-events\?[^"]*)" rel="next"', first).group(1)
    assert sorted(next_link.split("?")[1].split("&amp;")) == ["from=2025-01-01", "page=2", "to=2025-12-31"]
