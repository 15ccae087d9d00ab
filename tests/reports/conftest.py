"""The indicators' world (tests/reports/dataset.py), built once into an SQLite file and copied for each test;
on PostgreSQL built afresh in the test's own database. Accounts are logged in through the session, which is
quicker than posting the login form."""

from copy import deepcopy
from pathlib import Path

import pytest

from dialogue.extensions import db
from tests.conftest import build_sqlite_template, copy_sqlite_database
from tests.reports.dataset import World, build_world
from tests.support import log_in_directly


@pytest.fixture(scope="session")
def world_template(tmp_path_factory, sqlite_schema) -> tuple[Path, World]:
    path = tmp_path_factory.mktemp("indicators") / "world.sqlite"
    return path, build_sqlite_template(path, sqlite_schema, build_world)


@pytest.fixture
def sqlite_url(tmp_path, world_template) -> str:
    """In this folder every SQLite test database starts as a copy of the world."""
    return copy_sqlite_database(world_template[0], tmp_path / "dialogue-test.sqlite")


@pytest.fixture
def world(app, world_template) -> World:
    return deepcopy(world_template[1])


@pytest.fixture(params=["sqlite", "postgresql"])
def world_app(request, world_template):
    """(app, world) on SQLite and, as a second run, on PostgreSQL."""
    if request.param == "sqlite":
        return request.getfixturevalue("app"), deepcopy(world_template[1])
    app = request.getfixturevalue("pg_app")
    with app.app_context():
        world = build_world()
        db.session.commit()
    return app, world


def log_in(client, world: World, role: str | None):
    if role is not None:
        log_in_directly(client, world.user_ids[role])
        with client.session_transaction() as session:
            session["language"] = "en"
    return client


@pytest.fixture
def staff(app, world):
    return log_in(app.test_client(), world, "process_leader")
