"""The closing report: attendees default to the people checked in plus walk-ins, staff may correct them,
co-hosts are ticked to begin with, and saving marks the event as held (not before it starts, never when
cancelled; editing keeps it held)."""

import re

import pytest

from dialogue.attendance.models import ClosingReport, WalkIn
from dialogue.events.models import Event, EventStatus
from dialogue.extensions import db
from dialogue.organisations.models import OrganisationKind
from tests.attendance.helpers import build_door, event_status, log_in_as, move_into_past, report_count
from tests.factories import make_organisation
from tests.registrations.helpers import attributes, element_text, field_error
from tests.support import arrange, look, use_english


def _held_door(app):
    """An event that is over: Amira's 3 and Björn's 1 checked in, Carla's 2 not; walk-ins of 4 and 1."""
    door = build_door(app)
    with arrange(app):
        event = db.session.get(Event, door.event_id)
        host = make_organisation("MKB", OrganisationKind.PROPERTY_OWNER)
        guest = make_organisation("Seveds fritidsförening", OrganisationKind.ASSOCIATION)
        make_organisation("NCC", OrganisationKind.BUILDER)
        event.cohosts = [host]
        door.organisation_ids = {"MKB": host.id, "Seveds": guest.id}
        db.session.add_all([WalkIn(event_id=event.id, party_size=4), WalkIn(event_id=event.id, party_size=1)])
    move_into_past(app, door.event_id)
    return door


def _report_page(client, door):
    return client.get(f"/staff/events/{door.event_id}/report")


def _save(client, door, **data):
    return client.post(f"/staff/events/{door.event_id}/report", data=data)


def test_attendees_default_to_checked_in_people_plus_walk_ins_and_co_hosts_are_ticked(app, client):
    door = _held_door(app)
    log_in_as(client, door)
    use_english(client)
    for name in ("Amira Hassan", "Björn Svensson"):
        client.post(f"/staff/events/{door.event_id}/checkin/{door.registration_ids[name]}")
    response = _report_page(client, door)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert attributes(html, "attendees")["value"] == str(3 + 1 + 4 + 1)
    assert "Counted at the door: 9 people" in element_text(html, "counted")
    boxes = re.findall(r'<input [^>]*name="organisations"[^>]*>', html)
    assert len(boxes) == 3
    ticked = {int(re.search(r'value="(\d+)"', box).group(1)) for box in boxes if " checked" in box}
    assert ticked == {door.organisation_ids["MKB"]}


def test_saving_marks_the_event_held_and_editing_keeps_it_held(app, client):
    door = _held_door(app)
    log_in_as(client, door)
    use_english(client)
    organisations = [str(door.organisation_ids["MKB"]), str(door.organisation_ids["Seveds"])]
    response = _save(client, door, attendees="12", organisations=organisations, minutes="Benches by the pond.")
    assert response.status_code == 302
    assert event_status(app, door.event_id) == "held"
    with look(app):
        report = db.session.get(ClosingReport, door.event_id)
        assert report.attendees == 12 and report.minutes == "Benches by the pond."
        assert {organisation.id for organisation in report.organisations} == set(door.organisation_ids.values())
        assert report.created_by_id is not None

    html = _report_page(client, door).get_data(as_text=True)
    assert attributes(html, "attendees")["value"] == "12"  # the report's figure, no longer the count
    response = _save(client, door, attendees="0", organisations=[organisations[1]], minutes="")
    assert response.status_code == 302
    assert event_status(app, door.event_id) == "held" and report_count(app) == 1
    with look(app):
        report = db.session.get(ClosingReport, door.event_id)
        assert report.attendees == 0 and [o.id for o in report.organisations] == [door.organisation_ids["Seveds"]]


def test_the_report_waits_until_the_event_has_started(app, client):
    door = build_door(app)  # starts in a week
    log_in_as(client, door)
    use_english(client)
    page = _report_page(client, door).get_data(as_text=True)
    assert element_text(page, "refusal") == "The closing report can be written once the event has started."
    response = _save(client, door, attendees="5")
    assert response.status_code == 422
    assert event_status(app, door.event_id) == "published" and report_count(app) == 0


def test_an_event_that_has_started_may_be_reported_before_it_ends(app, client):
    door = build_door(app)
    move_into_past(app, door.event_id, started_hours_ago=1, ended_hours_ago=-1)
    log_in_as(client, door)
    assert _save(client, door, attendees="5").status_code == 302
    assert event_status(app, door.event_id) == "held"


def test_a_cancelled_event_is_refused(app, client):
    door = _held_door(app)
    with arrange(app):
        db.session.get(Event, door.event_id).status = EventStatus.CANCELLED
    log_in_as(client, door)
    use_english(client)
    response = _save(client, door, attendees="5")
    assert response.status_code == 422
    refusal = element_text(response.get_data(as_text=True), "refusal")
    assert refusal == "This event was cancelled, so it has no closing report."
    assert event_status(app, door.event_id) == "cancelled" and report_count(app) == 0


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"attendees": "-1"}, "attendees"),
        ({"attendees": "100001"}, "attendees"),
        ({"attendees": "99999999999999999999"}, "attendees"),
        ({"attendees": "lots"}, "attendees"),
        ({"attendees": ""}, "attendees"),
        ({"attendees": "5", "organisations": ["999999"]}, "organisations"),
        ({"attendees": "5", "organisations": ["MKB"]}, "organisations"),
        ({"attendees": "5", "minutes": "m" * 20_001}, "minutes"),
    ],
)
def test_bad_input_is_refused_next_to_the_field_and_nothing_is_written(app, client, data, field):
    door = _held_door(app)
    log_in_as(client, door)
    response = _save(client, door, **data)
    assert response.status_code == 422
    assert field_error(response, field)
    assert event_status(app, door.event_id) == "published" and report_count(app) == 0
