"""Events are planned from 1 January 2000 and at most EVENT_YEARS_AHEAD years (configuration, 5 by default) ahead:
the form says so next to the date, in English and Swedish, and the services refuse the same days for every caller
without a form, a series included. A year typed as 9999 never becomes an event."""

from datetime import UTC, date, datetime, timedelta

import pytest
from babel.dates import format_date

from dialogue.events.models import EventKind
from dialogue.extensions import db
from dialogue.local_time import local_today
from dialogue.permissions import Role
from dialogue.planning.series import create_series
from dialogue.planning.services import EventDetails, PlanningError, create_event, update_event
from dialogue.planning.window import FIRST_EVENT_DAY, last_event_day
from tests.conftest import close_connections, make_app
from tests.factories import login, make_user
from tests.planning.helpers import build_world, errors_on, event_count, event_form, snapshot, stockholm
from tests.support import look, use_english

NO_REGISTRATION_WINDOW = {
    "registration_opens_date": "",
    "registration_opens_time": "",
    "registration_closes_date": "",
    "registration_closes_time": "",
}


@pytest.fixture
def last_day(app) -> date:
    with app.app_context():
        return last_event_day(local_today())


def _too_far(day: date, language: str = "en") -> str:
    if language == "sv":
        return f"Aktiviteter planeras högst 5 år framåt: välj ett datum senast den {format_date(day, 'long', 'sv')}."
    return f"Events are planned at most 5 years ahead: choose a date on or before {format_date(day, 'long', 'en')}."


def test_the_last_day_is_five_years_from_today(app):
    with app.app_context():
        assert last_event_day(date(2026, 11, 30)) == date(2031, 11, 30)
        assert last_event_day(date(2028, 2, 29)) == date(2033, 2, 28)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"start_date": "{after}", **NO_REGISTRATION_WINDOW}, "start_date"),
        ({"end_date": "{after}"}, "end_date"),
        ({"registration_closes_date": "{after}"}, "registration_closes_date"),
        ({"registration_opens_date": "{after}"}, "registration_opens_date"),
    ],
)
def test_a_day_past_the_last_is_refused_next_to_its_field_and_nothing_is_created(
    app, staff, world, last_day, overrides, field
):
    use_english(staff)
    after = (last_day + timedelta(days=1)).isoformat()
    data = event_form(world, **{name: value.format(after=after) for name, value in overrides.items()})

    response = staff.post("/staff/events/new", data=data)

    assert response.status_code == 422
    assert errors_on(response.get_data(as_text=True), field) == _too_far(last_day)
    with look(app):
        assert event_count() == 1


def test_the_message_is_in_swedish_by_default(staff, world, last_day):
    after = (last_day + timedelta(days=1)).isoformat()
    response = staff.post("/staff/events/new", data=event_form(world, start_date=after, **NO_REGISTRATION_WINDOW))

    assert errors_on(response.get_data(as_text=True), "start_date") == _too_far(last_day, "sv")


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("1999-12-31", "Choose a date on or after January 1, 2000."),
        ("0001-01-01", "Choose a day between the years 1900 and 2999."),
        ("9999-12-31", "Choose a day between the years 1900 and 2999."),
    ],
)
def test_a_day_no_event_can_have_is_refused_on_the_edit_form_and_changes_nothing(app, staff, world, day, message):
    use_english(staff)
    with look(app):
        before = snapshot(world.event_id)
    data = event_form(world, start_date=day, **NO_REGISTRATION_WINDOW)

    response = staff.post(f"/staff/events/{world.event_id}/edit", data=data)

    assert response.status_code == 422
    assert errors_on(response.get_data(as_text=True), "start_date") == message
    with look(app):
        assert snapshot(world.event_id) == before


@pytest.mark.parametrize("first_or_last", ["first", "last"])
def test_the_first_and_the_last_day_are_taken(app, staff, world, last_day, first_or_last):
    day = FIRST_EVENT_DAY if first_or_last == "first" else last_day
    data = event_form(world, start_date=day.isoformat(), **NO_REGISTRATION_WINDOW)

    assert staff.post("/staff/events/new", data=data).status_code == 302
    with look(app):
        assert event_count() == 2


def test_the_years_ahead_are_configured(sqlite_url):
    app = make_app(sqlite_url, EVENT_YEARS_AHEAD=1)
    world = build_world(app)
    client = app.test_client()
    assert login(client, world.emails[next(iter(world.emails))]).status_code == 302
    in_two_years = (local_today() + timedelta(days=2 * 366)).isoformat()

    response = client.post(
        "/staff/events/new", data=event_form(world, start_date=in_two_years, **NO_REGISTRATION_WINDOW)
    )

    assert response.status_code == 422
    assert errors_on(response.get_data(as_text=True), "start_date").startswith("Aktiviteter planeras högst 1 år framåt")
    close_connections(app)


def _details(world, starts_at: datetime) -> EventDetails:
    return EventDetails(
        kind=EventKind.CITIZEN_DIALOGUE,
        title="Dialogue evening",
        neighbourhood_id=world.neighbourhood_id,
        venue="Library",
        address="Storgatan 1, Malmö",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
    )


# Today, for the services, is 1 June 2026: the last day is 1 June 2031.
NOW = datetime(2026, 6, 1, 10, tzinfo=UTC)


@pytest.mark.parametrize(
    ("starts_at", "field"),
    [
        (stockholm(2031, 6, 2, 18), "start_date"),
        (stockholm(9999, 12, 31, 18), "start_date"),
        (stockholm(1999, 12, 31, 18), "start_date"),
        (stockholm(2031, 6, 1, 23), "end_date"),  # ends after midnight, on the day after the last
    ],
)
def test_the_services_refuse_the_same_days_without_a_form(app, starts_at, field):
    world = build_world(app)
    with app.test_request_context():
        leader = make_user(Role.PROCESS_LEADER)
        with pytest.raises(PlanningError) as refusal:
            create_event(_details(world, starts_at), creator=leader, now=NOW)
        assert refusal.value.field == field
        with pytest.raises(PlanningError) as refusal:
            update_event(world.event_id, _details(world, starts_at), editor=leader, now=NOW)
        assert refusal.value.field == field
        db.session.rollback()
        assert event_count() == 1


def test_a_later_today_lets_the_services_take_the_same_day(app):
    world = build_world(app)
    with app.test_request_context():
        leader = make_user(Role.PROCESS_LEADER)
        event = create_event(_details(world, stockholm(2031, 6, 2, 18)), creator=leader, now=NOW + timedelta(days=1))
        assert event.id is not None
        db.session.rollback()


def test_a_series_past_the_last_day_is_refused_next_to_until(app, last_day):
    world = build_world(app)
    client = app.test_client()
    assert login(client, world.emails[next(iter(world.emails))]).status_code == 302
    use_english(client)
    data = {"every_weeks": "12", "until": (last_day + timedelta(days=1)).isoformat(), "status": "draft"}

    response = client.post(f"/staff/events/{world.event_id}/series", data=data)

    assert response.status_code == 422
    assert errors_on(response.get_data(as_text=True), "until") == _too_far(last_day)
    with look(app):
        assert event_count() == 1


def test_the_series_service_refuses_copies_past_the_last_day(app):
    world = build_world(app, starts_at=stockholm(2031, 3, 1, 18), ends_at=stockholm(2031, 3, 1, 20))
    with app.test_request_context():
        leader = make_user(Role.PROCESS_LEADER)
        with pytest.raises(PlanningError) as refusal:
            create_series(world.event_id, 4, date(2031, 7, 1), publish=False, creator=leader, now=NOW)
        assert refusal.value.field == "until"
        copies = create_series(world.event_id, 4, date(2031, 5, 31), publish=False, creator=leader, now=NOW)
        assert len(copies) == 3
        db.session.rollback()
