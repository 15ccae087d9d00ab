"""A series: copies every N weeks until a date, each a separate event at the same Stockholm clock time, also
across the changes to and from summer time; at most 52 at once; one series key for all of them."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from dialogue.events.models import Event, EventStatus
from dialogue.extensions import db
from dialogue.local_time import LOCAL_TIMEZONE
from dialogue.organisations.models import Organisation
from tests.factories import login, make_registration
from tests.planning.helpers import build_world, errors_on, event_count, snapshot, stockholm
from tests.support import arrange, look, use_english

# Sunday 14 March 2027, 18:00–20:00 in Malmö. The clocks go forward on Sunday 28 March 2027.
FIRST = stockholm(2027, 3, 14, 18)


def staff_for(app, **event_fields):
    fields = {"starts_at": FIRST, "ends_at": FIRST + timedelta(hours=2), **event_fields}
    world = build_world(app, **fields)
    client = app.test_client()
    assert login(client, world.emails[next(iter(world.emails))]).status_code == 302
    use_english(client)
    return world, client


def copies_of(event_id: int) -> list[Event]:
    return list(db.session.scalars(select(Event).where(Event.id != event_id).order_by(Event.starts_at)))


def local_clock(moment) -> str:
    return moment.astimezone(LOCAL_TIMEZONE).strftime("%Y-%m-%d %H:%M")


def test_a_weekly_series_across_the_change_to_summer_time_keeps_18_00(app):
    world, staff = staff_for(app)

    response = staff.post(
        f"/staff/events/{world.event_id}/series", data={"every_weeks": "1", "until": "2027-04-11", "status": "draft"}
    )

    assert response.status_code == 302
    with look(app):
        copies = copies_of(world.event_id)
        assert [local_clock(copy.starts_at) for copy in copies] == [
            "2027-03-21 18:00",
            "2027-03-28 18:00",
            "2027-04-04 18:00",
            "2027-04-11 18:00",
        ]
        assert [local_clock(copy.ends_at)[-5:] for copy in copies] == ["20:00"] * 4
        # In UTC the time moves: 17:00 in winter time, 16:00 from the last Sunday of March.
        assert [copy.starts_at.astimezone(LOCAL_TIMEZONE).utcoffset().seconds // 3600 for copy in copies] == [
            1,
            2,
            2,
            2,
        ]
        assert [copy.starts_at.hour for copy in copies] == [17, 16, 16, 16]


def test_a_series_across_the_change_to_winter_time_keeps_the_clock_time(app):
    start = stockholm(2027, 10, 20, 18)
    world, staff = staff_for(app, starts_at=start, ends_at=start + timedelta(hours=1, minutes=30))
    staff.post(f"/staff/events/{world.event_id}/series", data={"every_weeks": "1", "until": "2027-11-03"})
    with look(app):
        copies = copies_of(world.event_id)
        assert [local_clock(copy.starts_at) for copy in copies] == ["2027-10-27 18:00", "2027-11-03 18:00"]
        assert [copy.starts_at.hour for copy in copies] == [16, 17]
        assert [local_clock(copy.ends_at)[-5:] for copy in copies] == ["19:30", "19:30"]


def test_every_other_week_until_a_date_that_is_included(app):
    world, staff = staff_for(app)
    staff.post(f"/staff/events/{world.event_id}/series", data={"every_weeks": "2", "until": "2027-04-25"})
    with look(app):
        assert [local_clock(copy.starts_at)[:10] for copy in copies_of(world.event_id)] == [
            "2027-03-28",
            "2027-04-11",
            "2027-04-25",
        ]


def test_the_copies_are_separate_drafts_with_the_same_details_and_one_series_key(app):
    world, staff = staff_for(
        app,
        capacity=3,
        languages=("ar", "sv"),
        inclusive_method=True,
        inclusive_methods_note="Dance",
        registration_opens_at=FIRST - timedelta(days=10),
        registration_closes_at=FIRST - timedelta(hours=1),
    )
    with arrange(app):
        event = db.session.get(Event, world.event_id)
        event.cohosts = [db.session.get(Organisation, world.organisation_ids[0])]
        event.registration_opens_at = None  # registration is open now, so the test can register
        make_registration(event, adults=2)
        event.registration_opens_at = FIRST - timedelta(days=10)

    response = staff.post(f"/staff/events/{world.event_id}/series", data={"every_weeks": "1", "until": "2027-03-28"})

    assert response.status_code == 302
    with look(app):
        original = db.session.get(Event, world.event_id)
        copies = copies_of(world.event_id)
        assert len(copies) == 2 and original.series_key and len(original.series_key) == 32
        assert response.headers["Location"].endswith(f"/staff/events/?series={original.series_key}")
        for copy in copies:
            assert copy.series_key == original.series_key
            assert copy.status == EventStatus.DRAFT
            assert copy.title == original.title and copy.capacity == 3 and copy.places_taken == 0
            assert copy.language_codes == ["ar", "sv"]
            assert [organisation.id for organisation in copy.cohosts] == [world.organisation_ids[0]]
            assert copy.inclusive_method and copy.inclusive_methods_note == "Dance"
            # The registration window moves with the event.
            assert copy.registration_opens_at.astimezone(LOCAL_TIMEZONE).time() == (
                original.registration_opens_at.astimezone(LOCAL_TIMEZONE).time()
            )
            assert copy.starts_at - copy.registration_closes_at == timedelta(hours=1)
        assert original.places_taken == 2


def test_the_copies_can_be_published_at_once(app):
    world, staff = staff_for(app)
    staff.post(
        f"/staff/events/{world.event_id}/series",
        data={"every_weeks": "1", "until": "2027-03-28", "status": "published"},
    )
    with look(app):
        assert {copy.status for copy in copies_of(world.event_id)} == {EventStatus.PUBLISHED}


def test_an_event_already_in_a_series_lends_its_key(app):
    world, staff = staff_for(app, series_key="b" * 32)
    staff.post(f"/staff/events/{world.event_id}/series", data={"every_weeks": "1", "until": "2027-03-21"})
    with look(app):
        assert [copy.series_key for copy in copies_of(world.event_id)] == ["b" * 32]


def test_52_events_at_once_are_allowed(app):
    world, staff = staff_for(app)
    last = (FIRST + timedelta(weeks=52)).date().isoformat()
    assert (
        staff.post(f"/staff/events/{world.event_id}/series", data={"every_weeks": "1", "until": last}).status_code
        == 302
    )
    with look(app):
        assert event_count() == 53
        assert local_clock(copies_of(world.event_id)[-1].starts_at) == "2028-03-12 18:00"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"every_weeks": "1", "until": "2028-03-19"},
            "until",
            "That would make 53 events; at most 52 can be made at once. Choose an earlier end date.",
        ),
        (
            {"every_weeks": "1", "until": "2029-03-14"},
            "until",
            "That would make 104 events; at most 52 can be made at once. Choose an earlier end date.",
        ),
        ({"every_weeks": "1", "until": "9999-12-31"}, "until", None),
        (
            {"every_weeks": "1", "until": "2027-03-20"},
            "until",
            "The series would have no events: the first would be on March 21, 2027. Choose that day or later.",
        ),
        ({"every_weeks": "1", "until": "2027-01-01"}, "until", None),
        ({"every_weeks": "1", "until": ""}, "until", "Write the date of the last event."),
        ({"every_weeks": "1", "until": "2027-02-29"}, "until", "Write a date that exists, like 2026-12-24."),
        ({"every_weeks": "0", "until": "2027-04-11"}, "every_weeks", "Every 1 to 12 weeks."),
        ({"every_weeks": "13", "until": "2027-12-11"}, "every_weeks", "Every 1 to 12 weeks."),
        ({"every_weeks": "-1", "until": "2027-04-11"}, "every_weeks", "Every 1 to 12 weeks."),
        ({"every_weeks": "", "until": "2027-04-11"}, "every_weeks", "Write how many weeks apart the events are."),
        ({"every_weeks": "weekly", "until": "2027-04-11"}, "every_weeks", "Write a whole number, like 2."),
        ({"every_weeks": "1", "until": "2027-04-11", "status": "held"}, "status", None),
    ],
)
def test_a_bad_series_is_refused_and_nothing_is_created(app, data, field, message):
    world, staff = staff_for(app)
    with look(app):
        before = snapshot(world.event_id)

    response = staff.post(f"/staff/events/{world.event_id}/series", data=data)

    assert response.status_code == 422
    error = errors_on(response.get_data(as_text=True), field)
    assert error
    if message:
        assert error == message
    with look(app):
        assert event_count() == 1
        assert snapshot(world.event_id) == before  # the original did not get a series key either


def test_a_clock_time_that_a_repetition_skips_is_refused(app):
    # 02:30 exists on 21 March but not on 28 March 2027, when the clocks jump from 02:00 to 03:00.
    start = stockholm(2027, 3, 21, 2, 30)
    world, staff = staff_for(app, starts_at=start, ends_at=start + timedelta(hours=1))
    response = staff.post(f"/staff/events/{world.event_id}/series", data={"every_weeks": "1", "until": "2027-04-04"})
    assert response.status_code == 422
    assert "28 March 2027" in errors_on(response.get_data(as_text=True), "until") or "March 28, 2027" in errors_on(
        response.get_data(as_text=True), "until"
    )
    with look(app):
        assert event_count() == 1


def test_the_list_shows_the_series(app):
    world, staff = staff_for(app)
    response = staff.post(f"/staff/events/{world.event_id}/series", data={"every_weeks": "1", "until": "2027-03-28"})
    page = staff.get(response.headers["Location"])
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'id="series-notice"' in html
    assert "3 events found" in html
