"""`flask privacy purge` killed with SIGKILL in the middle of its work, on PostgreSQL: every registration is either
untouched or fully anonymised, never half, and the next run finishes the work.

The purge runs as a process of its own, as cron or the timer starts it, on a database with thousands of
registrations due, a batch of PURGE_BATCH_SIZE rows per transaction. The test watches the database and kills the
process four times, each time once a few more batches are committed: twice wherever it is, and twice in the middle
of a batch, after it removed the children and access needs of its rows and before it emptied their names (read from
PostgreSQL's own view of its sessions, pg_stat_activity). After each kill every row is checked. Nothing waits a
fixed time: what is stopped, and where, is read from the database.
"""

import os
import signal
import subprocess
import sys
import uuid
from datetime import timedelta
from pathlib import Path

from sqlalchemy import create_engine, func, insert, select, text

from dialogue.database import utcnow
from dialogue.extensions import db
from dialogue.registrations.models import (
    AccessNeed,
    Registration,
    RegistrationAccessNeed,
    RegistrationChild,
    RegistrationStatus,
    hash_manage_token,
)
from tests.conftest import close_connections, make_app
from tests.factories import make_event, make_neighbourhood

PROJECT_DIR = Path(__file__).resolve().parents[2]
EVENTS, PER_EVENT, BATCH = 4, 1000, 10
NEEDS = (AccessNeed.WHEELCHAIR, AccessNeed.INTERPRETER)


def fill_with_due_registrations(url: str) -> int:
    """Past events with PER_EVENT registrations each, every one with two children, two access needs and a note;
    returns how many registrations."""
    app = make_app(url)
    with app.app_context():
        neighbourhood = make_neighbourhood()
        long_ago = utcnow() - timedelta(days=90)
        number = 0
        for _ in range(EVENTS):
            event = make_event(neighbourhood, capacity=None, starts_at=long_ago, ends_at=long_ago + timedelta(hours=2))
            rows = []
            for _ in range(PER_EVENT):
                number += 1
                rows.append(
                    {
                        "event_id": event.id,
                        "contact_name": f"Person {number}",
                        "email": f"person{number}@example.se",
                        "adults": 1,
                        "children": 2,
                        "interpreter_language": "ar",
                        "access_note": f"A ramp, please ({number})",
                        "status": RegistrationStatus.CONFIRMED,
                        "manage_token_hash": hash_manage_token(f"token-{number}"),
                        "origin_hash": "0" * 64,
                        "check_in_code": f"{number:06d}",
                        "created_at": long_ago - timedelta(days=10),
                    }
                )
            ids = db.session.scalars(insert(Registration).returning(Registration.id), rows).all()
            db.session.execute(
                insert(RegistrationChild),
                [
                    {"registration_id": id_, "position": p, "first_name": f"Child {p}", "age": 5}
                    for id_ in ids
                    for p in (1, 2)
                ],
            )
            db.session.execute(
                insert(RegistrationAccessNeed),
                [{"registration_id": id_, "need": need} for id_ in ids for need in NEEDS],
            )
        db.session.commit()
    close_connections(app)
    return number


def start_purge(url: str, application_name: str) -> subprocess.Popen:
    environment = {
        **os.environ,
        "DIALOGUE_ENV": "testing",
        "DIALOGUE_TEST_DATABASE_URL": url,
        "PURGE_BATCH_SIZE": str(BATCH),
        "PGAPPNAME": application_name,  # libpq's: names the purge's connection in pg_stat_activity
    }
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "wsgi", "privacy", "purge"],
        cwd=PROJECT_DIR,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def anonymised(connection) -> int:
    return connection.scalar(
        select(func.count()).select_from(Registration).where(Registration.anonymised_at.is_not(None))
    )


# Where the purge is when it is killed: anywhere once some batches are done, or in the middle of a batch, after it
# removed the children and the access needs of its rows and before it emptied their names and addresses.
ANYWHERE = "anywhere"
MIDDLE_OF_A_BATCH = "middle of a batch"
KILLED_AT = (MIDDLE_OF_A_BATCH, ANYWHERE, MIDDLE_OF_A_BATCH, ANYWHERE)


def purge_is_at(connection, application_name: str, moment: str) -> bool:
    if moment == ANYWHERE:
        return True
    return bool(
        connection.scalar(
            text(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = :name "
                "AND state = 'idle in transaction' AND query LIKE 'DELETE FROM registration_access_needs%'"
            ),
            {"name": application_name},
        )
    )


def row_states(connection) -> dict[str, int]:
    """How many registrations are untouched, fully anonymised, or anything else (which must never be)."""
    children = (
        select(func.count())
        .select_from(RegistrationChild)
        .where(RegistrationChild.registration_id == Registration.id)
        .scalar_subquery()
    )
    needs = (
        select(func.count())
        .select_from(RegistrationAccessNeed)
        .where(RegistrationAccessNeed.registration_id == Registration.id)
        .scalar_subquery()
    )
    rows = connection.execute(
        select(
            Registration.contact_name,
            Registration.email,
            Registration.interpreter_language,
            Registration.access_note,
            Registration.manage_token_hash,
            Registration.origin_hash,
            Registration.anonymised_at,
            Registration.adults,
            Registration.children,
            children,
            needs,
        )
    )
    states = {"untouched": 0, "anonymised": 0, "half": 0}
    for name, email, language, note, token, origin, when, adults, kids, child_rows, need_rows in rows:
        if (adults, kids) != (1, 2):
            states["half"] += 1  # what the reports count never changes
        elif (
            name.startswith("Person ")
            and email == f"person{name.removeprefix('Person ')}@example.se"
            and (language, token is not None, origin is not None, when) == ("ar", True, True, None)
            and note.startswith("A ramp")
            and (child_rows, need_rows) == (2, 2)
        ):
            states["untouched"] += 1
        elif (name, email, language, note, token, origin, child_rows, need_rows) == (
            "",
            None,
            None,
            "",
            None,
            None,
            0,
            0,
        ):
            states["anonymised"] += when is not None
            states["half"] += when is None
        else:
            states["half"] += 1
    return states


def kill_when(connection, name: str, url: str, moment: str) -> None:
    """Starts the purge and kills it at `moment`, once it has anonymised at least three batches more."""
    done_before = anonymised(connection)
    purge = start_purge(url, name)
    killed = False
    while purge.poll() is None:
        if anonymised(connection) >= done_before + 3 * BATCH and purge_is_at(connection, name, moment):
            purge.send_signal(signal.SIGKILL)
            killed = True
            break
    purge.communicate()
    assert killed, f"the purge finished before it could be stopped ({moment}): give it more rows"
    assert purge.returncode == -signal.SIGKILL


def test_a_purge_killed_in_the_middle_leaves_no_row_half_done_and_the_next_run_finishes(postgres_url):
    total = fill_with_due_registrations(postgres_url)
    watcher = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    name = f"purge-{uuid.uuid4().hex[:8]}"
    try:
        with watcher.connect() as connection:
            for moment in KILLED_AT:
                kill_when(connection, name, postgres_url, moment)
                states = row_states(connection)
                assert states["half"] == 0, (moment, states)
                assert 0 < states["anonymised"] < total, (moment, states)
                assert states["anonymised"] % BATCH == 0, f"a batch was committed in part: {moment}, {states}"
                assert states["untouched"] == total - states["anonymised"]

            again = start_purge(postgres_url, name)
            output, errors = again.communicate()
            assert again.returncode == 0, errors
            assert f"  registrations: {states['untouched']}\n" in output

            assert row_states(connection) == {"untouched": 0, "anonymised": total, "half": 0}
    finally:
        watcher.dispose()
