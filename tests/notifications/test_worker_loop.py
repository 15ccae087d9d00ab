"""`flask outbox send --loop`: the worker as a service. It delivers what is queued while it runs, says once that
the server is down and once that it is back, and stops cleanly on SIGTERM (systemd) or SIGINT (Ctrl-C)."""

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from dialogue.outbox.smtp import MailSettings, mailer_for
from dialogue.outbox.worker import run_loop
from tests.conftest import make_app
from tests.notifications.outbox_helpers import outbox, queue, statuses

PROJECT_DIR = Path(__file__).resolve().parents[2]
PATIENCE_SECONDS = 30  # how long to wait for something that should happen at once; a guard, not a timing check


def wait_until(condition, what: str) -> None:
    deadline = time.monotonic() + PATIENCE_SECONDS
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting: {what}"
        time.sleep(0.02)


class LoopInThread:
    """run_loop() in a thread of its own, as `flask outbox send --loop` runs it, with what it says kept."""

    def __init__(self, app):
        self.app = app
        self.stop = threading.Event()
        self.said: list[str] = []
        self.complaints: list[str] = []
        self.rounds = 0
        self.thread = threading.Thread(target=self._run)

    def _run(self):
        with self.app.app_context():
            settings = MailSettings.from_config(self.app.config)
            run_loop(
                settings, lambda: self._mailer(settings), 0.05, self.stop, self.said.append, self.complaints.append
            )

    def _mailer(self, settings):
        self.rounds += 1  # each round makes one
        return mailer_for(settings)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stop.set()
        self.thread.join(PATIENCE_SECONDS)
        assert not self.thread.is_alive(), "the loop did not stop"


def test_the_loop_delivers_what_is_queued_while_it_runs(mail_app, smtp_server):
    queue(mail_app, 3, subject="Early")
    with LoopInThread(mail_app) as loop:
        wait_until(lambda: len(smtp_server.received) == 3, "the first three messages")
        queue(mail_app, 2, subject="Late")
        wait_until(lambda: len(smtp_server.received) == 5, "the two added later")

    assert Counter(smtp_server.subjects()) == Counter(["Early 1", "Early 2", "Early 3", "Late 1", "Late 2"])
    assert statuses(mail_app) == ["sent"] * 5
    assert "Sent 3, to try again later 0, given up 0." in loop.said
    assert loop.complaints == []


def test_the_loop_says_once_that_the_server_is_down_and_delivers_when_it_is_back(mail_app, smtp_server):
    smtp_server.stop()
    queue(mail_app, 2, subject="During the outage")
    with LoopInThread(mail_app) as loop:
        wait_until(lambda: len(loop.complaints) == 1, "the outage to be reported")
        rounds = loop.rounds
        wait_until(lambda: loop.rounds >= rounds + 5, "more rounds against the stopped server")
        assert len(loop.complaints) == 1, "the outage is reported once, not every round"
        assert "Messages stay queued" in loop.complaints[0] and "Connection refused" in loop.complaints[0]
        assert [(row.status, row.attempts) for row in outbox(mail_app)] == [("pending", 0)] * 2

        smtp_server.start()
        wait_until(lambda: len(smtp_server.received) == 2, "delivery after the outage")
        wait_until(lambda: "Sending works again." in loop.said, "the recovery to be reported")

    assert Counter(smtp_server.subjects()) == Counter(["During the outage 1", "During the outage 2"])


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_the_service_delivers_and_stops_cleanly_on_a_signal(sqlite_url, smtp_server, signum):
    app = make_app(sqlite_url)
    queue(app, 2, subject="Before start")
    settings = smtp_server.mail_settings()
    environment = {
        **os.environ,
        "DIALOGUE_ENV": "testing",
        "DIALOGUE_TEST_DATABASE_URL": sqlite_url,
        **{name: str(value) for name, value in settings.items() if value is not None},
    }
    service = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "wsgi", "outbox", "send", "--loop", "--interval", "0.1"],
        cwd=PROJECT_DIR,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_until(lambda: len(smtp_server.received) == 2 or service.poll() is not None, "the service to deliver")
        queue(app, 1, subject="While running")
        wait_until(lambda: len(smtp_server.received) == 3 or service.poll() is not None, "the service to go on")
        service.send_signal(signum)
        output, errors = service.communicate(timeout=PATIENCE_SECONDS)
    finally:
        if service.poll() is None:
            service.kill()
            service.communicate()

    assert service.returncode == 0, errors
    assert "Stopped." in output
    assert "Traceback" not in errors
    assert Counter(smtp_server.subjects()) == Counter(["Before start 1", "Before start 2", "While running"])
    assert statuses(app) == ["sent"] * 3
