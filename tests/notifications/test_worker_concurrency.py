"""Two workers draining one queue at once deliver every message exactly once.

Each worker runs in its own thread with its own application context, session and database connection, and
its own SMTP connection; a barrier releases them together. The SMTP server takes a moment for every message,
so the workers really overlap. On PostgreSQL they claim rows with FOR UPDATE SKIP LOCKED; on SQLite each claim
takes the write lock (BEGIN IMMEDIATE).
"""

import threading
import time
import traceback
from collections import Counter

import pytest
from sqlalchemy import create_engine, select

from dialogue.outbox.models import OutboxMessage
from tests.conftest import close_connections, make_app
from tests.notifications.outbox_helpers import outbox, queue, run_worker

# Several workers, each with its own connections: run beside the other connection-hungry tests, not at once.
pytestmark = pytest.mark.xdist_group("many-connections")

MESSAGES = 100
WORKERS = 2
THREAD_TIMEOUT_SECONDS = 120  # a guard against a hang, not a timing check


@pytest.fixture
def shared_app(database_url, smtp_server):
    app = make_app(
        database_url,
        SQLALCHEMY_ENGINE_OPTIONS={"pool_size": WORKERS + 2, "max_overflow": 0, "pool_pre_ping": True},
        **smtp_server.mail_settings(),
    )
    yield app
    close_connections(app)


def run_together(tasks) -> list:
    barrier = threading.Barrier(len(tasks))
    results, errors = [None] * len(tasks), []

    def run(index, task):
        try:
            barrier.wait(timeout=THREAD_TIMEOUT_SECONDS)
            results[index] = task()
        except BaseException:  # noqa: BLE001 - a failure in a worker fails the test
            errors.append(traceback.format_exc())

    threads = [threading.Thread(target=run, args=(index, task)) for index, task in enumerate(tasks)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + THREAD_TIMEOUT_SECONDS
    for thread in threads:
        thread.join(max(deadline - time.monotonic(), 0))
    assert not any(thread.is_alive() for thread in threads), "a worker never finished"
    assert not errors, "\n".join(errors)
    return results


def test_two_workers_draining_one_queue_deliver_every_message_exactly_once(shared_app, smtp_server):
    queue(shared_app, MESSAGES, subject="Digest")
    smtp_server.handler.on_message = lambda envelope: time.sleep(0.002)

    reports = run_together([lambda: run_worker(shared_app) for _ in range(WORKERS)])

    delivered = Counter(smtp_server.subjects())
    assert [subject for subject, times in delivered.items() if times > 1] == []  # none twice
    assert set(delivered) == {f"Digest {number}" for number in range(1, MESSAGES + 1)}  # none lost
    assert sum(report.sent for report in reports) == MESSAGES
    assert all(report.unavailable is None for report in reports)
    assert {(row.status, row.attempts) for row in outbox(shared_app)} == {("sent", 1)}


@pytest.mark.postgres
def test_a_message_another_worker_holds_is_skipped_not_waited_for(pg_app, smtp_server):
    pg_app.config.update(smtp_server.mail_settings())
    first = queue(pg_app, 3, subject="Held")[0]
    other_worker = create_engine(pg_app.config["SQLALCHEMY_DATABASE_URI"])
    try:
        with other_worker.connect() as connection:
            connection.execute(select(OutboxMessage.id).where(OutboxMessage.id == first).with_for_update())
            [report] = run_together([lambda: run_worker(pg_app)])  # a lock wait would hang here

            assert report.sent == 2
            assert sorted(smtp_server.subjects()) == ["Held 2", "Held 3"]
        # The other worker's transaction ended without sending: the message is still there for the next round.
        assert run_worker(pg_app).sent == 1
    finally:
        other_worker.dispose()
    assert Counter(smtp_server.subjects()) == Counter(["Held 1", "Held 2", "Held 3"])
