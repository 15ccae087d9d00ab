"""Creating and editing an event with every field: local times stored as UTC, co-hosts, languages, the
inclusive-method flag, and the revision raised when the time or the place changes."""

from datetime import UTC

import pytest
from sqlalchemy import select

from dialogue.events.models import Audience, Event, EventKind, EventStatus
from dialogue.extensions import db
from tests.planning.helpers import event_count, event_form, stockholm
from tests.support import look


def newest_event() -> Event:
    return db.session.scalars(select(Event).order_by(Event.id.desc()).limit(1)).one()


def test_a_new_event_is_a_draft_with_every_field_stored(app, staff, world):
    response = staff.post("/staff/events/new", data=event_form(world))

    assert response.status_code == 302
    with look(app):
        event = newest_event()
        assert response.headers["Location"].endswith(f"/staff/events/{event.id}/edit")
        assert event.status == EventStatus.DRAFT
        assert event.kind == EventKind.DANCE_WORKSHOP
        assert event.title == "Dance the square"
        assert event.description.startswith("Children show") and "\n\nBring" in event.description
        assert event.neighbourhood_id == world.other_neighbourhood_id
        assert (event.venue, event.address) == ("Sege Park pavilion", "Sege Park 1, Malmö")
        assert event.accessibility_info == "Step-free entrance."
        # 17:30 in Stockholm in May is summer time, UTC+2.
        assert event.starts_at == stockholm(2027, 5, 12, 17, 30) and event.starts_at.hour == 15
        assert event.ends_at == stockholm(2027, 5, 12, 19, 0)
        assert event.starts_at.tzinfo is not None and event.starts_at.utcoffset() == UTC.utcoffset(None)
        assert event.capacity == 30 and event.places_taken == 0 and event.waitlist_enabled is True
        assert event.registration_opens_at == stockholm(2027, 4, 1, 9, 0)
        assert event.registration_closes_at == stockholm(2027, 5, 11, 23, 0)
        assert event.audience == Audience.CHILDREN_WITH_GUARDIAN
        assert event.language_codes == ["ar", "sv"]
        assert [organisation.id for organisation in event.cohosts] == [world.organisation_ids[1]]
        assert event.inclusive_method is True and event.inclusive_methods_note == "Dance, and an Arabic interpreter."
        assert event.revision == 0 and event.series_key is None
        assert event.created_by_id is not None


def test_optional_fields_may_be_left_empty(app, staff, world):
    data = event_form(
        world,
        description="",
        accessibility_info="",
        capacity="",
        waitlist_enabled=None,
        registration_opens_date="",
        registration_opens_time="",
        registration_closes_date="",
        registration_closes_time="",
        languages=None,
        cohosts=None,
        inclusive_method=None,
        inclusive_methods_note="",
    )
    assert staff.post("/staff/events/new", data=data).status_code == 302
    with look(app):
        event = newest_event()
        assert event.capacity is None and event.waitlist_enabled is False
        assert event.registration_opens_at is None and event.registration_closes_at is None
        assert event.language_codes == [] and event.cohosts == []
        assert event.inclusive_method is False and event.inclusive_methods_note == ""


def test_an_event_over_midnight_has_an_end_date(app, staff, world):
    data = event_form(world, start_time="22:00", end_date="2027-05-13", end_time="01:00")
    assert staff.post("/staff/events/new", data=data).status_code == 302
    with look(app):
        event = newest_event()
        assert event.ends_at == stockholm(2027, 5, 13, 1, 0)


def test_a_winter_time_is_stored_an_hour_later_in_utc_than_summer_time(app, staff, world):
    data = event_form(
        world,
        start_date="2027-01-20",
        start_time="18:00",
        end_time="20:00",
        registration_opens_date="",
        registration_opens_time="",
        registration_closes_date="",
        registration_closes_time="",
    )
    assert staff.post("/staff/events/new", data=data).status_code == 302
    with look(app):
        assert newest_event().starts_at.hour == 17  # UTC+1 in January


def test_the_edit_form_shows_the_stored_values_in_stockholm_time(app, staff, world):
    staff.post("/staff/events/new", data=event_form(world))
    with look(app):
        event_id = newest_event().id
    html = staff.get(f"/staff/events/{event_id}/edit").get_data(as_text=True)
    for expected in (
        'value="2027-05-12"',
        'value="17:30"',
        'value="19:00"',
        'value="30"',
        'value="Dance the square"',
        'value="2027-04-01"',
        'value="09:00"',
        'value="2027-05-11"',
        'value="23:00"',
    ):
        assert expected in html
    assert 'id="end_date" name="end_date" type="date" value=""' in html


def test_saving_the_edit_form_unchanged_changes_nothing(app, staff, world):
    staff.post("/staff/events/new", data=event_form(world))
    with look(app):
        event_id = newest_event().id
    assert staff.post(f"/staff/events/{event_id}/edit", data=event_form(world)).status_code == 302
    with look(app):
        event = db.session.get(Event, event_id)
        assert event.revision == 0 and event.starts_at == stockholm(2027, 5, 12, 17, 30)
        assert event.language_codes == ["ar", "sv"]


def test_editing_changes_every_field(app, staff, world):
    changed = event_form(
        world,
        kind="lunch_seminar",
        title="Lunch with the builders",
        description="Sandwiches.",
        neighbourhood=str(world.neighbourhood_id),
        venue="Town hall",
        address="Stortorget 2",
        accessibility_info="Lift.",
        start_date="2027-06-01",
        start_time="12:00",
        end_time="13:00",
        capacity="15",
        waitlist_enabled=None,
        registration_opens_date="",
        registration_opens_time="",
        registration_closes_date="2027-05-31",
        registration_closes_time="12:00",
        audience="property_owners_and_builders",
        languages=["en", "fi"],
        cohosts=[str(world.organisation_ids[0]), str(world.organisation_ids[1])],
        inclusive_method=None,
        inclusive_methods_note="",
    )
    assert staff.post(f"/staff/events/{world.event_id}/edit", data=changed).status_code == 302
    with look(app):
        event = db.session.get(Event, world.event_id)
        assert event.kind == EventKind.LUNCH_SEMINAR and event.title == "Lunch with the builders"
        assert event.description == "Sandwiches." and event.neighbourhood_id == world.neighbourhood_id
        assert (event.venue, event.address, event.accessibility_info) == ("Town hall", "Stortorget 2", "Lift.")
        assert event.starts_at == stockholm(2027, 6, 1, 12) and event.ends_at == stockholm(2027, 6, 1, 13)
        assert event.capacity == 15 and event.waitlist_enabled is False
        assert event.registration_opens_at is None and event.registration_closes_at == stockholm(2027, 5, 31, 12)
        assert event.audience == Audience.PROPERTY_OWNERS_AND_BUILDERS
        assert event.language_codes == ["en", "fi"]
        assert sorted(organisation.id for organisation in event.cohosts) == sorted(world.organisation_ids)
        assert event.inclusive_method is False
        assert event.status == EventStatus.PUBLISHED  # editing keeps the status
        assert event.revision == 1
        assert event_count() == 1


@pytest.mark.parametrize(
    ("change", "raised"),
    [
        ({"start_time": "18:00", "end_time": "19:30"}, True),
        ({"end_time": "20:00"}, True),
        ({"start_date": "2027-05-13"}, True),
        ({"venue": "Another pavilion"}, True),
        ({"address": "Sege Park 2, Malmö"}, True),
        ({"neighbourhood": "first"}, True),
        ({"title": "A new title"}, False),
        ({"description": "Other words."}, False),
        ({"capacity": "40"}, False),
        ({"languages": ["sv"]}, False),
    ],
)
def test_the_revision_rises_when_the_time_or_place_changes(app, staff, world, change, raised):
    staff.post("/staff/events/new", data=event_form(world))
    with look(app):
        event_id = newest_event().id
    if change.get("neighbourhood") == "first":
        change = {"neighbourhood": str(world.neighbourhood_id)}
    assert staff.post(f"/staff/events/{event_id}/edit", data=event_form(world, **change)).status_code == 302
    with look(app):
        assert db.session.get(Event, event_id).revision == (1 if raised else 0)


def test_a_time_that_happens_twice_in_autumn_means_the_first_one(app, staff, world):
    # On 31 October 2027 the clocks go back from 03:00 to 02:00: 02:30 happens in summer time first.
    data = event_form(
        world,
        start_date="2027-10-31",
        start_time="02:30",
        end_time="04:00",
        registration_opens_date="",
        registration_opens_time="",
        registration_closes_date="",
        registration_closes_time="",
    )
    assert staff.post("/staff/events/new", data=data).status_code == 302
    with look(app):
        event = newest_event()
        assert (event.starts_at.hour, event.starts_at.minute) == (0, 30)  # 02:30 at UTC+2
        assert event.ends_at.hour == 3  # 04:00 at UTC+1


def test_the_public_page_links_staff_to_the_edit_page(app, client, staff, world):
    html = staff.get(f"/events/{world.event_id}").get_data(as_text=True)
    assert f'href="/staff/events/{world.event_id}/edit"' in html


def test_residents_see_no_edit_link(app, world):
    html = app.test_client().get(f"/events/{world.event_id}").get_data(as_text=True)
    assert "/staff/events/" not in html


def test_the_staff_menu_links_to_event_management(staff):
    assert 'href="/staff/events/"' in staff.get("/").get_data(as_text=True)
