"""The log: lines on stderr with the time, level, logger and request id; no token of a URL, and no value of a
failing statement, in what the app or werkzeug's development server writes."""

import logging
import re
import threading
import urllib.request

import pytest
from sqlalchemy import select, text
from werkzeug.routing import Map, Rule
from werkzeug.serving import make_server

from dialogue.calendars.tokens import renew_calendar_token
from dialogue.extensions import db
from dialogue.logs import AddRequestId, MaskTokens, StderrHandler, mask_tokens, secret_path_patterns
from dialogue.outbox.models import OutboxMessage
from tests.conftest import close_connections, make_app
from tests.factories import make_event, make_registration, make_user
from tests.support import arrange, look

EMAIL, NAME = "amira@example.se", "Amira Hassan"
NEW_PASSWORD = "tram lantern sorrel"
RESET_LINK = re.compile(r"https?://[^\s/]+(/account/reset/([A-Za-z0-9_-]+))")
LINE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (?P<level>[A-Z]+) (?P<logger>\S+) \[(?P<id>[^\]]+)\] ")


def reset_link(app, client) -> tuple[str, str]:
    """Asks for a new password for EMAIL as a person does; returns the emailed link's path and its token."""
    assert client.post("/account/forgot", data={"email": EMAIL}).status_code == 302
    with look(app):
        body = db.session.scalars(select(OutboxMessage.body_text).where(OutboxMessage.kind == "password_reset")).one()
    match = RESET_LINK.search(body)
    return match.group(1), match.group(2)


def refuse_every_change_of(app, table: str) -> None:
    """From now on, every change of a row of `table` fails in the database itself, as a real error would."""
    with arrange(app):
        if db.engine.dialect.name == "postgresql":
            # A check that every new row breaks; NOT VALID leaves the rows already there alone.
            db.session.execute(text(f"ALTER TABLE {table} ADD CONSTRAINT ck_{table}_refused CHECK (false) NOT VALID"))
        else:
            db.session.execute(
                text(
                    f"CREATE TRIGGER {table}_refused BEFORE UPDATE ON {table} BEGIN SELECT RAISE(ABORT, 'refused'); END"
                )
            )


def test_a_database_error_behind_a_reset_link_is_logged_without_the_token_or_the_values(database_url, capsys, caplog):
    app = make_app(database_url, PROPAGATE_EXCEPTIONS=False)  # a 500 page and a log line, as in production
    try:
        with arrange(app):
            make_user(email=EMAIL, name=NAME)
        client = app.test_client()
        path, token = reset_link(app, client)
        refuse_every_change_of(app, "users")
        capsys.readouterr()
        caplog.clear()

        response = client.post(path, data={"new_password": NEW_PASSWORD, "new_password_again": NEW_PASSWORD})
    finally:
        close_connections(app)

    assert response.status_code == 500
    request_id = response.headers["X-Request-ID"]
    written = capsys.readouterr().err
    (record,) = [record for record in caplog.records if record.name == "dialogue"]
    assert record.getMessage() == "Exception on /account/reset/*** [POST]"
    assert record.request_id == request_id
    line = next(line for line in written.splitlines() if "Exception on" in line)
    assert LINE.match(line).group("level", "logger", "id") == ("ERROR", "dialogue", request_id)
    for output in (written, caplog.text):
        assert "[SQL: UPDATE users SET password_hash=" in output  # the statement, with its traceback
        assert "[SQL parameters hidden due to hide_parameters=True]" in output
        for secret in (token, EMAIL, NAME, NEW_PASSWORD, "pbkdf2:sha256"):  # the last begins every password hash
            assert secret not in output


def test_the_development_server_log_masks_the_tokens(app, caplog):
    with arrange(app):
        token = make_registration(make_event(), email=EMAIL).manage_token
        feed_token = renew_calendar_token(make_user())
    caplog.set_level(logging.INFO, logger="werkzeug")
    server = make_server("127.0.0.1", 0, app)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        for path in (f"/registrations/{token}", f"/calendar/personal/{feed_token}.ics"):
            with urllib.request.urlopen(f"http://127.0.0.1:{server.server_port}{path}") as response:
                assert response.status == 200
    finally:
        server.shutdown()
        thread.join()
        server.server_close()

    lines = [record.getMessage() for record in caplog.records if record.name == "werkzeug"]
    assert any('"GET /registrations/*** HTTP/1.1" 200' in line for line in lines), lines
    assert any('"GET /calendar/personal/***.ics HTTP/1.1" 200' in line for line in lines), lines
    assert token not in caplog.text and feed_token not in caplog.text


def test_every_token_route_of_the_url_map_is_masked_and_the_rest_of_the_path_kept(app):
    examples = {
        "GET /registrations/Ab-c_9 HTTP/1.1": "GET /registrations/*** HTTP/1.1",
        "Exception on /registrations/Ab-c_9/cancel [POST]": "Exception on /registrations/***/cancel [POST]",
        "POST /account/reset/Ab-c_9?next=/events": "POST /account/reset/***?next=/events",
        '"GET /calendar/personal/Ab-c_9.ics"': '"GET /calendar/personal/***.ics"',
        "GET /calendar/personal/Ab-c_9": "GET /calendar/personal/***",  # a mistyped feed is still a token
        "https://dialog.example.se:8443/registrations/Ab-c_9": "https://dialog.example.se:8443/registrations/***",
        "/account/login?next=/registrations/Ab-c_9": "/account/login?next=/registrations/***",
        # Not token routes, or not the start of their path: left as they are.
        "GET /my/registrations/12/cancel": "GET /my/registrations/12/cancel",
        "GET /calendar/neighbourhoods/rosengard.ics": "GET /calendar/neighbourhoods/rosengard.ics",
        "GET /events/12/register": "GET /events/12/register",
    }
    patterns = secret_path_patterns(app.url_map)

    assert {line: mask_tokens(line, patterns) for line in examples} == examples


def test_a_new_token_route_is_masked_without_a_change_to_the_log():
    url_map = Map(
        [
            Rule("/invitations/<invite_token>/accept", endpoint="accept"),
            Rule("/exports/<int:report_id>/<token>.csv", endpoint="export"),
            Rule("/events/<int:event_id>", endpoint="event"),
        ]
    )
    patterns = secret_path_patterns(url_map)

    assert len(patterns) == 2
    assert mask_tokens("GET /invitations/s3cret/accept", patterns) == "GET /invitations/***/accept"
    assert mask_tokens("GET /exports/42/s3cret.csv", patterns) == "GET /exports/42/***.csv"
    assert mask_tokens("GET /events/42", patterns) == "GET /events/42"


def test_logging_is_set_up_once_however_many_apps_are_made(sqlite_url, capsys):
    apps = [make_app(sqlite_url), make_app(sqlite_url)]
    try:
        apps[1].logger.warning("a line about %s", "/registrations/Ab-c_9")
    finally:
        for app in apps:
            close_connections(app)

    lines = [line for line in capsys.readouterr().err.splitlines() if "a line about" in line]
    assert len(lines) == 1, lines
    assert LINE.match(lines[0]).group("level", "logger", "id") == ("WARNING", "dialogue", "-")
    assert lines[0].endswith("a line about /registrations/***")
    assert sum(isinstance(handler, StderrHandler) for handler in logging.getLogger().handlers) == 1
    for name in ("dialogue", "werkzeug"):
        filters = logging.getLogger(name).filters
        assert [type(item) for item in filters].count(MaskTokens) == 1
        assert [type(item) for item in filters].count(AddRequestId) == 1


@pytest.mark.parametrize("where", ["message", "traceback"])
def test_a_token_in_a_traceback_or_an_argument_is_masked(app, caplog, where):
    try:
        raise ValueError("no such link: /registrations/Ab-c_9")
    except ValueError:
        if where == "message":
            app.logger.error("Failed on %s", "/registrations/Ab-c_9/cancel")
        else:
            app.logger.exception("Failed")

    assert "/registrations/***" in caplog.text
    assert "Ab-c_9" not in caplog.text
