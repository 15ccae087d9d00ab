"""An event's .ics download: the right event in Stockholm time, stable UID, SEQUENCE, cancellation, drafts hidden."""

from datetime import UTC, datetime, timedelta

from dialogue.calendars.views import filename_slug
from dialogue.events.models import Event, EventStatus
from dialogue.extensions import db
from dialogue.local_time import LOCAL_TIMEZONE
from dialogue.permissions import Role
from tests.calendars.helpers import STOCKHOLM_TZID, feed_events, parse_calendar, timezone_ids, uid_of
from tests.factories import login, make_event, make_user
from tests.registrations.helpers import attributes
from tests.support import arrange

STOCKHOLM = LOCAL_TIMEZONE
# 17:30 in Malmö on a winter day and on a summer day: UTC+1 and UTC+2.
WINTER_START = datetime(2031, 1, 14, 16, 30, tzinfo=UTC)
SUMMER_START = datetime(2031, 6, 10, 15, 30, tzinfo=UTC)


def only_event(response):
    events = feed_events(parse_calendar(response))
    assert len(events) == 1
    return next(iter(events.values()))


def test_the_download_is_the_event_in_stockholm_time(app, client):
    with arrange(app):
        event = make_event(
            title="Dansworkshop på Seved",
            venue="Seveds fritidsgård",
            address="Rasmusgatan 7, Malmö",
            starts_at=WINTER_START,
        )
        event_id = event.id

    response = client.get(f"/events/{event_id}/calendar.ics")

    assert response.headers["Content-Disposition"] == 'attachment; filename="dansworkshop-pa-seved.ics"'
    calendar = parse_calendar(response)
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert timezone_ids(calendar) == {STOCKHOLM_TZID}
    entry = only_event(response)
    assert entry.uid == uid_of(event_id)
    assert entry.summary == "Dansworkshop på Seved"
    assert entry.start_tzid == STOCKHOLM_TZID
    assert entry.start == WINTER_START
    assert (entry.start.hour, entry.start.minute) == (17, 30)  # as the clock on the wall in Malmö shows it
    assert entry.location == "Seveds fritidsgård, Rasmusgatan 7, Malmö"
    assert entry.url == f"http://localhost/events/{event_id}"
    assert entry.status == "CONFIRMED"
    assert entry.sequence == 0
    assert entry.has_dtstamp


def test_summer_time_is_kept_by_the_timezone(app, client):
    with arrange(app):
        event_id = make_event(starts_at=SUMMER_START).id

    entry = only_event(client.get(f"/events/{event_id}/calendar.ics"))

    assert entry.start == SUMMER_START
    assert entry.start.utcoffset() == timedelta(hours=2)
    assert (entry.start.hour, entry.start.minute) == (17, 30)


def test_an_edit_keeps_the_uid_and_raises_the_sequence(app, client):
    with arrange(app):
        event_id = make_event(title="Walk in Lindängen", starts_at=WINTER_START).id
    before = only_event(client.get(f"/events/{event_id}/calendar.ics"))

    with arrange(app):
        event = db.session.get(Event, event_id)
        event.title = "Walk in Lindängen (new time)"
        event.starts_at = WINTER_START + timedelta(days=1, hours=1)
        event.ends_at = event.starts_at + timedelta(hours=2)
        event.revision += 1
    after = only_event(client.get(f"/events/{event_id}/calendar.ics"))

    assert after.uid == before.uid
    assert after.sequence > before.sequence
    assert after.summary == "Walk in Lindängen (new time)"
    assert after.start == WINTER_START + timedelta(days=1, hours=1)


def test_a_cancelled_event_says_so(app, client):
    with arrange(app):
        event_id = make_event(
            status=EventStatus.CANCELLED, revision=2, cancellation_message="The hall is flooded; we meet in May."
        ).id

    response = client.get(f"/events/{event_id}/calendar.ics")

    component = parse_calendar(response).walk("VEVENT")[0]
    assert str(component["STATUS"]) == "CANCELLED"
    assert int(component["SEQUENCE"]) == 2
    assert "The hall is flooded; we meet in May." in str(component["DESCRIPTION"])


def test_a_draft_is_not_found_except_by_staff(app):
    with arrange(app):
        event_id = make_event(status=EventStatus.DRAFT, title="Secret plans").id
        resident = make_user(Role.RESIDENT).email
        leader = make_user(Role.PROCESS_LEADER).email
    anonymous, as_resident, as_leader = app.test_client(), app.test_client(), app.test_client()
    login(as_resident, resident)
    login(as_leader, leader)

    assert anonymous.get(f"/events/{event_id}/calendar.ics").status_code == 404
    assert as_resident.get(f"/events/{event_id}/calendar.ics").status_code == 404
    staff_copy = as_leader.get(f"/events/{event_id}/calendar.ics")
    assert only_event(staff_copy).summary == "Secret plans"
    assert "private" in staff_copy.headers["Cache-Control"]


def test_an_unknown_event_is_not_found(client):
    assert client.get("/events/987654/calendar.ics").status_code == 404


def test_the_event_page_links_to_the_download(app, client):
    with arrange(app):
        event_id = make_event().id

    page = client.get(f"/events/{event_id}").get_data(as_text=True)

    link = attributes(page, "add-to-calendar")
    assert link is not None
    # The link names the page's language: the file is in it, and a cache keeps the languages apart.
    assert link["href"] == f"/events/{event_id}/calendar.ics?lang=sv"
    assert client.get(link["href"]).status_code == 200


def test_an_unchanged_event_answers_not_modified(app, client):
    with arrange(app):
        event_id = make_event().id
    first = client.get(f"/events/{event_id}/calendar.ics")

    again = client.get(f"/events/{event_id}/calendar.ics", headers={"If-None-Match": first.headers["ETag"]})
    with arrange(app):
        db.session.get(Event, event_id).venue = "Town hall"
    changed = client.get(f"/events/{event_id}/calendar.ics", headers={"If-None-Match": first.headers["ETag"]})

    assert again.status_code == 304
    assert changed.status_code == 200
    assert only_event(changed).location.startswith("Town hall")
    assert "public" in first.headers["Cache-Control"]


def test_file_names_are_plain_ascii():
    assert filename_slug("Dansworkshop på Seved!") == "dansworkshop-pa-seved"
    assert filename_slug("Lunchseminarium: Östervärn & Sege Park") == "lunchseminarium-ostervarn-sege-park"
    assert filename_slug("حوار المواطنين") == "event"
    assert len(filename_slug("x" * 500)) <= 60


def test_a_title_with_a_line_break_still_makes_a_valid_calendar(app):
    from icalendar import Calendar

    from dialogue.events.ics import event_calendar
    from tests.factories import make_event

    with app.test_request_context():
        event = make_event(title="Kväll i parken\r\nBcc: x@example.se")
        calendar = Calendar.from_ical(event_calendar(event))
    assert str(calendar["X-WR-CALNAME"]) == "Kväll i parken Bcc: x@example.se"
    assert str(calendar.walk("VEVENT")[0]["SUMMARY"]).startswith("Kväll i parken")


def test_each_file_carries_the_timezone_of_its_own_years_as_icalendar_writes_it(app):
    from datetime import date

    from icalendar import Calendar

    from dialogue.events.ics import calendar_of
    from tests.factories import make_event

    with app.test_request_context():
        soon = make_event(starts_at=WINTER_START, description="A line that reads\nBEGIN:VEVENT")
        later = make_event(starts_at=SUMMER_START + timedelta(days=3 * 365))
        files = [calendar_of([soon], "Soon"), calendar_of([soon, later], "Both"), calendar_of([later], "Later")]

    spans = ((2031, 2033), (2031, 2036), (2034, 2036))
    for written, (first_year, last_year) in zip(files, spans, strict=True):
        # The same bytes as icalendar's own add_missing_timezones gives for the years the events need.
        calendar = Calendar.from_ical(written)
        calendar.subcomponents = [part for part in calendar.subcomponents if part.name != "VTIMEZONE"]
        calendar.add_missing_timezones(first_date=date(first_year, 1, 1), last_date=date(last_year, 1, 1))
        assert calendar.to_ical() == written
        assert [part.name for part in Calendar.from_ical(written).subcomponents][0] == "VTIMEZONE"
