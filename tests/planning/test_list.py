"""The staff event list: every status, filters, upcoming events first, pagination, and a constant number of
SQL statements whatever the number of events."""

import re
from datetime import timedelta

import pytest

from dialogue.database import utcnow
from dialogue.events.models import Event, EventKind, EventStatus
from dialogue.extensions import db
from dialogue.neighbourhoods.models import Neighbourhood
from dialogue.organisations.models import Organisation
from dialogue.planning.queries import STAFF_EVENTS_PER_PAGE
from tests.factories import login, make_event, make_registration
from tests.planning.helpers import build_world, errors_on
from tests.support import arrange, recorded_statements, use_english


def titles(response) -> list[str]:
    """Event titles in the order the list shows them."""
    html = response.get_data(as_text=True)
    return re.findall(r'<tr id="event-\d+">\s*<td>\s*<strong><a href="[^"]+"><span dir="auto">([^<]+)</span></a>', html)


@pytest.fixture
def site(app):
    """Events of every status in two neighbourhoods, past and to come."""
    world = build_world(app, title="Next week, published", kind=EventKind.CITIZEN_DIALOGUE)
    now = utcnow()
    with arrange(app):
        lindangen = db.session.get(Neighbourhood, world.neighbourhood_id)
        sege_park = db.session.get(Neighbourhood, world.other_neighbourhood_id)
        make_event(
            lindangen,
            title="Tomorrow, draft",
            status=EventStatus.DRAFT,
            starts_at=now + timedelta(days=1),
            kind=EventKind.EXHIBITION,
        )
        make_event(
            sege_park,
            title="In a month, cancelled",
            status=EventStatus.CANCELLED,
            starts_at=now + timedelta(days=30),
            kind=EventKind.DANCE_WORKSHOP,
        )
        make_event(
            sege_park,
            title="Last week, held",
            status=EventStatus.HELD,
            starts_at=now - timedelta(days=7),
            kind=EventKind.LUNCH_SEMINAR,
        )
        make_event(lindangen, title="Last year, held", status=EventStatus.HELD, starts_at=now - timedelta(days=365))
    return world


@pytest.fixture
def staff(client, site):
    assert login(client, site.emails[next(iter(site.emails))]).status_code == 302
    use_english(client)
    return client


def test_every_status_is_listed_upcoming_first_soonest_first_then_past_latest_first(staff):
    response = staff.get("/staff/events/")
    assert response.status_code == 200
    assert titles(response) == [
        "Tomorrow, draft",
        "Next week, published",
        "In a month, cancelled",
        "Last week, held",
        "Last year, held",
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=draft", ["Tomorrow, draft"]),
        ("status=held", ["Last week, held", "Last year, held"]),
        ("kind=exhibition", ["Tomorrow, draft"]),
        ("neighbourhood={sege}", ["In a month, cancelled", "Last week, held"]),
        ("neighbourhood={sege}&status=held", ["Last week, held"]),
        ("date_from={in_two_days}", ["Next week, published", "In a month, cancelled"]),
        ("date_to={yesterday}", ["Last week, held", "Last year, held"]),
        (
            "date_from={last_month}&date_to={in_two_weeks}",
            ["Tomorrow, draft", "Next week, published", "Last week, held"],
        ),
    ],
)
def test_filters(app, staff, site, query, expected):
    with app.app_context():
        sege = db.session.get(Neighbourhood, site.other_neighbourhood_id).slug
    today = utcnow().date()
    query = query.format(
        sege=sege,
        in_two_days=today + timedelta(days=2),
        yesterday=today - timedelta(days=1),
        last_month=today - timedelta(days=30),
        in_two_weeks=today + timedelta(days=14),
    )
    response = staff.get(f"/staff/events/?{query}")
    assert response.status_code == 200
    assert titles(response) == expected


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("status=maybe", "status"),
        ("kind=party", "kind"),
        ("neighbourhood=atlantis", "neighbourhood"),
        ("date_from=2027-02-30", "date_from"),
        ("date_from=2020-05-02&date_to=2020-05-01", "date_to"),  # the from date alone still applies
    ],
)
def test_a_bad_filter_is_named_and_ignored(staff, query, field):
    response = staff.get(f"/staff/events/?{query}")
    assert response.status_code == 422
    assert errors_on(response.get_data(as_text=True), field)
    assert len(titles(response)) == 5


def test_a_page_number_out_of_range_is_a_404(staff):
    assert staff.get("/staff/events/?page=0").status_code == 404
    assert staff.get("/staff/events/?page=abc").status_code == 200


def test_rows_show_places_waiting_co_hosts_and_links(app, staff, site):
    with arrange(app):
        event = db.session.get(Event, site.event_id)
        event.capacity = 2
        event.cohosts = [db.session.get(Organisation, site.organisation_ids[0])]
        event.inclusive_method, event.inclusive_methods_note = True, "Dance"
        make_registration(event, adults=2)
        make_registration(event)
        make_registration(event)
    html = staff.get("/staff/events/").get_data(as_text=True)
    row = re.search(rf'<tr id="event-{site.event_id}">(.*?)</tr>', html, re.DOTALL).group(1)
    assert "2 of 2 places taken" in row and "2 waiting" in row
    assert "With MKB Fastighets AB" in row and "Inclusive methods" in row
    assert f'href="/staff/events/{site.event_id}/edit"' in row
    assert f'href="/staff/events/{site.event_id}/registrations"' in row
    assert f'action="/staff/events/{site.event_id}/publish"' not in row  # published already


def test_drafts_have_a_publish_button(staff):
    html = staff.get("/staff/events/?status=draft").get_data(as_text=True)
    assert re.search(r'action="/staff/events/\d+/publish"', html)


def _fill(app, site, count: int) -> None:
    with arrange(app):
        neighbourhood = db.session.get(Neighbourhood, site.neighbourhood_id)
        organisations = [db.session.get(Organisation, organisation_id) for organisation_id in site.organisation_ids]
        for number in range(count):
            event = make_event(
                neighbourhood,
                title=f"Filler {number:03d}",
                capacity=1,
                starts_at=utcnow() + timedelta(days=2, hours=number),
            )
            event.cohosts = organisations[: number % 3]
            if number % 2:
                make_registration(event)
                make_registration(event)  # waiting


def test_the_number_of_statements_does_not_grow_with_the_events(app, staff, site):
    def statements_for(path: str):
        with app.app_context():
            engine = db.engine
        with recorded_statements(engine) as statements:
            response = staff.get(path)
        assert response.status_code == 200
        return len(statements), response

    few, _ = statements_for("/staff/events/")
    _fill(app, site, STAFF_EVENTS_PER_PAGE + 10)
    many, response = statements_for("/staff/events/")
    later, later_response = statements_for("/staff/events/?page=2")

    assert len(titles(response)) == STAFF_EVENTS_PER_PAGE
    assert len(titles(later_response)) == 5 + 10
    assert few == many == later
    assert "Page 2 of 2" in later_response.get_data(as_text=True)
