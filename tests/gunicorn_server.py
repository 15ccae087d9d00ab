"""gunicorn for tests, as production runs it: `gunicorn --config gunicorn.conf.py ... wsgi:app` in a process of its
own, on a free port of the system's choosing, stopped with SIGTERM at the end."""

import os
import re
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]
PATIENCE_SECONDS = 30  # how long to wait for something that should happen at once; a guard, not a timing check
LISTENING = re.compile(r"Listening at: http://127\.0\.0\.1:(\d+)")


def wait_for_port(error_log: Path, server: subprocess.Popen) -> int:
    deadline = time.monotonic() + PATIENCE_SECONDS
    while not (found := LISTENING.search(error_log.read_text())):
        assert server.poll() is None, f"gunicorn stopped:\n{error_log.read_text()}"
        assert time.monotonic() < deadline, f"gunicorn did not start:\n{error_log.read_text()}"
        time.sleep(0.05)
    return int(found.group(1))


def wait_for_workers(error_log: Path, server: subprocess.Popen, workers: int) -> None:
    deadline = time.monotonic() + PATIENCE_SECONDS
    while error_log.read_text().count("Booting worker with pid") < workers:
        assert server.poll() is None, f"gunicorn stopped:\n{error_log.read_text()}"
        assert time.monotonic() < deadline, f"gunicorn's workers did not start:\n{error_log.read_text()}"
        time.sleep(0.05)


@contextmanager
def gunicorn(directory: Path, environment: dict, workers: int = 1, options: tuple[str, ...] = ()):
    """Runs gunicorn with the shipped configuration and `environment`; yields (port, access log, error log) once
    every worker has booted."""
    access_log, error_log = directory / "access.log", directory / "error.log"
    command = [sys.executable, "-m", "gunicorn", "--config", str(PROJECT_DIR / "gunicorn.conf.py")]
    # No control socket, which would be shared with any other gunicorn.
    command += ["--bind", "127.0.0.1:0", "--workers", str(workers), "--no-control-socket", *options, "wsgi:app"]
    with access_log.open("w") as stdout, error_log.open("w") as stderr:
        server = subprocess.Popen(
            command, cwd=PROJECT_DIR, env={**os.environ, **environment}, stdout=stdout, stderr=stderr
        )
    try:
        port = wait_for_port(error_log, server)
        wait_for_workers(error_log, server, workers)
        yield port, access_log, error_log
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(PATIENCE_SECONDS)
        finally:
            if server.poll() is None:
                server.kill()
                server.wait()
