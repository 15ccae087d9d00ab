"""No overbooking under concurrent sign-ups, on SQLite and on PostgreSQL.

Every sign-up runs in its own thread, through its own test client, so it has its own app context, session
and pooled connection; a barrier releases them together. The engine's pool is as large as the crowd, so no
thread waits for a connection and all of them really contend for the event at once.

The outcome is checked against a replay: registrations are numbered (ids) in the order they got the event's
lock, so handing out the places one by one in id order must give exactly the statuses that were stored.
A run that lost an update (two sign-ups both seeing the same free places) would differ from the replay,
and on SQLite a deferred transaction upgraded to a writer would fail with "database is locked".
"""

import re
import threading
import time
import traceback
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from dialogue.events.models import Event
from dialogue.extensions import db
from dialogue.outbox.models import OutboxMessage
from dialogue.registrations.models import Registration
from tests.conftest import close_connections, make_app
from tests.factories import make_event, make_registration
from tests.registrations.helpers import form_data, page_text
from tests.support import arrange, client_at, use_english

SIGN_UPS = 50
READERS = 6  # page views racing the sign-ups: reads must not fail either
# (adults, children): parties of 1 to 3 people, in a fixed mix.
PARTIES = ((1, 0), (2, 0), (1, 2), (1, 1), (3, 0), (2, 1), (1, 0))
THREAD_TIMEOUT_SECONDS = 120

# A connection for every thread: under pytest-xdist (--dist loadgroup) these tests take turns in one worker with
# the other tests that hold many connections, so that together they stay below PostgreSQL's max_connections.
pytestmark = pytest.mark.xdist_group("many-connections")


@pytest.fixture
def crowded_app(database_url):
    """The app on a file SQLite database or on PostgreSQL, with a connection for every thread."""
    app = make_app(
        database_url,
        SQLALCHEMY_ENGINE_OPTIONS={"pool_size": SIGN_UPS + READERS + 4, "max_overflow": 0, "pool_pre_ping": True},
    )
    yield app
    close_connections(app)


@dataclass
class Outcome:
    results: list
    errors: list[str]


def run_together(tasks) -> Outcome:
    """Run each task in its own thread, all released at once by a barrier; collect results and errors."""
    barrier = threading.Barrier(len(tasks))
    results = [None] * len(tasks)
    errors: list[str] = []

    def run(index, task):
        try:
            barrier.wait(timeout=THREAD_TIMEOUT_SECONDS)
            results[index] = task()
        except BaseException:  # noqa: BLE001 - any failure in a thread is a failed request
            errors.append(traceback.format_exc())

    threads = [threading.Thread(target=run, args=(index, task)) for index, task in enumerate(tasks)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + THREAD_TIMEOUT_SECONDS  # a guard against a hang, not a timing check
    for thread in threads:
        thread.join(max(deadline - time.monotonic(), 0))
    assert not any(thread.is_alive() for thread in threads), "threads still running: a lock was never released"
    return Outcome(results, errors)


def sign_up_task(app, event_id: int, number: int, on_done=None):
    adults, children = PARTIES[number % len(PARTIES)]
    client = client_at(app, f"198.51.100.{number + 1}")  # made here, before the barrier: each thread has its own

    def task():
        response = client.post(
            f"/events/{event_id}/register",
            data=form_data(
                contact_name=f"Resident {number}",
                email=f"resident{number}@example.se",
                adults=str(adults),
                children=str(children),
            ),
        )
        if on_done:
            on_done()
        return ("sign-up", number, response.status_code, response.headers.get("Location"))

    return task


def read_task(app, event_id: int):
    client = app.test_client()

    def task():
        return ("read", None, client.get(f"/events/{event_id}").status_code, None)

    return task


def assert_no_request_failed(outcome: Outcome) -> dict[str, str]:
    """Every thread finished without an exception and got its page; returns email -> manage page path."""
    locked = [error for error in outcome.errors if "database is locked" in error]
    assert not locked, f"SQLite refused a transaction:\n{locked[0]}"
    assert not outcome.errors, "\n".join(outcome.errors)
    manage_paths = {}
    for kind, number, status, location in outcome.results:
        if kind == "read":
            assert status == 200
        elif kind == "sign-up":
            assert status == 302 and location and location.startswith("/registrations/"), (number, status)
            manage_paths[f"resident{number}@example.se"] = location.split("?")[0]
    return manage_paths


@dataclass(frozen=True)
class Row:
    id: int
    email: str
    status: str
    party: int


def rows_in_signup_order(app, event_id: int) -> list[Row]:
    with app.app_context():
        registrations = db.session.scalars(
            select(Registration).where(Registration.event_id == event_id).order_by(Registration.id)
        )
        return [Row(r.id, r.email, r.status.value, r.party_size) for r in registrations]


def event_places(app, event_id: int) -> tuple[int, int]:
    with app.app_context():
        event = db.session.get(Event, event_id)
        return event.capacity, event.places_taken


def replay(rows: list[Row], free_places: int) -> dict[int, str]:
    """The statuses that handing out `free_places` in sign-up order gives: each party that fits is confirmed."""
    expected = {}
    for row in rows:
        if row.party <= free_places:
            expected[row.id] = "confirmed"
            free_places -= row.party
        else:
            expected[row.id] = "waitlisted"
    return expected


def assert_capacity_holds(app, event_id: int) -> None:
    rows = rows_in_signup_order(app, event_id)
    capacity, taken = event_places(app, event_id)
    confirmed_places = sum(row.party for row in rows if row.status == "confirmed")
    assert taken == confirmed_places, "events.places_taken disagrees with the confirmed registrations"
    assert confirmed_places == capacity, "demand exceeds capacity, so every place must be taken, none twice"


def assert_queue_shown_in_order(app, manage_paths: dict[str, str], waiting: list[Row], first_position=1):
    """Each waiting person's manage page shows their place; places run on in sign-up order, without gaps."""
    client = app.test_client()
    use_english(client)
    shown = []
    for row in waiting:
        text = page_text(client.get(manage_paths[row.email]))
        match = re.search(r"on the waiting list, in place (\d+)", text)
        assert match, f"{row.email} sees no waiting-list place: {text[:200]}"
        shown.append(int(match.group(1)))
    assert shown == list(range(first_position, first_position + len(waiting)))


def test_fifty_simultaneous_sign_ups_for_three_places_never_overbook(crowded_app):
    with arrange(crowded_app):
        event = make_event(capacity=10)
        for adults, children in ((2, 1), (2, 0), (1, 1)):  # 7 of 10 places taken
            make_registration(event, adults=adults, children=children)
        event_id = event.id
    earlier = {row.id for row in rows_in_signup_order(crowded_app, event_id)}

    tasks = [sign_up_task(crowded_app, event_id, number) for number in range(SIGN_UPS)]
    tasks += [read_task(crowded_app, event_id) for _ in range(READERS)]
    manage_paths = assert_no_request_failed(run_together(tasks))

    assert len(manage_paths) == SIGN_UPS
    new_rows = [row for row in rows_in_signup_order(crowded_app, event_id) if row.id not in earlier]
    assert sorted(row.email for row in new_rows) == sorted(manage_paths)
    assert_capacity_holds(crowded_app, event_id)
    assert {row.id: row.status for row in new_rows} == replay(new_rows, free_places=3)
    waiting = [row for row in new_rows if row.status == "waitlisted"]
    assert len(waiting) >= SIGN_UPS - 3
    assert_queue_shown_in_order(crowded_app, manage_paths, waiting)
    assert_queue_emailed_in_order(crowded_app, event_id, waiting)


def assert_queue_emailed_in_order(app, event_id: int, waiting: list[Row]) -> None:
    """Each waiting person got one email naming their place, in sign-up order without gaps, and the event's own
    count of its waiting list agrees."""
    with app.app_context():
        subjects = dict(
            db.session.execute(
                select(OutboxMessage.to_address, OutboxMessage.subject).where(OutboxMessage.kind == "waitlisted")
            ).all()
        )
        assert db.session.get(Event, event_id).waitlist_length == len(waiting)
    places = [int(re.search(r"(\d+)", subjects[row.email]).group(1)) for row in waiting]
    assert places == list(range(1, len(waiting) + 1))


def test_sign_ups_from_one_address_at_once_never_pass_its_limit(crowded_app):
    crowded_app.config.update(REGISTRATIONS_PER_ADDRESS_PER_EVENT=3)
    with arrange(crowded_app):
        event_id = make_event(capacity=40).id

    def task(number):
        client = client_at(crowded_app, "203.0.113.50")  # one connection shared by a script

        def sign_up():
            response = client.post(
                f"/events/{event_id}/register",
                data=form_data(contact_name=f"Made up {number}", email=f"made{number}@example.se"),
            )
            return ("script", number, response.status_code, response.headers.get("Location"))

        return sign_up

    outcome = run_together([task(number) for number in range(12)])

    assert not outcome.errors, "\n".join(outcome.errors)
    answers = sorted(status for _, _, status, _ in outcome.results)
    assert answers == [302] * 3 + [422] * 9
    rows = rows_in_signup_order(crowded_app, event_id)
    assert len(rows) == 3 and all(row.status == "confirmed" for row in rows)
    assert event_places(crowded_app, event_id) == (40, 3)


def test_cancellation_racing_sign_ups_promotes_the_earliest_waiting_parties_that_fit(crowded_app):
    with arrange(crowded_app):
        event = make_event(capacity=10)
        make_registration(event, email="a@example.se", adults=2, children=1)
        make_registration(event, email="b@example.se", adults=2)
        leaving = make_registration(event, email="leaving@example.se", adults=2, children=3)  # frees 5
        first = make_registration(event, email="w1@example.se", adults=2)  # fits: promoted
        too_big = make_registration(event, email="w2@example.se", adults=2, children=2)  # 4 > 3 left: waits
        third = make_registration(event, email="w3@example.se", adults=1, children=1)  # fits: promoted
        event_id, leaving_token = event.id, leaving.manage_token
        first_id, too_big_id, third_id = first.registration.id, too_big.registration.id, third.registration.id
    assert [row.status for row in rows_in_signup_order(crowded_app, event_id)] == [
        "confirmed",
        "confirmed",
        "confirmed",
        "waitlisted",
        "waitlisted",
        "waitlisted",
    ]

    # The cancellation starts once a few sign-ups are through, so it lands in the middle of the crowd.
    done, done_lock, some_done = [0], threading.Lock(), threading.Event()

    def count_done():
        with done_lock:
            done[0] += 1
            if done[0] == SIGN_UPS // 5:
                some_done.set()

    canceller = crowded_app.test_client()

    def cancel_task():
        some_done.wait(THREAD_TIMEOUT_SECONDS)
        response = canceller.post(f"/registrations/{leaving_token}/cancel")
        return ("cancel", None, response.status_code, response.headers.get("Location"))

    tasks = [sign_up_task(crowded_app, event_id, number, on_done=count_done) for number in range(SIGN_UPS)]
    outcome = run_together(tasks + [cancel_task])
    manage_paths = assert_no_request_failed(outcome)
    cancelled = outcome.results[-1]
    assert cancelled[2] == 302 and cancelled[3] == f"/registrations/{leaving_token}"

    rows = rows_in_signup_order(crowded_app, event_id)
    status_by_id = {row.id: row.status for row in rows}
    status_by_email = {row.email: row.status for row in rows}
    assert status_by_email["leaving@example.se"] == "cancelled"
    assert (status_by_id[first_id], status_by_id[too_big_id], status_by_id[third_id]) == (
        "confirmed",
        "waitlisted",
        "confirmed",
    )
    # The one place still free after w1 and w3 goes to the first party of one to sign up, whether it came
    # before the cancellation (and was promoted) or after it (and was confirmed at once); nobody else gets in.
    newcomers = [row for row in rows if row.email in manage_paths]
    first_single = min(row.id for row in newcomers if row.party == 1)
    confirmed_newcomers = [row.id for row in newcomers if row.status == "confirmed"]
    assert confirmed_newcomers == [first_single]
    assert_capacity_holds(crowded_app, event_id)

    waiting = [row for row in rows if row.status == "waitlisted"]
    assert waiting[0].id == too_big_id  # it keeps its turn at the front of the queue
    assert_queue_shown_in_order(crowded_app, manage_paths, waiting[1:], first_position=2)
