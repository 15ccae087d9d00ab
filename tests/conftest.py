"""Fixtures: an app on a fresh database per test, a client, a CLI runner, and PostgreSQL when available.

PostgreSQL tests read a server URL from DIALOGUE_TEST_POSTGRES_URL and create and drop their own
databases. Where PostgreSQL or Chromium is missing those tests skip with the reason; with
DIALOGUE_REQUIRE_ALL=1 (set by .ci/run) every skip is reported as a failure instead.
"""
import os
import uuid
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from dialogue import create_app
from dialogue.extensions import db
from tests.smtp_server import smtp_server  # noqa: F401  (the fixture, for every test)

POSTGRES_URL = os.environ.get("DIALOGUE_TEST_POSTGRES_URL", "")
REQUIRE_ALL = os.environ.get("DIALOGUE_REQUIRE_ALL") == "1"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if REQUIRE_ALL and report.skipped:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped, but DIALOGUE_REQUIRE_ALL=1 requires every test to run: {reason}"


def make_app(database_url: str, **overrides):
    return create_app("testing", {"SQLALCHEMY_DATABASE_URI": database_url, **overrides})


@pytest.fixture
def sqlite_url(tmp_path):
    return f"sqlite:///{tmp_path / 'dialogue-test.sqlite'}"


@pytest.fixture
def app(sqlite_url):
    app = make_app(sqlite_url)
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def ctx(app):
    """An application context for arranging data and checking the database directly."""
    with app.app_context():
        yield


@contextmanager
def postgres_database():
    """A new, empty PostgreSQL database for one test; dropped afterwards. Yields its URL."""
    if not POSTGRES_URL:
        pytest.skip("PostgreSQL not configured: set DIALOGUE_TEST_POSTGRES_URL (see .ci/run)")
    server = make_url(POSTGRES_URL)
    name = f"dialogue_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:  # the server is configured but unreachable: say why
        admin.dispose()
        pytest.skip(f"PostgreSQL at {server.render_as_string(hide_password=True)} is not reachable: {error}")
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def postgres_url():
    with postgres_database() as url:
        yield url


@pytest.fixture
def pg_app(postgres_url):
    app = make_app(postgres_url)
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_app(request, sqlite_url):
    """The app on SQLite and, as a second run, on PostgreSQL."""
    if request.param == "sqlite":
        yield request.getfixturevalue("app")
    else:
        yield request.getfixturevalue("pg_app")
