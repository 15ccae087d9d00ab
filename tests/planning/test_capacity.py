"""Changing an event's capacity: never below the places already confirmed (refused with the number), and a
higher capacity lets waiting registrations in, in sign-up order, in the same transaction. On SQLite and
PostgreSQL, and under concurrent sign-ups."""

import pytest
from sqlalchemy import select

from dialogue.events.models import Event, EventStatus
from dialogue.extensions import db
from dialogue.permissions import Role
from dialogue.registrations.models import Registration
from tests.conftest import close_connections, make_app
from tests.factories import login, make_registration, make_user
from tests.planning.helpers import build_world, errors_on, event_form, snapshot
from tests.registrations.test_concurrency import run_together
from tests.support import arrange, client_at, look, use_english


def statuses(app, event_id: int) -> list[tuple[str, str]]:
    """(email, status) in sign-up order."""
    with look(app):
        return [
            (registration.email, registration.status.value)
            for registration in db.session.scalars(
                select(Registration).where(Registration.event_id == event_id).order_by(Registration.id)
            )
        ]


def places(app, event_id: int) -> tuple[int | None, int]:
    with look(app):
        event = db.session.get(Event, event_id)
        return event.capacity, event.places_taken


def world_with_queue(app, capacity: int, parties: list[tuple[str, int]]):
    """A published event with `capacity`; `parties` sign up in order, as (email, adults)."""
    world = build_world(app, capacity=capacity)
    with arrange(app):
        event = db.session.get(Event, world.event_id)
        for email, adults in parties:
            make_registration(event, email=email, adults=adults)
    return world


def staff_client(app, world):
    client = app.test_client()
    assert login(client, world.emails[Role.PROCESS_LEADER]).status_code == 302
    use_english(client)
    return client


# The event form's other values, chosen so that anyone can still register after the change.
OPEN_TO_EVERYONE = {
    "audience": "everyone",
    "registration_opens_date": "",
    "registration_opens_time": "",
    "registration_closes_date": "",
    "registration_closes_time": "",
}


def set_capacity(client, world, capacity: str):
    return client.post(
        f"/staff/events/{world.event_id}/edit", data=event_form(world, capacity=capacity, **OPEN_TO_EVERYONE)
    )


QUEUE = [
    ("a@example.se", 3),
    ("b@example.se", 3),
    ("c@example.se", 3),
    ("d@example.se", 3),
    ("e@example.se", 2),
    ("f@example.se", 1),
    ("g@example.se", 3),
]


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_a_capacity_below_the_confirmed_places_is_refused_with_the_number(request, database):
    app = request.getfixturevalue("app" if database == "sqlite" else "pg_app")
    world = world_with_queue(app, 12, QUEUE)  # a-d confirmed (12 places), e-g waiting
    client = staff_client(app, world)
    with look(app):
        before = snapshot(world.event_id)

    response = set_capacity(client, world, "11")

    assert response.status_code == 422
    assert errors_on(response.get_data(as_text=True), "capacity") == (
        "12 places are already confirmed: the event cannot have fewer places than that."
    )
    with look(app):
        assert snapshot(world.event_id) == before


def _details_with_capacity(app, event_id, capacity):
    from dialogue.planning.services import EventDetails

    event = db.session.get(Event, event_id)
    return EventDetails(
        kind=event.kind,
        title=event.title,
        neighbourhood_id=event.neighbourhood_id,
        venue=event.venue,
        address=event.address,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        capacity=capacity,
    )


def test_a_capacity_equal_to_the_confirmed_places_is_accepted(app):
    world = world_with_queue(app, 15, QUEUE)  # a-e confirmed: 14 places; f fits (15); g waits
    assert places(app, world.event_id) == (15, 15)
    assert set_capacity(staff_client(app, world), world, "15").status_code == 302
    assert places(app, world.event_id) == (15, 15)


def test_a_higher_capacity_promotes_waiting_registrations_in_sign_up_order(app):
    world = world_with_queue(app, 12, QUEUE)  # a-d confirmed; e (2), f (1), g (3) wait in that order
    client = staff_client(app, world)

    response = set_capacity(client, world, "14")

    assert response.status_code == 302
    # Two free places: e (2) moves up; f (1) does not fit any more and keeps its turn.
    assert statuses(app, world.event_id)[4:] == [
        ("e@example.se", "confirmed"),
        ("f@example.se", "waitlisted"),
        ("g@example.se", "waitlisted"),
    ]
    assert places(app, world.event_id) == (14, 14)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "1 registration moved up from the waiting list." in page


def test_a_party_too_large_for_the_new_places_keeps_its_turn_and_the_next_that_fits_moves_up(app):
    world = world_with_queue(app, 3, [("a@example.se", 3), ("b@example.se", 3), ("c@example.se", 1)])
    assert set_capacity(staff_client(app, world), world, "5").status_code == 302
    assert statuses(app, world.event_id) == [
        ("a@example.se", "confirmed"),
        ("b@example.se", "waitlisted"),
        ("c@example.se", "confirmed"),
    ]
    assert places(app, world.event_id) == (5, 4)


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_no_limit_lets_everyone_in(request, database):
    app = request.getfixturevalue("app" if database == "sqlite" else "pg_app")
    world = world_with_queue(app, 12, QUEUE)
    assert set_capacity(staff_client(app, world), world, "").status_code == 302
    assert {status for _, status in statuses(app, world.event_id)} == {"confirmed"}
    assert places(app, world.event_id) == (None, 18)


def test_a_cancelled_event_lets_nobody_in_when_its_capacity_rises(app):
    world = world_with_queue(app, 12, QUEUE)
    with arrange(app):
        db.session.get(Event, world.event_id).status = EventStatus.CANCELLED
    assert set_capacity(staff_client(app, world), world, "30").status_code == 302
    assert [status for _, status in statuses(app, world.event_id)][4:] == ["waitlisted"] * 3
    assert places(app, world.event_id) == (30, 12)


SIGN_UPS = 16


@pytest.fixture
def crowded_app(database_url):
    app = make_app(database_url, SQLALCHEMY_ENGINE_OPTIONS={"pool_size": SIGN_UPS + 4, "max_overflow": 0})
    yield app
    close_connections(app)


@pytest.mark.xdist_group("many-connections")
def test_lowering_the_capacity_while_people_sign_up_never_overbooks(crowded_app):
    """The edit and the sign-ups take the event's lock in turn: whichever order they get, the confirmed places
    never exceed the capacity, and a refusal names the places confirmed at that moment."""
    app = crowded_app
    world = world_with_queue(app, 10, [("a@example.se", 2), ("b@example.se", 2)])  # 4 of 10 taken
    staff = staff_client(app, world)
    residents = [client_at(app, f"198.51.100.{number + 1}") for number in range(SIGN_UPS)]

    def sign_up(number):
        return lambda: residents[number].post(
            f"/events/{world.event_id}/register",
            data={
                "contact_name": f"Resident {number}",
                "email": f"r{number}@example.se",
                "adults": "1",
                "children": "0",
                "interpreter_language": "",
                "access_note": "",
                "preferred_language": "sv",
            },
        )

    tasks = [sign_up(number) for number in range(SIGN_UPS)] + [lambda: set_capacity(staff, world, "6")]
    outcome = run_together(tasks)

    assert not outcome.errors, "\n".join(outcome.errors)
    *sign_ups, edit = outcome.results
    assert [response.status_code for response in sign_ups] == [302] * SIGN_UPS
    capacity, taken = places(app, world.event_id)
    confirmed = [email for email, status in statuses(app, world.event_id) if status == "confirmed"]
    with look(app):
        confirmed_places = sum(
            registration.party_size
            for registration in db.session.scalars(select(Registration).where(Registration.event_id == world.event_id))
            if registration.status.value == "confirmed"
        )
    assert taken == confirmed_places <= capacity
    if edit.status_code == 302:
        assert capacity == 6 and taken == 6  # lowered first, then the sign-ups filled what was left
    else:
        assert edit.status_code == 422 and capacity == 10 and taken == 10
        message = errors_on(edit.get_data(as_text=True), "capacity")
        number = int(message.split()[0])
        assert 6 < number <= 10  # the places confirmed when the edit got the lock
    assert len(confirmed) == taken - 2  # a and b are parties of two


def test_the_service_needs_no_form(app):
    """Callers without a form get the same rules: the end before the start is refused."""
    from datetime import timedelta

    from dialogue.planning.services import PlanningError, update_event

    world = build_world(app)
    with app.test_request_context():
        details = _details_with_capacity(app, world.event_id, 10)
        details.ends_at = details.starts_at - timedelta(minutes=1)
        user = make_user(Role.ADMIN)
        with pytest.raises(PlanningError) as refusal:
            update_event(world.event_id, details, editor=user)
        assert refusal.value.field == "end_time"
        db.session.rollback()
