"""Dialogue as wsgi.py serves it, timing each transaction that holds an event's row lock, and each POST: for the
registration burst benchmark only.

The lock is held from the end of the first statement that wrote or locked an event row (`UPDATE events ...` that
changed a row, or `SELECT ... FROM events ... FOR UPDATE`, alone or in a WITH clause) until the transaction ends:
waiting for the lock is not holding it. Both ends are seen from the worker, so the figure is a little longer than
the lock itself, which PostgreSQL takes inside the statement and gives back inside the commit, before either answers.
Each such transaction appends a line to LOCK_TIMINGS_FILE: how long the lock was held, in milliseconds, how many
statements the transaction ran in all and how many after it had the lock (with the one that took it), how it ended,
and when (seconds since the epoch). Each POST appends a line to REQUEST_TIMINGS_FILE: when the worker began and
finished it (seconds since the epoch), its status, and the worker's process id. Every worker appends, a line at a time.
"""

import os
import time

from sqlalchemy import event
from sqlalchemy.orm import Session

from dialogue.extensions import db
from wsgi import app

TIMINGS_FILE = os.environ["LOCK_TIMINGS_FILE"]
REQUESTS_FILE = os.environ["REQUEST_TIMINGS_FILE"]
_transaction = {"statements": 0, "locked_at": None, "locked_statements": 0}


def _takes_event_lock(statement: str) -> bool:
    """An UPDATE of events, or a SELECT ... FROM events ... FOR UPDATE, alone or in a WITH clause."""
    words = " ".join(statement.split()).upper()
    return "UPDATE EVENTS " in words or ("FROM EVENTS" in words and "FOR UPDATE" in words)


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
                    f"{held:.3f} {_transaction['statements']} {_transaction['locked_statements']} {outcome} "
                    f"{time.time():.6f}\n"
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


def _timed_posts(wsgi_app):
    def timed(environ, start_response):
        if environ["REQUEST_METHOD"] != "POST":
            return wsgi_app(environ, start_response)
        began, answered = time.time(), []

        def start(status, headers, exc_info=None):
            answered.append(status.split()[0])
            return start_response(status, headers, exc_info)

        try:
            return list(wsgi_app(environ, start))
        finally:
            with open(REQUESTS_FILE, "a") as requests:
                requests.write(f"{began:.6f} {time.time():.6f} {(answered or ['-'])[0]} {os.getpid()}\n")

    return timed


app.wsgi_app = _timed_posts(app.wsgi_app)
