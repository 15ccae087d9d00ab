"""Dialogue as wsgi.py serves it, timing each transaction that holds an event's row lock: for the registration
burst benchmark only.

The lock is held from the end of the first statement that wrote or locked an event row (`UPDATE events ...` that
changed a row, or `SELECT ... FROM events ... FOR UPDATE`) until the transaction ends: waiting for the lock is not
holding it. Each such transaction appends a line to LOCK_TIMINGS_FILE: how long the lock was held, in milliseconds,
how many statements the transaction ran in all and how many after it had the lock (with the one that took it), and
how it ended. The file is appended by every worker, a line at a time.
"""

import os
import time

from sqlalchemy import event
from sqlalchemy.orm import Session

from dialogue.extensions import db
from wsgi import app

TIMINGS_FILE = os.environ["LOCK_TIMINGS_FILE"]
_transaction = {"statements": 0, "locked_at": None, "locked_statements": 0}


def _takes_event_lock(statement: str) -> bool:
    words = " ".join(statement.split()).upper()
    return words.startswith("UPDATE EVENTS ") or (
        words.startswith("SELECT") and "FROM EVENTS" in words and "FOR UPDATE" in words
    )


def _after_statement(connection, cursor, statement, parameters, context, executemany):
    _transaction["statements"] += 1
    if _transaction["locked_at"] is None and _takes_event_lock(statement) and cursor.rowcount:
        _transaction["locked_at"] = time.perf_counter()
    if _transaction["locked_at"] is not None:
        _transaction["locked_statements"] += 1


def _ended(outcome: str):
    def ended(session):
        if _transaction["locked_at"] is not None:
            held = (time.perf_counter() - _transaction["locked_at"]) * 1000
            with open(TIMINGS_FILE, "a") as timings:
                timings.write(
                    f"{held:.3f} {_transaction['statements']} {_transaction['locked_statements']} {outcome}\n"
                )
        _transaction.update(statements=0, locked_at=None, locked_statements=0)

    return ended


def _began(session, transaction, connection):
    if not transaction.nested:  # a savepoint is part of the transaction it is in
        _transaction.update(statements=0, locked_at=None, locked_statements=0)


with app.app_context():
    event.listen(db.engine, "after_cursor_execute", _after_statement)
event.listen(Session, "after_begin", _began)
event.listen(Session, "after_commit", _ended("commit"))
event.listen(Session, "after_rollback", _ended("rollback"))
