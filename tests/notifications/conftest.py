"""Fixtures for the outbox tests: the app with its worker pointed at the test SMTP server (tests/smtp_server.py)."""

import pytest


@pytest.fixture
def mail_app(app, smtp_server):
    """The app on SQLite, sending to the test SMTP server."""
    app.config.update(smtp_server.mail_settings())
    return app


@pytest.fixture
def any_mail_app(any_app, smtp_server):
    """The app on SQLite and, as a second run, on PostgreSQL, sending to the test SMTP server."""
    any_app.config.update(smtp_server.mail_settings())
    return any_app
