"""Helpers every test folder shares: application contexts for arranging and looking, the page's language,
the CSRF token on a page, and the SQL statements a block sends.

Arranging and checking happen in their own short application contexts, never around a request: a request
inside a pushed context would share `g` (the logged-in user, the page's language) with the next request.
"""

import re
import time
from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.engine import Engine

from dialogue.extensions import db
from tests.factories import PASSWORD

_CSRF_INPUT = re.compile(r'<input[^>]*\bname="csrf_token"[^>]*\bvalue="([^"]+)"')


@contextmanager
def arrange(app):
    """An application context for building test data; commits at the end like a view would."""
    with app.app_context():
        yield
        db.session.commit()


@contextmanager
def look(app):
    """An application context for checking the database after requests."""
    with app.app_context():
        yield
        db.session.rollback()


def use_english(client) -> None:
    """Switch the interface to English, as a person would with the language switcher."""
    response = client.post("/language", data={"language": "en", "next": "/"})
    assert response.status_code == 302


def csrf_token_from(page) -> str:
    """The CSRF token in the first form of a page (a response, or its HTML)."""
    html = page if isinstance(page, str) else page.get_data(as_text=True)
    match = _CSRF_INPUT.search(html)
    assert match, "the page carries no CSRF token"
    return match.group(1)


def client_at(app, address: str):
    """A test client whose requests come from `address`, as one person of a crowd on a connection of their own:
    the site limits the registrations of one client address for an event."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def log_in_directly(client, user_id: int) -> None:
    """The session a login makes, written into the client's cookie without the login form."""
    now = int(time.time())
    with client.session_transaction() as session:
        session.update(
            {
                "_user_id": str(user_id),
                "_fresh": True,
                "session_version": 0,
                "session_started": now,
                "session_seen": now,
            }
        )


def log_in_with_token(client, email: str, password: str = PASSWORD):
    """Log in through the form with its CSRF token, as a browser would when CSRF protection is on."""
    token = csrf_token_from(client.get("/account/login"))
    response = client.post("/account/login", data={"email": email, "password": password, "csrf_token": token})
    assert response.status_code == 302, response.status_code
    return client


@contextmanager
def recorded_statements(engine: Engine):
    """Yields a list that fills with every statement `engine` executes inside the block: a page's statement
    count, proven not to grow with its rows."""
    statements: list[str] = []

    def record(connection, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def page_and_statements(app, client, url: str) -> tuple[str, list[str]]:
    """GETs `url`, which must answer 200; returns the page and the statements the request ran."""
    with app.app_context():
        engine = db.engine
    with recorded_statements(engine) as recorded:
        response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True), list(recorded)


def describe(statements: list[str]) -> str:
    return f"{len(statements)} statements:\n" + "\n".join(statements)


def assert_same_statement_counts(few: dict, many: dict, few_rows: int, many_rows: int) -> None:
    """Every page in `few` (page -> its statements) ran as many statements in `many`; if not, shows both."""
    for page, statements in few.items():
        assert len(many[page]) == len(statements), (
            f"{page}\nwith {few_rows}: {describe(statements)}\n\nwith {many_rows}: {describe(many[page])}"
        )


# Texts a spreadsheet would run as a formula: at the start of a cell, or after a separator it may split a cell on.
HOSTILE_CELLS = (
    "=1+1",
    "+46 40 34 10 00",
    "-2 for the noise",
    "@SUM(A1:A9)",
    "\t=cmd",
    "x;=1+1;y",
    "a, +b",
    "a\t-b",
    'line\n=HYPERLINK("http://evil.example")',
    "\uff1d1+1",
    "x\uff1b\uff1d1",
    "x\uff0c@y",
)
_SPREADSHEET_SEPARATORS = re.compile(r"[;,\t\r\n\uff1b\uff0c]")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")
_FORMULA_CHARACTERS = ("=", "+", "-", "@", "\t", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def cells_that_would_run(rows) -> list[str]:
    """The cells of `rows` (lists of values) of which a spreadsheet would run a part as a formula: a cell starting
    with a formula character, or a piece after any separator starting with one (blanks before it allowed). A
    plain number such as -3 is a number, not a formula."""
    running = []
    for row in rows:
        for cell in row:
            if not isinstance(cell, str):
                continue
            pieces = [cell, *(piece.lstrip(" \t") for piece in _SPREADSHEET_SEPARATORS.split(cell)[1:])]
            if any(piece.startswith(_FORMULA_CHARACTERS) and not _NUMBER.fullmatch(piece) for piece in pieces):
                running.append(cell)
    return running
