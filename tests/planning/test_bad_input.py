"""Bad input to the event form: a message next to the field (status 422), and nothing created or changed."""

import pytest

from tests.planning.helpers import errors_on, event_count, event_form, snapshot
from tests.support import look, use_english

NO_REGISTRATION_WINDOW = {
    "registration_opens_date": "",
    "registration_opens_time": "",
    "registration_closes_date": "",
    "registration_closes_time": "",
}

# (overrides, the field whose message says what is wrong, that message or None to only require one)
BAD_INPUT = [
    ({"title": ""}, "title", "Write a title."),
    ({"title": "   "}, "title", "Write a title."),
    ({"title": "x" * 161}, "title", "At most 160 characters."),
    ({"description": "x" * 5001}, "description", "At most 5000 characters."),
    ({"venue": ""}, "venue", "Write where the event takes place."),
    ({"venue": "x" * 161}, "venue", "At most 160 characters."),
    ({"address": " "}, "address", "Write the address."),
    ({"address": "x" * 201}, "address", "At most 200 characters."),
    ({"accessibility_info": "x" * 1001}, "accessibility_info", "At most 1000 characters."),
    ({"neighbourhood": ""}, "neighbourhood", "Choose a neighbourhood."),
    ({"neighbourhood": "999999"}, "neighbourhood", None),
    ({"neighbourhood": "abc"}, "neighbourhood", None),
    ({"kind": "party"}, "kind", None),
    ({"audience": "nobody"}, "audience", None),
    ({"start_date": ""}, "start_date", "Write the date of the event."),
    ({"start_date": "2027-02-30"}, "start_date", "Write a date that exists, like 2026-12-24."),
    ({"start_date": "12/05/2027"}, "start_date", "Write a date that exists, like 2026-12-24."),
    ({"start_time": ""}, "start_time", "Write when the event starts."),
    ({"start_time": "25:00"}, "start_time", "Write a time like 18:00."),
    ({"start_time": "six"}, "start_time", "Write a time like 18:00."),
    ({"end_time": ""}, "end_time", "Write when the event ends."),
    ({"end_time": "17:00"}, "end_time", "The event must end after it starts."),
    ({"end_time": "17:30"}, "end_time", "The event must end after it starts."),
    ({"end_date": "2027-05-11", "end_time": "20:00"}, "end_time", "The event must end after it starts."),
    ({"end_date": "2027-13-01"}, "end_date", "Write a date that exists, like 2026-12-24."),
    # The clocks jump from 02:00 to 03:00 on the last Sunday of March.
    (
        {"start_date": "2027-03-28", "start_time": "02:30", "end_time": "04:00", **NO_REGISTRATION_WINDOW},
        "start_time",
        ("02:30 does not exist on March 28, 2027: the clocks are put forward an hour that night. Choose another time."),
    ),
    (
        {
            "start_date": "2027-03-27",
            "start_time": "23:00",
            "end_date": "2027-03-28",
            "end_time": "02:15",
            **NO_REGISTRATION_WINDOW,
        },
        "end_time",
        None,
    ),
    ({"capacity": "0"}, "capacity", "Between 1 and 10000 places, or leave it empty for no limit."),
    ({"capacity": "-5"}, "capacity", "Between 1 and 10000 places, or leave it empty for no limit."),
    ({"capacity": "10001"}, "capacity", "Between 1 and 10000 places, or leave it empty for no limit."),
    ({"capacity": "99999999999999999999"}, "capacity", "Between 1 and 10000 places, or leave it empty for no limit."),
    ({"capacity": "2.5"}, "capacity", "Write a whole number, like 2."),
    ({"capacity": "many"}, "capacity", "Write a whole number, like 2."),
    ({"registration_closes_date": "2027-03-31"}, "registration_closes_time", "Registration must close after it opens."),
    (
        {"registration_closes_date": "2027-04-01", "registration_closes_time": "09:00"},
        "registration_closes_time",
        "Registration must close after it opens.",
    ),
    (
        {
            "registration_opens_date": "2027-05-12",
            "registration_opens_time": "18:00",
            "registration_closes_date": "",
            "registration_closes_time": "",
        },
        "registration_opens_time",
        "Registration must open before the event starts.",
    ),
    ({"registration_opens_time": ""}, "registration_opens_time", "Write a time as well, like 09:00."),
    ({"registration_closes_date": ""}, "registration_closes_time", "Write a date as well, or leave the time empty."),
    (
        {"registration_opens_date": "2027-04-31"},
        "registration_opens_date",
        "Write a date that exists, like 2026-12-24.",
    ),
    ({"registration_opens_date": "2027-03-28", "registration_opens_time": "02:10"}, "registration_opens_time", None),
    (
        {"inclusive_methods_note": ""},
        "inclusive_methods_note",
        "Describe the inclusive methods, for example dance or an interpreter.",
    ),
    (
        {"inclusive_method": None},
        "inclusive_methods_note",
        "Tick “Inclusive methods” as well, or leave the description empty.",
    ),
    ({"inclusive_methods_note": "x" * 501}, "inclusive_methods_note", "At most 500 characters."),
    ({"languages": ["sv", "xx"]}, "languages", None),
    ({"cohosts": ["999999"]}, "cohosts", None),
    ({"cohosts": ["not-a-number"]}, "cohosts", None),
]


@pytest.fixture
def staff(staff):
    use_english(staff)
    return staff


def _check_refusal(response, field, message):
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    error = errors_on(html, field)
    assert error, f"no message next to {field}"
    if message:
        assert error == message
    assert 'id="error-summary"' in html


@pytest.mark.parametrize(("overrides", "field", "message"), BAD_INPUT)
def test_a_new_event_with_bad_input_is_refused_and_nothing_is_created(app, staff, world, overrides, field, message):
    response = staff.post("/staff/events/new", data=event_form(world, **overrides))
    _check_refusal(response, field, message)
    with look(app):
        assert event_count() == 1


@pytest.mark.parametrize(("overrides", "field", "message"), BAD_INPUT)
def test_an_edit_with_bad_input_is_refused_and_changes_nothing(app, staff, world, overrides, field, message):
    with look(app):
        before = snapshot(world.event_id)
    response = staff.post(f"/staff/events/{world.event_id}/edit", data=event_form(world, **overrides))
    _check_refusal(response, field, message)
    with look(app):
        assert snapshot(world.event_id) == before


def test_every_mistake_is_shown_at_once(staff, world):
    data = event_form(world, title="", venue="", end_time="10:00", capacity="0")
    html = staff.post("/staff/events/new", data=data).get_data(as_text=True)
    for field in ("title", "venue", "end_time", "capacity"):
        assert errors_on(html, field), field


def test_what_was_typed_is_kept_after_a_refusal(staff, world):
    html = staff.post("/staff/events/new", data=event_form(world, capacity="many", start_time="25:00")).get_data(
        as_text=True
    )
    assert 'value="many"' in html and 'value="25:00"' in html and 'value="Dance the square"' in html
    assert 'aria-invalid="true"' in html
