"""The scheduled messages on PostgreSQL, the production database: the queries find the same people, and two cron
runs at the same time still remind each person once."""

import threading
from datetime import UTC, datetime, timedelta

import pytest

from dialogue.events.models import EventStatus
from dialogue.extensions import db
from dialogue.registrations.cancellation import cancel
from dialogue.registrations.models import Registration
from dialogue.registrations.reminders import queue_reminders, queue_thank_yous
from dialogue.reviews.digest import queue_digests
from tests.factories import make_developer, make_proposal, make_registration
from tests.notifications.mail_helpers import queued, seved, seved_event
from tests.support import arrange

pytestmark = pytest.mark.postgres
NOW = datetime(2031, 6, 4, 7, 0, tzinfo=UTC)


def _starting_in(hours: float, **fields):
    starts_at = NOW + timedelta(hours=hours)
    return seved_event(starts_at=starts_at, ends_at=starts_at + timedelta(hours=2), **fields)


def _run_twice(app, queue) -> list[int]:
    counts = []
    for _ in range(2):
        with app.app_context():
            counts.append(queue(now=NOW))
            db.session.commit()
    return counts


def test_reminders_thank_yous_and_digests_once_each_on_postgresql(pg_app):
    with arrange(pg_app):
        make_registration(_starting_in(20), email="reminded@example.se")
        cancel(make_registration(_starting_in(20), email="cancelled@example.se").registration.id)
        held = _starting_in(-5)
        make_registration(held, email="thanked@example.se")
        held.status = EventStatus.HELD
        make_developer([seved()], email="dana@mkb.example.se")
        make_proposal(seved(), title="Lights on Rasmusgatan", now=NOW - timedelta(days=1))

    assert _run_twice(pg_app, queue_reminders) == [1, 0]
    assert _run_twice(pg_app, queue_thank_yous) == [1, 0]
    assert _run_twice(pg_app, queue_digests) == [1, 0]
    assert [(message.kind, message.to_address) for message in queued(pg_app)] == [
        ("registration_confirmed", "reminded@example.se"),
        ("registration_confirmed", "cancelled@example.se"),
        ("cancellation_confirmed", "cancelled@example.se"),
        ("registration_confirmed", "thanked@example.se"),
        ("reminder", "reminded@example.se"),
        ("thank_you", "thanked@example.se"),
        ("developer_digest", "dana@mkb.example.se"),
    ]


def test_two_reminder_runs_at_the_same_time_remind_once(pg_app):
    """Both runs find the person not yet reminded; the second one's insert waits for the first one's commit and
    then finds the reminder there (the unique dedupe key), so it queues nothing."""
    with arrange(pg_app):
        registration_id = make_registration(_starting_in(20), email="amira@example.se").registration.id
    first_queued = threading.Event()
    results: dict[str, int] = {}
    errors: list[BaseException] = []

    def run(name: str) -> None:
        try:
            with pg_app.app_context():
                db.session.get(Registration, registration_id)  # both runs start before either has queued
                if name == "second":
                    first_queued.wait(timeout=10)
                results[name] = queue_reminders(now=NOW)
                if name == "first":
                    first_queued.set()
                    threading.Event().wait(0.3)  # the second run is now waiting on our uncommitted row
                db.session.commit()
        except BaseException as error:  # noqa: BLE001  (reported by the test below)
            errors.append(error)
            first_queued.set()

    threads = [threading.Thread(target=run, args=(name,)) for name in ("first", "second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert sorted(results.values()) == [0, 1]
    assert [message.to_address for message in queued(pg_app, kind="reminder")] == ["amira@example.se"]
