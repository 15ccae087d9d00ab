"""In production the limits are counted in Redis, so that every gunicorn worker counts together: gunicorn with two
workers and a real Redis lets exactly the configured number of searches through, however the requests are spread
over the workers.

Which worker takes a request is the kernel's choice, and on a busy machine one worker can take a whole burst, which
then shows nothing. So the burst is sent from one client address after another (each is counted on its own, behind
one trusted proxy) until one burst was answered by both workers; every burst must let exactly the limit through."""

import os
import re
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.gunicorn_server import PATIENCE_SECONDS, gunicorn

LIMIT = 10
REQUESTS = 40
BURSTS = 5
ACCESS_LINE = re.compile(r"^<(\d+)> (\S+) (\d{3})$")


@pytest.fixture
def redis_url():
    url = os.environ.get("DIALOGUE_TEST_REDIS_URL")
    if not url:
        pytest.skip("Redis not configured: set DIALOGUE_TEST_REDIS_URL (see .ci/run)")
    return url


def status_of(port: int, request_id: str, address: str) -> int:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/events/", headers={"X-Request-ID": request_id, "X-Forwarded-For": address}
    )
    try:
        with urllib.request.urlopen(request, timeout=PATIENCE_SECONDS) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_two_gunicorn_workers_count_one_limit_together_in_redis(sqlite_url, redis_url, tmp_path):
    environment = {
        "DIALOGUE_ENV": "production",
        "SECRET_KEY": "gunicorn-test-secret",
        "DATABASE_URL": sqlite_url,
        "PUBLIC_URL": "http://127.0.0.1",
        "RATELIMIT_STORAGE_URI": redis_url,
        "RATELIMIT_KEY_PREFIX": f"dialogue-test-{uuid.uuid4().hex}",  # counts of its own, whatever else ran
        "RATE_LIMIT_SEARCH": f"{LIMIT} per hour",
        "TRUSTED_PROXY_COUNT": "1",
    }
    # Each access line: the worker's process id (gunicorn writes it in <>), the request id and the status.
    options = ("--access-logformat", "%(p)s %({x-request-id}o)s %(s)s")
    shown = False
    with (
        gunicorn(tmp_path, environment, workers=2, options=options) as (port, access_log, _error_log),
        ThreadPoolExecutor(max_workers=8) as pool,
    ):
        for burst in range(1, BURSTS + 1):
            statuses = send_burst(pool, port, burst)
            assert Counter(statuses) == {200: LIMIT, 429: REQUESTS - LIMIT}, f"burst {burst}"
            served = answered(access_log, burst)
            assert len(served) == REQUESTS
            assert Counter(status for _worker, status in served) == Counter(statuses)
            if len({worker for worker, _status in served}) == 2:
                shown = True
                break
    assert shown, f"one worker answered each of {BURSTS} bursts: nothing was shown"


def send_burst(pool, port: int, burst: int) -> list[int]:
    """REQUESTS searches at once from the burst's own client address."""
    address = f"10.0.0.{burst}"
    return list(pool.map(lambda number: status_of(port, f"b{burst}-r{number}", address), range(REQUESTS)))


def answered(access_log, burst: int) -> list[tuple[str, int]]:
    """(worker, status) of each request of the burst, from the access log, which a worker writes just after it
    answered: waited for until every request of the burst is there."""
    deadline = time.monotonic() + PATIENCE_SECONDS
    while True:
        lines = [ACCESS_LINE.match(line) for line in access_log.read_text().splitlines()]
        served = [
            (line.group(1), int(line.group(3))) for line in lines if line and line.group(2).startswith(f"b{burst}-")
        ]
        if len(served) >= REQUESTS or time.monotonic() > deadline:
            return served
        time.sleep(0.05)
