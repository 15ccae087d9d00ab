"""Moving someone up from the waiting list by hand: out of turn, under the event's lock, only if the whole
party fits; otherwise refused with the number of places left, and nothing changes."""

from dialogue.events.models import Event, EventStatus
from dialogue.extensions import db
from tests.attendance.helpers import build_door, flashes, log_in_as, move_into_past
from tests.registrations.helpers import places_taken, statuses
from tests.support import arrange, use_english

# Amira's 3 and Björn's 3 fill the 6 places; Carla's 3 and Dana's 2 wait, in that order. Then two places are
# added (which, unlike a cancellation, moves nobody up by itself).
PEOPLE = (("Amira Hassan", 2, 1), ("Björn Svensson", 3, 0), ("Carla Ortiz", 3, 0), ("Dana Berg", 2, 0))


def _door(app, **options):
    door = build_door(app, capacity=6, people=PEOPLE, **options)
    with arrange(app):
        db.session.get(Event, door.event_id).capacity = 8
    return door


def _promote(client, door, name):
    return client.post(f"/staff/events/{door.event_id}/registrations/{door.registration_ids[name]}/promote")


def _by_name(app, door) -> dict[str, str]:
    by_email = statuses(app, door.event_id)
    return {name: by_email[email] for name, email in zip(door.registration_ids, by_email, strict=False)}


def test_a_party_that_fits_is_confirmed_out_of_turn(app, client):
    door = _door(app)
    log_in_as(client, door)
    use_english(client)
    response = _promote(client, door, "Dana Berg")
    assert "Dana Berg is moved up from the waiting list and confirmed." in flashes(client, response)
    assert _by_name(app, door) == {
        "Amira Hassan": "confirmed",
        "Björn Svensson": "confirmed",
        "Carla Ortiz": "waitlisted",
        "Dana Berg": "confirmed",
    }
    assert places_taken(app, door.event_id) == 8


def test_a_party_that_does_not_fit_is_refused_with_the_number_of_places_left(app, client):
    door = _door(app)
    log_in_as(client, door)
    use_english(client)
    response = _promote(client, door, "Carla Ortiz")
    assert "Carla Ortiz comes with a party of 3, but only 2 places are left." in flashes(client, response)
    assert _by_name(app, door)["Carla Ortiz"] == "waitlisted"
    assert places_taken(app, door.event_id) == 6


def test_an_unlimited_event_takes_anyone(app, client):
    door = _door(app)
    with arrange(app):
        db.session.get(Event, door.event_id).capacity = None
    log_in_as(client, door)
    assert _promote(client, door, "Carla Ortiz").status_code == 302
    assert _by_name(app, door)["Carla Ortiz"] == "confirmed"
    assert places_taken(app, door.event_id) == 9


def test_only_waiting_registrations_can_be_moved_up(app, client):
    door = _door(app)
    log_in_as(client, door)
    use_english(client)
    response = _promote(client, door, "Amira Hassan")
    assert "Amira Hassan is not on the waiting list." in flashes(client, response)
    assert places_taken(app, door.event_id) == 6


def test_refused_for_a_cancelled_or_past_event(app, client):
    door = _door(app)
    log_in_as(client, door)
    use_english(client)
    move_into_past(app, door.event_id)
    assert "The event has already taken place." in flashes(client, _promote(client, door, "Dana Berg"))
    with arrange(app):
        db.session.get(Event, door.event_id).status = EventStatus.CANCELLED
    assert "This event has been cancelled." in flashes(client, _promote(client, door, "Dana Berg"))
    assert _by_name(app, door)["Dana Berg"] == "waitlisted"
    assert places_taken(app, door.event_id) == 6


def test_promotion_on_postgresql_holds_the_event_lock(pg_app):
    """The same rule on PostgreSQL, where the event row is locked with SELECT ... FOR UPDATE."""
    from dialogue.attendance.services import AttendanceError, promote
    from tests.attendance.helpers import Door

    door: Door = _door(pg_app, roles=())
    with pg_app.app_context():
        try:
            promote(door.event_id, door.registration_ids["Carla Ortiz"], actor=None)
        except AttendanceError as error:
            assert "3" in str(error.message) and "2" in str(error.message)
        else:
            raise AssertionError("a party of 3 was moved up into 2 places")
        db.session.rollback()
        promote(door.event_id, door.registration_ids["Dana Berg"], actor=None)
        db.session.commit()
        assert db.session.get(Event, door.event_id).places_taken == 8
