"""What the HTTP benchmarks share: gunicorn as production runs it, wrk with the percentiles it keeps, a signed-in
session for staff pages, the workers' memory and the machine's load.

gunicorn is started with the shipped gunicorn.conf.py (the masking logger, the access log) and 2 sync workers,
Dialogue in production configuration: PUBLIC_URL names 127.0.0.1, so the trusted-host check passes, and every
rate limit is raised far past what one machine can send (RATE_LIMIT_*), so that no 429 is ever measured.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.gunicorn_server import wait_for_port, wait_for_workers  # noqa: E402

SECRET_KEY = "benchmark-only-secret-key"
NO_LIMIT = "1000000 per second"  # a one-second window keeps Redis's moving-window lists short
RATE_LIMITS = (
    "LOGIN",
    "ACCOUNT_EMAIL",
    "NEW_PASSWORD",
    "REGISTRATION",
    "CONTRIBUTION",
    "SUPPORT",
    "REPORT",
    "SEARCH",
    "FEEDS",
)
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
                 + summary.errors.status + summary.errors.timeout
  io.write(string.format('{"requests": %d, "microseconds": %d, "errors": %d, "non_2xx": %d, '
                         .. '"p50": %d, "p95": %d, "p99": %d}\\n',
           summary.requests, summary.duration, errors, summary.errors.status,
           latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def dialogue_environment(database_url: str, redis_url: str | None) -> dict:
    environment = {
        "DIALOGUE_ENV": "production",
        "SECRET_KEY": SECRET_KEY,
        "DATABASE_URL": database_url,
        "PUBLIC_URL": "http://127.0.0.1",
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        "RATELIMIT_KEY_PREFIX": f"dialogue-bench-{os.getpid()}",
        "MAIL_FROM": "Dialogue <noreply@example.se>",
        "SESSION_IDLE_MINUTES_STAFF": "600",
    }
    environment.update({f"RATE_LIMIT_{name}": NO_LIMIT for name in RATE_LIMITS})
    return environment


def redis_url_if_running(url: str = "redis://127.0.0.1:6379/14") -> str | None:
    """Production counts the limits in Redis; the benchmark does too where a Redis answers."""
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as connection:
            connection.sendall(b"PING\r\n")
            return url if connection.recv(16).startswith(b"+PONG") else None
    except OSError:
        return None


@dataclass
class Server:
    port: int
    pid: int
    directory: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.pid}/task/{self.pid}/children").read_text().split()
        return [int(pid) for pid in children]

    def worker_rss_mb(self) -> list[float]:
        sizes = []
        for pid in self.worker_pids():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(int(line.split()[1]) / 1024)
        return sizes


@contextmanager
def gunicorn(app_path: str, environment: dict, workers: int = 2, label: str = "dialogue"):
    """gunicorn with the shipped configuration and `workers` sync workers on a free port; yields a Server."""
    directory = Path(tempfile.mkdtemp(prefix=f"bench-{label}-"))
    access_log, error_log = directory / "access.log", directory / "error.log"
    command = [sys.executable, "-m", "gunicorn", "--config", str(ROOT / "gunicorn.conf.py"), "--bind", "127.0.0.1:0"]
    command += ["--workers", str(workers), "--worker-class", "sync", "--no-control-socket", app_path]
    with access_log.open("w") as stdout, error_log.open("w") as stderr:
        server = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **environment}, stdout=stdout, stderr=stderr)
    try:
        port = wait_for_port(error_log, server)
        wait_for_workers(error_log, server, workers)
        yield Server(port, server.pid, directory)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(30)
        finally:
            if server.poll() is None:
                server.kill()
                server.wait()
        shutil.rmtree(directory, ignore_errors=True)


def staff_cookie(database_url: str, user_id: int) -> str:
    """A session cookie as a login makes it for the account, signed with the benchmark's SECRET_KEY."""
    from dialogue import create_app
    from dialogue.accounts.models import User
    from dialogue.extensions import db

    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": SECRET_KEY})
    with app.app_context():
        version = db.session.get(User, user_id).session_version
        db.session.remove()
        db.engine.dispose()
    now = int(time.time())
    session = {
        "_user_id": str(user_id),
        "_fresh": True,
        "session_version": version,
        "session_started": now,
        "session_seen": now,
    }
    value = app.session_interface.get_signing_serializer(app).dumps(session)
    return f"{app.config['SESSION_COOKIE_NAME']}={value}"


def fetch(url: str, cookie: str | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@dataclass
class Measurement:
    requests_per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int
    non_2xx: int


def wrk(url: str, seconds: float, connections: int = 16, threads: int = 2, cookie: str | None = None) -> Measurement:
    """`wrk -t2 -c16` for `seconds` against `url`."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    try:
        command = [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{round(seconds)}s",
            "--timeout",
            "10s",
            "-s",
            script.name,
        ]
        if cookie:
            command += ["-H", f"Cookie: {cookie}"]
        output = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(script.name)
    figures = json.loads(next(line for line in output.splitlines() if line.startswith("{")))
    return Measurement(
        requests_per_second=figures["requests"] / (figures["microseconds"] / 1e6),
        p50_ms=figures["p50"] / 1000,
        p95_ms=figures["p95"] / 1000,
        p99_ms=figures["p99"] / 1000,
        errors=figures["errors"],
        non_2xx=figures["non_2xx"],
    )


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def require_wrk() -> None:
    if shutil.which("wrk") is None:
        sys.exit("wrk is needed: apt-get install -y wrk")
