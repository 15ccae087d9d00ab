"""Every answer carries a request id in X-Request-ID, and so does every log line written while it is made: a new one,
or the proxy's when that is short and plain."""

import re

import pytest
from flask import current_app

GENERATED = re.compile(r"[0-9a-f]{32}")


def test_a_request_without_an_id_gets_a_new_one_each_time(client):
    first, second = client.get("/").headers["X-Request-ID"], client.get("/").headers["X-Request-ID"]

    assert GENERATED.fullmatch(first) and GENERATED.fullmatch(second)
    assert first != second


@pytest.mark.parametrize("offered", ["5f0c6c1e-7d0a-4b6e-9a3e-2f1d8c9b7a61", "req.42:edge-1_a"])
def test_a_short_plain_id_from_the_proxy_is_kept(client, offered):
    assert client.get("/", headers={"X-Request-ID": offered}).headers["X-Request-ID"] == offered


@pytest.mark.parametrize(
    "offered",
    [
        "abc\n2026-01-01T00:00:00.000Z ERROR dialogue [-] forged line",
        "a" * 500,
        "a" * 65,
        "<script>alert(1)</script>",
        "two words",
        "",
    ],
    ids=["newline", "500 characters", "65 characters", "markup", "space", "empty"],
)
def test_any_other_id_is_replaced(client, offered):
    # Set in the environment: the test client, like a browser, refuses a header value with a line break.
    answered = client.get("/", environ_overrides={"HTTP_X_REQUEST_ID": offered}).headers["X-Request-ID"]

    assert GENERATED.fullmatch(answered)


def test_error_pages_carry_the_id_too(client):
    response = client.get("/no/such/page", headers={"X-Request-ID": "lost-1"})

    assert response.status_code == 404
    assert response.headers["X-Request-ID"] == "lost-1"


def test_the_lines_a_request_logs_carry_its_id(app, capsys):
    @app.get("/test-only/log")
    def log_something():
        current_app.logger.warning("something to note")
        current_app.logger.warning("and more")
        return "noted"

    client = app.test_client()
    capsys.readouterr()
    ids = [client.get("/test-only/log").headers["X-Request-ID"] for _ in range(2)]

    lines = [line for line in capsys.readouterr().err.splitlines() if "something to note" in line or "and more" in line]
    assert [re.search(r"\[([^\]]+)\]", line).group(1) for line in lines] == [ids[0], ids[0], ids[1], ids[1]]
