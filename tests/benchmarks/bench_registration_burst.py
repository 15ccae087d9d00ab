"""Benchmark: a burst of sign-ups for one event over HTTP, and the database checked afterwards.

How to run it
-------------
    .venv/bin/python tests/benchmarks/bench_registration_burst.py \\
        --database-url postgresql+psycopg://dialogue:dialogue@127.0.0.1:5432/postgres

The URL names a PostgreSQL *server* (the role needs CREATEDB). The script fills a fresh database with a tenth of
the benchmark city (tests/benchmarks/city.py) and adds one published event with 100 places and a waiting list,
then starts gunicorn with 2 sync workers in production configuration (CSRF on, rate limits raised so that they
never refuse, one trusted proxy so that each client has an address of its own in X-Forwarded-For) through
tests/benchmarks/timed_wsgi.py, which logs how long each transaction holds the event's row lock.

Each of `--clients` (400) clients first opens the registration form (its own session and CSRF token, not timed);
then all of them send the form at once, a party of one or two adults each, without following the redirect. It
prints the registrations per second (from the first send to the last answer), the answers' latency, the row
lock's hold time (median, p95, max), the statements a registration runs, and the workers' memory; then it checks
the database: every client answered with the manage page, no more places confirmed than the capacity and
`places_taken` equal to them, the statuses exactly those of handing out the places in sign-up (id) order, the
waiting list's places 1, 2, 3, ... without a gap in the emails that told them, and exactly one email to each.

Goals (issue 13): at least 200 registrations a second, the lock held at most 2 ms (median). Timings belong here,
never in test asserts.
"""

import argparse
import http.client
import re
import statistics
import sys
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path

from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.benchmarks import city, load  # noqa: E402

CAPACITY = 100
TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def add_burst_event(database_url: str) -> int:
    engine = create_engine(database_url)
    with engine.begin() as connection:
        event_id = connection.scalar(
            text(
                f"""INSERT INTO events (kind, title, description, neighbourhood_id, venue, address,
                                        accessibility_info, starts_at, ends_at, capacity, places_taken,
                                        waitlist_enabled, audience, status, inclusive_method,
                                        inclusive_methods_note, revision, reminder_hours, created_at, updated_at)
                    VALUES ('citizen_dialogue', 'The burst', 'Everyone at once.', 1, 'Library', 'Storgatan 1', '',
                            now() + interval '10 days', now() + interval '10 days 2 hours', {CAPACITY}, 0, true,
                            'everyone', 'published', false, '', 0, 24, now(), now())
                    RETURNING id"""
            )
        )
    engine.dispose()
    return event_id


class Client:
    """One person: their address, cookie and CSRF token, and what the server answered."""

    def __init__(self, number: int, port: int, event_id: int):
        self.number, self.port, self.event_id = number, port, event_id
        self.address = f"10.{number // 250}.{number % 250}.{7 + number % 3}"
        self.cookie = self.token = None
        self.status = self.location = None
        self.seconds = None

    def _request(self, method: str, path: str, body: str | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        # Behind the proxy the site is https, where the CSRF check also wants a referrer from the site itself.
        headers = {
            "X-Forwarded-For": self.address,
            "X-Forwarded-Proto": "https",
            "Referer": f"https://127.0.0.1:{self.port}/events/{self.event_id}/register",
        }
        if self.cookie:
            headers["Cookie"] = self.cookie
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        payload = response.read()
        connection.close()
        return response, payload

    def open_form(self) -> None:
        response, payload = self._request("GET", f"/events/{self.event_id}/register")
        assert response.status == 200, (response.status, payload[:500])
        self.cookie = response.getheader("Set-Cookie").split(";", 1)[0]
        found = TOKEN.search(payload.decode())
        assert found, "no CSRF token in the form"
        self.token = found.group(1) or found.group(2)

    def send_form(self) -> None:
        adults = 1 + self.number % 2
        form = {
            "csrf_token": self.token,
            "contact_name": f"Resident {self.number}",
            "email": f"burst{self.number}@example.se",
            "adults": str(adults),
            "children": "0",
            "interpreter_language": "",
            "access_note": "",
            "preferred_language": "en",
        }
        started = time.perf_counter()
        response, _ = self._request("POST", f"/events/{self.event_id}/register", urllib.parse.urlencode(form))
        self.seconds = time.perf_counter() - started
        self.status, self.location = response.status, response.getheader("Location")


def in_threads(clients: list[Client], action: str, together: bool) -> float:
    barrier = threading.Barrier(len(clients) + 1) if together else None
    errors = []

    def run(client):
        try:
            if barrier:
                barrier.wait()
            getattr(client, action)()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(f"client {client.number}: {error!r}")

    threads = [threading.Thread(target=run, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    if barrier:
        barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    if errors:
        sys.exit("\n".join(errors[:10]))
    return time.perf_counter() - started


def check_database(database_url: str, event_id: int, clients: int) -> list[str]:
    """What went wrong, if anything: every rule of registration, read back from the database."""
    problems = []
    engine = create_engine(database_url)
    with engine.connect() as connection:
        capacity, taken = connection.execute(
            text("SELECT capacity, places_taken FROM events WHERE id = :id"), {"id": event_id}
        ).one()
        rows = connection.execute(
            text("SELECT id, email, status, adults + children FROM registrations WHERE event_id = :id ORDER BY id"),
            {"id": event_id},
        ).all()
        mails = connection.execute(
            text(
                """SELECT to_address, kind, subject FROM outbox_messages
                   WHERE to_address IN (SELECT email FROM registrations WHERE event_id = :id)"""
            ),
            {"id": event_id},
        ).all()
    engine.dispose()
    confirmed = sum(party for _, _, status, party in rows if status == "confirmed")
    if len(rows) != clients:
        problems.append(f"{len(rows)} registrations for {clients} clients")
    if confirmed > capacity:
        problems.append(f"overbooked: {confirmed} places confirmed of {capacity}")
    if taken != confirmed:
        problems.append(f"places_taken says {taken}, the confirmed registrations {confirmed}")
    free, replay = capacity, {}
    for registration_id, _, _, party in rows:  # sign-up order: each party that fits is confirmed
        replay[registration_id] = "confirmed" if party <= free else "waitlisted"
        free -= party if party <= free else 0
    stored = {registration_id: status for registration_id, _, status, _ in rows}
    if stored != replay:
        wrong = [registration_id for registration_id in stored if stored[registration_id] != replay[registration_id]]
        problems.append(f"{len(wrong)} statuses differ from handing out the places in sign-up order")
    per_address = Counter(address for address, _, _ in mails)
    if set(per_address.values()) != {1} or len(per_address) != len(rows):
        problems.append(f"emails per registration: {Counter(per_address.values())}, for {len(rows)} registrations")
    waiting_places = sorted(
        int(found.group(1)) for _, kind, subject in mails if (found := re.search(r"place (\d+)", subject))
    )
    waiting = sum(1 for status in stored.values() if status == "waitlisted")
    if waiting_places != list(range(1, waiting + 1)):
        problems.append(f"the waiting list's emails name places {waiting_places[:10]}..., not 1 to {waiting}")
    return problems


def lock_figures(path: Path) -> str:
    lines = [line.split() for line in path.read_text().splitlines() if line.strip()]
    commits = [line for line in lines if line[3] == "commit"]
    if not commits:
        return "no transaction took the event's row lock"
    held = sorted(float(line[0]) for line in commits)
    statements = Counter(int(line[1]) for line in commits)
    locked = Counter(int(line[2]) for line in commits)
    p95 = held[min(len(held) - 1, int(len(held) * 0.95))]
    return (
        f"row lock held (ms): median {statistics.median(held):.2f}, p95 {p95:.2f}, max {held[-1]:.2f} "
        f"over {len(held)} transactions ({len(lines) - len(commits)} rolled back)\n"
        f"statements per registration: {dict(sorted(statements.items()))}; "
        f"of them while holding the lock: {dict(sorted(locked.items()))}"
    )


def run(arguments) -> None:
    redis_url = load.redis_url_if_running()
    print(f"Load average at start: {load.load_average()}")
    with city.city_database(arguments.database_url, 0.1, arguments.keep, "burst") as url:
        event_id = add_burst_event(url)
        timings = Path(f"/tmp/dialogue-burst-locks-{event_id}-{time.time_ns()}.txt")
        environment = load.dialogue_environment(url, redis_url) | {
            "TRUSTED_PROXY_COUNT": "1",
            "LOCK_TIMINGS_FILE": str(timings),
        }
        with load.gunicorn("tests.benchmarks.timed_wsgi:app", environment, label="burst") as server:
            clients = [Client(number, server.port, event_id) for number in range(arguments.clients)]
            in_threads(clients, "open_form", together=False)
            timings.write_text("")  # only the sign-ups count
            print(f"{len(clients)} clients send the form at once (load average {load.load_average()})")
            seconds = in_threads(clients, "send_form", together=True)
            rss = server.worker_rss_mb()
        statuses = Counter(client.status for client in clients)
        latencies = sorted(client.seconds * 1000 for client in clients)
        print(f"answers: {dict(statuses)} in {seconds:.2f} s: {len(clients) / seconds:.0f} registrations a second")
        print(
            f"latency (ms): median {statistics.median(latencies):.0f}, "
            f"p95 {latencies[int(len(latencies) * 0.95)]:.0f}, max {latencies[-1]:.0f}"
        )
        print(lock_figures(timings))
        print(f"resident memory per worker afterwards: {', '.join(f'{size:.0f}' for size in rss)} MB")
        problems = [f"{count} answers were {status}" for status, count in statuses.items() if status != 302]
        problems += check_database(url, event_id, len(clients))
        print("database checked:", "every rule held" if not problems else "\n  " + "\n  ".join(problems))
        print(f"Load average at the end: {load.load_average()}")
        timings.unlink(missing_ok=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True, help="a PostgreSQL server URL (postgresql+psycopg://...)")
    parser.add_argument("--clients", type=int, default=400)
    parser.add_argument("--keep", action="store_true", help="keep the database instead of dropping it")
    arguments = parser.parse_args()
    if not arguments.database_url.startswith("postgresql"):
        parser.error("the benchmark needs PostgreSQL")
    run(arguments)


if __name__ == "__main__":
    main()
