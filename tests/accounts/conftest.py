"""Every account test runs twice: on SQLite and on PostgreSQL. Accounts are where a difference between the two
(locks, case of email addresses, time zones of expiry times) would let someone in who should not be."""

import pytest

from tests.conftest import close_connections, make_app


@pytest.fixture(params=["sqlite", "postgresql"])
def app(request):
    app = make_app(request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "postgres_url"))
    yield app
    close_connections(app)
