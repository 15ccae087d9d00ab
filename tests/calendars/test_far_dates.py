"""Events stored on days the planning form now refuses (9999-12-31, 1 January of the year 1), as a typing mistake
once stored or a row written straight into the database: every feed, .ics download and page still answers, on
SQLite and PostgreSQL, and shows the day as stored. Staff can open such an event and move it to a real day."""

import re
from datetime import UTC, datetime, timedelta

import pytest

from dialogue.calendars.tokens import renew_calendar_token
from dialogue.events.models import EventKind
from dialogue.permissions import Role
from tests.calendars.helpers import STOCKHOLM_TZID, feed_events, parse_calendar
from tests.factories import make_event, make_neighbourhood, make_registration, make_user
from tests.support import arrange, log_in_directly, use_english

# 18:00–20:00 on 31 December 9999 in Stockholm, and noon on 1 January of the year 1 (UTC).
LAST_EVENING = datetime(9999, 12, 31, 17, tzinfo=UTC)
FIRST_NOON = datetime(1, 1, 1, 12, tzinfo=UTC)


@pytest.fixture
def stored(any_app):
    """A published dance workshop on 9999-12-31 and one in the year 1 in Sege Park, beside an ordinary event,
    a resident registered for the far one with a personal feed, and a process leader; (app, ids)."""
    with arrange(any_app):
        sege_park = make_neighbourhood("Sege Park", slug="sege-park")
        far = make_event(
            sege_park,
            title="Dance in the year 9999",
            kind=EventKind.DANCE_WORKSHOP,
            starts_at=LAST_EVENING,
            ends_at=LAST_EVENING + timedelta(hours=2),
        )
        early = make_event(
            sege_park, title="Dance in the year 1", starts_at=FIRST_NOON, ends_at=FIRST_NOON + timedelta(hours=2)
        )
        ordinary = make_event(sege_park, title="An ordinary evening")
        resident = make_user(Role.RESIDENT)
        make_registration(far, email=resident.email, user=resident)
        ids = {
            "far": far.id,
            "early": early.id,
            "ordinary": ordinary.id,
            "resident": resident.id,
            "token": renew_calendar_token(resident),
            "leader": make_user(Role.PROCESS_LEADER).id,
            "neighbourhood": sege_park.id,
        }
    return any_app, ids


@pytest.mark.parametrize(
    "path", ["/calendar/events.ics", "/calendar/neighbourhoods/sege-park.ics", "/calendar/kinds/dance_workshop.ics"]
)
def test_a_feed_shows_the_event_on_its_stored_day(stored, path):
    app, ids = stored

    events = feed_events(parse_calendar(app.test_client().get(path)))

    far = next(event for event in events.values() if event.summary == "Dance in the year 9999")
    assert far.start.replace(tzinfo=None) == datetime(9999, 12, 31, 18)
    assert far.start_tzid == STOCKHOLM_TZID


def test_the_feeds_time_zone_stays_short_and_valid(stored):
    app, _ids = stored

    calendar = parse_calendar(app.test_client().get("/calendar/events.ics"))

    (timezone,) = calendar.walk("VTIMEZONE")
    assert timezone.walk("STANDARD") and timezone.walk("DAYLIGHT")
    assert len(calendar.to_ical()) < 10_000  # twenty years of clock changes, not eight thousand


@pytest.mark.parametrize("which", ["far", "early"])
def test_the_events_own_file_answers(stored, which):
    app, ids = stored

    calendar = parse_calendar(app.test_client().get(f"/events/{ids[which]}/calendar.ics"))

    (event,) = calendar.walk("VEVENT")
    assert event.decoded("DTSTART").year == (9999 if which == "far" else 1)
    assert calendar.walk("VTIMEZONE")[0].walk("STANDARD")


def test_the_personal_feed_answers(stored):
    app, ids = stored

    events = feed_events(parse_calendar(app.test_client().get(f"/calendar/personal/{ids['token']}.ics")))

    assert [event.summary for event in events.values()] == ["Dance in the year 9999"]


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        ("/events/{far}", "9999"),
        ("/events/{early}", "Dance in the year 1"),
        ("/events/{far}/register", "9999"),
        ("/events/", "Dance in the year 9999"),
        ("/", "Dance in the year 9999"),
        ("/neighbourhoods/sege-park", "Dance in the year 9999"),
        ("/my/registrations", "Dance in the year 9999"),
    ],
)
def test_the_pages_show_the_event(stored, path, shown):
    app, ids = stored
    client = app.test_client()
    log_in_directly(client, ids["resident"])

    response = client.get(path.format(**ids))

    assert response.status_code == 200
    assert shown in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "path",
    [
        "/staff/events/",
        "/staff/events/{far}/edit",
        "/staff/events/{early}/edit",
        "/staff/events/{far}/registrations",
        "/staff/events/{far}/checkin",
        "/staff/events/{far}/attendance-sheet",
        "/staff/events/{far}/registrations.csv",
        "/staff/events/{far}/series",
        "/staff/events/{far}/cancel",
        "/staff/",
    ],
)
def test_the_staff_pages_show_the_event(stored, path):
    app, ids = stored
    client = app.test_client()
    log_in_directly(client, ids["leader"])

    assert client.get(path.format(**ids)).status_code == 200


def test_saving_the_far_event_unchanged_asks_for_a_real_day(stored):
    app, ids = stored
    client = app.test_client()
    log_in_directly(client, ids["leader"])
    use_english(client)
    page = client.get(f"/staff/events/{ids['far']}/edit").get_data(as_text=True)
    assert re.search(r'name="start_date"[^>]*value="9999-12-31"', page)

    response = client.post(
        f"/staff/events/{ids['far']}/edit",
        data={
            "kind": "dance_workshop",
            "title": "Dance in the year 9999",
            "neighbourhood": str(ids["neighbourhood"]),
            "venue": "Library",
            "address": "Storgatan 1, Malmö",
            "start_date": "9999-12-31",
            "start_time": "18:00",
            "end_time": "20:00",
            "audience": "everyone",
        },
    )

    assert response.status_code == 422
    assert "Choose a day between the years 1900 and 2999." in response.get_data(as_text=True)
