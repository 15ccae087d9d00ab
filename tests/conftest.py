"""Fixtures: an app on a fresh database per test, a client, a CLI runner, and PostgreSQL when available.

The schema is built once per test process (per xdist worker) and copied: every test still gets a database
of its own, an SQLite file copied from a template or a PostgreSQL database created from a template one.

PostgreSQL tests read a server URL from DIALOGUE_TEST_POSTGRES_URL and create and drop their own
databases. Where PostgreSQL or Chromium is missing those tests skip with the reason; with
DIALOGUE_REQUIRE_ALL=1 (set by .ci/run) every skip is reported as a failure instead.
"""

import os
import shutil
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

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


def close_connections(app) -> None:
    """Closes the app's last database connection: an SQLite file then holds everything (no WAL left over)."""
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def copy_sqlite_database(template: Path, copy: Path) -> str:
    """A fresh database that starts as a copy of `template` (a closed SQLite file); returns its URL."""
    assert not template.with_name(template.name + "-wal").exists(), "a connection to the template is still open"
    shutil.copyfile(template, copy)
    return f"sqlite:///{copy}"


def build_sqlite_template(path: Path, schema: Path, build):
    """Makes `path` an SQLite file with the schema and what `build()` adds (committed), for tests to copy;
    returns what `build` returned."""
    builder = make_app(copy_sqlite_database(schema, path))
    with builder.app_context():
        built = build()
        db.session.commit()
    close_connections(builder)
    return built


@pytest.fixture(scope="session")
def sqlite_schema(tmp_path_factory) -> Path:
    """An SQLite file with the schema (create_all), built once per test process and copied for each test."""
    path = tmp_path_factory.mktemp("schema") / "schema.sqlite"
    builder = make_app(f"sqlite:///{path}")
    with builder.app_context():
        db.create_all()
    close_connections(builder)
    return path


@pytest.fixture(scope="session")
def demo_sqlite(tmp_path_factory, sqlite_schema):
    """The demo, seeded once per test process by `flask seed demo` into an SQLite file, for tests to copy:
    (the file, the command's result)."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    builder = make_app(copy_sqlite_database(sqlite_schema, path))
    result = builder.test_cli_runner().invoke(args=["seed", "demo"])
    close_connections(builder)
    assert result.exit_code == 0, result.output
    return path, result


@pytest.fixture
def empty_sqlite_url(tmp_path):
    """A new SQLite file without any table, for tests that build the schema themselves (the migrations)."""
    return f"sqlite:///{tmp_path / 'dialogue-empty.sqlite'}"


@pytest.fixture
def sqlite_url(tmp_path, sqlite_schema):
    """A new SQLite file of this test's own, with the schema in place."""
    return copy_sqlite_database(sqlite_schema, tmp_path / "dialogue-test.sqlite")


@pytest.fixture
def app(sqlite_url):
    app = make_app(sqlite_url)
    yield app
    close_connections(app)


@pytest.fixture
def csrf_app(sqlite_url):
    """The app with CSRF protection on, as in production."""
    app = make_app(sqlite_url, WTF_CSRF_ENABLED=True)
    yield app
    close_connections(app)


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
def postgres_database(template: str | None = None):
    """A new PostgreSQL database, empty or a copy of `template`; dropped afterwards. Yields its URL."""
    if not POSTGRES_URL:
        pytest.skip("PostgreSQL not configured: set DIALOGUE_TEST_POSTGRES_URL (see .ci/run)")
    server = make_url(POSTGRES_URL)
    name = f"dialogue_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            copy_of = f' TEMPLATE "{template}"' if template else ""
            connection.execute(text(f'CREATE DATABASE "{name}"{copy_of}'))
    except Exception as error:  # the server is configured but unreachable: say why
        admin.dispose()
        pytest.skip(f"PostgreSQL at {server.render_as_string(hide_password=True)} is not reachable: {error}")
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        _drop_database(admin, name)
        admin.dispose()


def _drop_database(admin, name: str) -> None:
    """FORCE ends whatever session of the test is still open. Ending an autovacuum worker busy in the database
    needs pg_signal_backend (.ci/run grants it); without it a plain DROP, which stops autovacuum itself, serves."""
    with admin.connect() as connection:
        try:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        except DBAPIError:  # not allowed to end the autovacuum worker
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))


@pytest.fixture(scope="session")
def postgres_schema():
    """The name of a PostgreSQL database with the schema, built once per test process. Each test's database is
    created from it (CREATE DATABASE ... TEMPLATE), which PostgreSQL allows only while nobody is connected to
    the template: the builder closes its connections, and nothing else ever opens one."""
    with postgres_database() as url:
        builder = make_app(url)
        with builder.app_context():
            db.create_all()
        close_connections(builder)
        yield make_url(url).database


@pytest.fixture
def empty_postgres_url():
    """A new PostgreSQL database without any table, for tests that build the schema themselves."""
    with postgres_database() as url:
        yield url


@pytest.fixture
def postgres_url(postgres_schema):
    """A new PostgreSQL database of this test's own, with the schema in place."""
    with postgres_database(template=postgres_schema) as url:
        yield url


@pytest.fixture
def pg_app(postgres_url):
    app = make_app(postgres_url)
    yield app
    close_connections(app)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request):
    """A new database with the schema: an SQLite file and, as a second run, PostgreSQL."""
    return request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "postgres_url")


@pytest.fixture(params=["sqlite", "postgresql"])
def any_app(request):
    """The app on SQLite and, as a second run, on PostgreSQL."""
    return request.getfixturevalue("app" if request.param == "sqlite" else "pg_app")
