"""The staff pages' world (tests/moderation/helpers.py) and its process leader, logged in."""

import pytest

from tests.moderation.helpers import build_world, log_in_as


@pytest.fixture
def world(app):
    return build_world(app)


@pytest.fixture
def staff(client, world):
    return log_in_as(client, world)
