"""The planning world (tests/planning/helpers.py) and its first account, logged in."""

import pytest

from tests.factories import login
from tests.planning.helpers import build_world


@pytest.fixture
def world(app):
    return build_world(app)


@pytest.fixture
def staff(client, world):
    assert login(client, world.emails[next(iter(world.emails))]).status_code == 302
    return client
