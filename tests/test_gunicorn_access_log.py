"""gunicorn with the shipped gunicorn.conf.py, as production runs it: its access log has a line per request with the
request id, and the tokens of a manage link, a reset link and a personal calendar feed written as ***."""

import logging
import re
import urllib.request
from datetime import timedelta
from types import SimpleNamespace

import pytest
from gunicorn.config import Config
from sqlalchemy import select

from dialogue.calendars.tokens import renew_calendar_token
from dialogue.extensions import db
from dialogue.gunicorn_logging import MaskingLogger
from dialogue.outbox.models import OutboxMessage
from tests.conftest import close_connections, make_app
from tests.factories import make_event, make_registration, make_user
from tests.gunicorn_server import PATIENCE_SECONDS, gunicorn
from tests.support import arrange, look

RESET_LINK = re.compile(r"/account/reset/([A-Za-z0-9_-]+)")


def tokens_in(sqlite_url: str) -> dict[str, str]:
    """A registration, a password reset asked for and a calendar feed: their tokens by kind."""
    app = make_app(sqlite_url)
    try:
        with arrange(app):
            manage = make_registration(make_event(), email="amira@example.se").manage_token
            feed = renew_calendar_token(make_user(email="amira@example.se"))
        assert app.test_client().post("/account/forgot", data={"email": "amira@example.se"}).status_code == 302
        with look(app):
            body = db.session.scalars(
                select(OutboxMessage.body_text).where(OutboxMessage.kind == "password_reset")
            ).one()
    finally:
        close_connections(app)
    return {"manage": manage, "reset": RESET_LINK.search(body).group(1), "feed": feed}


def test_gunicorn_writes_an_access_log_without_tokens(sqlite_url, tmp_path):
    tokens = tokens_in(sqlite_url)
    environment = {
        "DIALOGUE_ENV": "production",
        "SECRET_KEY": "gunicorn-test-secret",
        "DATABASE_URL": sqlite_url,
        "PUBLIC_URL": "http://127.0.0.1",
        "RATELIMIT_STORAGE_URI": "memory://",  # one worker
    }
    with gunicorn(tmp_path, environment) as (port, access_log, error_log):
        paths = {
            "manage-1": f"/registrations/{tokens['manage']}",
            "reset-1": f"/account/reset/{tokens['reset']}",
            "feed-1": f"/calendar/personal/{tokens['feed']}.ics",
        }
        for request_id, path in paths.items():
            request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"X-Request-ID": request_id})
            with urllib.request.urlopen(request, timeout=PATIENCE_SECONDS) as response:
                assert (response.status, response.headers["X-Request-ID"]) == (200, request_id)

    written = access_log.read_text()
    lines = written.splitlines()
    assert len(lines) == 3, written
    assert '"GET /registrations/*** HTTP/1.1" 200 ' in lines[0] and lines[0].endswith(" manage-1")
    assert '"GET /account/reset/*** HTTP/1.1" 200 ' in lines[1] and lines[1].endswith(" reset-1")
    assert '"GET /calendar/personal/***.ics HTTP/1.1" 200 ' in lines[2] and lines[2].endswith(" feed-1")
    for token in tokens.values():
        assert token not in written
        assert token not in error_log.read_text()


@pytest.fixture
def gunicorn_logger():
    """A MaskingLogger as gunicorn makes it; it gives gunicorn's loggers in this process handlers, which go again
    afterwards."""
    loggers = [logging.getLogger(name) for name in ("gunicorn.error", "gunicorn.access")]
    before = [(list(logger.handlers), list(logger.filters)) for logger in loggers]
    yield MaskingLogger(Config())
    for logger, (handlers, filters) in zip(loggers, before, strict=True):
        logger.handlers[:], logger.filters[:] = handlers, filters


def test_every_atom_of_an_access_line_is_masked(app, gunicorn_logger):
    """A changed access_log_format cannot bring a token back: the Referer a manage page's stylesheet is asked
    with, the path alone and the environment are masked like the request line. (`app`: the token routes are
    known once an app is made, as in a gunicorn worker.)"""
    token = "Ab-c_9"
    manage_page = f"https://dialog.example.se/registrations/{token}"
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/registrations/{token}/cancel?x=1",
        "PATH_INFO": f"/registrations/{token}/cancel",
        "QUERY_STRING": "x=1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": manage_page,
    }
    response = SimpleNamespace(status="200 OK", headers=[("Location", manage_page)], sent=10)
    request = SimpleNamespace(headers=[("Referer", manage_page)])

    atoms = gunicorn_logger.atoms(response, request, environ, timedelta(milliseconds=5))

    assert atoms["r"] == "GET /registrations/***/cancel?x=1 HTTP/1.1"
    assert atoms["U"] == "/registrations/***/cancel"
    for name in ("f", "{referer}i", "{location}o", "{http_referer}e"):
        assert atoms[name] == "https://dialog.example.se/registrations/***"
    assert token not in repr(atoms)
