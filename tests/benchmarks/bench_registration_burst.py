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
prints the registrations per second as the clients saw them (from the first send to the last answer) and as the
workers did (from the first POST a worker began to the last it finished, with how much of that time the workers
were busy), the answers' latency, the row lock's hold time (median, p95, max), the statements a registration runs,
the CPU the clients, the workers and PostgreSQL's backends used in the burst (per registration too) and how busy
the machine was, and the workers' memory. The clients are Python threads in one process: when their CPU comes
near one core, or the workers were idle for a good part of the burst, the clients limited the rate, and the
workers' figure is the server's. Then it checks the database: every client answered with the manage page of its
own registration (the token in the redirect is the one stored), no more places confirmed than the capacity and
`places_taken` equal to them, the statuses exactly those of handing out the places in sign-up (id) order, the
waiting list's places 1, 2, 3, ... without a gap in the emails that told them and `waitlist_length` equal to them,
and exactly one email to each registration.

`--kill-worker` kills one worker with SIGKILL once a quarter of the sign-ups are answered, in the middle of
whatever it is doing; gunicorn starts another. The clients it was serving get no answer; every rule above must
still hold for the registrations in the database, every answered client must have its registration, and an
unanswered one may have one (when the kill came after its commit) or none.

Goals (issue 13): at least 200 registrations a second, the lock held at most 2 ms (median). Timings belong here,
never in test asserts.
"""

import argparse
import hashlib
import http.client
import os
import re
import resource
import signal
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
        self.error = None  # why no answer came, when none did

    @property
    def email(self) -> str:
        return f"burst{self.number}@example.se"

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
            "email": self.email,
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


def in_threads(clients: list[Client], action: str, together: bool, tolerate_errors: bool = False) -> float:
    """Runs `action` of every client, each in a thread; with `together` all start at once (a barrier). Errors end
    the benchmark, unless `tolerate_errors`: then each is kept on its client (a worker killed on purpose)."""
    barrier = threading.Barrier(len(clients) + 1) if together else None
    errors = []

    def run(client):
        try:
            if barrier:
                barrier.wait()
            getattr(client, action)()
        except Exception as error:  # noqa: BLE001 - reported below
            client.error = error
            errors.append(f"client {client.number}: {error!r}")

    threads = [threading.Thread(target=run, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    if barrier:
        barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    if errors and not tolerate_errors:
        sys.exit("\n".join(errors[:10]))
    return time.perf_counter() - started


def manage_token_hash(location: str) -> str:
    token = urllib.parse.urlsplit(location).path.rsplit("/", 1)[-1]
    return hashlib.sha256(token.encode()).hexdigest()


def check_database(database_url: str, event_id: int, clients: list[Client], worker_killed: bool) -> list[str]:
    """What went wrong, if anything: every rule of registration, read back from the database."""
    problems = []
    engine = create_engine(database_url)
    with engine.connect() as connection:
        capacity, taken, waiting_kept = connection.execute(
            text("SELECT capacity, places_taken, waitlist_length FROM events WHERE id = :id"), {"id": event_id}
        ).one()
        rows = connection.execute(
            text(
                """SELECT id, email, status, adults + children, manage_token_hash FROM registrations
                   WHERE event_id = :id ORDER BY id"""
            ),
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
    answered = [client for client in clients if client.status == 302]
    by_email = {email: token_hash for _, email, _, _, token_hash in rows}
    if not worker_killed and len(rows) != len(clients):
        problems.append(f"{len(rows)} registrations for {len(clients)} clients")
    if set(by_email) - {client.email for client in clients}:
        problems.append("registrations of addresses no client sent")
    wrong_answers = [
        client.number
        for client in answered
        if client.location is None or by_email.get(client.email) != manage_token_hash(client.location)
    ]
    if wrong_answers:
        problems.append(f"{len(wrong_answers)} answered clients have no registration with the link they were given")
    confirmed = sum(party for _, _, status, party, _ in rows if status == "confirmed")
    if confirmed > capacity:
        problems.append(f"overbooked: {confirmed} places confirmed of {capacity}")
    if taken != confirmed:
        problems.append(f"places_taken says {taken}, the confirmed registrations {confirmed}")
    free, replay = capacity, {}
    for registration_id, _, _, party, _ in rows:  # sign-up order: each party that fits is confirmed
        replay[registration_id] = "confirmed" if party <= free else "waitlisted"
        free -= party if party <= free else 0
    stored = {registration_id: status for registration_id, _, status, _, _ in rows}
    if stored != replay:
        wrong = [registration_id for registration_id in stored if stored[registration_id] != replay[registration_id]]
        problems.append(f"{len(wrong)} statuses differ from handing out the places in sign-up order")
    per_address = Counter(address for address, _, _ in mails)
    if set(per_address.values()) - {1} or len(per_address) != len(rows):
        problems.append(f"emails per registration: {Counter(per_address.values())}, for {len(rows)} registrations")
    waiting_places = sorted(
        int(found.group(1)) for _, kind, subject in mails if (found := re.search(r"place (\d+)", subject))
    )
    waiting = sum(1 for status in stored.values() if status == "waitlisted")
    if waiting_places != list(range(1, waiting + 1)):
        problems.append(f"the waiting list's emails name places {waiting_places[:10]}..., not 1 to {waiting}")
    if waiting_kept != waiting:
        problems.append(f"waitlist_length says {waiting_kept}, the waiting registrations {waiting}")
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


def server_figures(path: Path, workers: int) -> str:
    """The burst as the workers saw it: from the first POST one began to the last one finished."""
    lines = [line.split() for line in path.read_text().splitlines() if line.strip()]
    if not lines:
        return "no worker finished a POST"
    began, ended = [float(line[0]) for line in lines], [float(line[1]) for line in lines]
    span = max(ended) - min(began)
    busy = sum(end - start for start, end in zip(began, ended, strict=True))
    durations = sorted((end - start) * 1000 for start, end in zip(began, ended, strict=True))
    return (
        f"workers: {len(lines)} POSTs finished in {span:.2f} s from the first one begun: "
        f"{len(lines) / span:.0f} a second; the {workers} workers were busy {busy / (span * workers):.0%} of it; "
        f"a POST took the worker (ms) median {statistics.median(durations):.1f}, "
        f"p95 {durations[int(len(durations) * 0.95)]:.1f}"
    )


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def process_cpu_seconds(pid: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime


def machine_ticks() -> tuple[int, int]:
    """(busy, total) clock ticks of all CPUs since boot."""
    values = [int(value) for value in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]  # idle, iowait
    return sum(values) - idle, sum(values)


class CpuAccount:
    """The CPU the benchmark's own process (the clients), the workers and the database's backends use between
    `start()` and `stop()`, from /proc; a process that ends in between (a killed worker) counts up to its last
    sample."""

    def __init__(self, server, database_url: str):
        self.server, self.database_url = server, database_url

    def _backend_pids(self) -> list[int]:
        engine = create_engine(self.database_url)
        with engine.connect() as connection:
            pids = connection.scalars(
                text("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
            ).all()
        engine.dispose()
        return list(pids)

    def _sample(self) -> dict:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return {
            "client": usage.ru_utime + usage.ru_stime,
            "workers": {pid: process_cpu_seconds(pid) for pid in self.server.worker_pids()},
            "backends": {pid: process_cpu_seconds(pid) for pid in self._backend_pids()},
            "machine": machine_ticks(),
            "at": time.perf_counter(),
        }

    def start(self) -> None:
        self.first = self._sample()
        self.last_seen = {}

    def note(self) -> None:
        """Samples the workers and backends now, so that one killed next still counts up to here."""
        for kind in ("workers", "backends"):
            pids = self.server.worker_pids() if kind == "workers" else self._backend_pids()
            for pid in pids:
                if (seconds := process_cpu_seconds(pid)) is not None:
                    self.last_seen[(kind, pid)] = seconds

    def stop(self, registrations: int) -> str:
        first, last = self.first, self._sample()
        seconds = last["at"] - first["at"]

        def used(kind: str) -> float:
            total = 0.0
            for pid, then in last[kind].items():
                if then is not None:
                    total += then - (first[kind].get(pid) or 0.0)
            for (seen_kind, pid), then in self.last_seen.items():
                if seen_kind == kind and pid not in last[kind] and pid in first[kind]:
                    total += then - (first[kind][pid] or 0.0)
            return total

        client, workers, backends = last["client"] - first["client"], used("workers"), used("backends")
        busy = (last["machine"][0] - first["machine"][0]) / max(last["machine"][1] - first["machine"][1], 1)
        per = max(registrations, 1)
        return (
            f"CPU in the burst ({seconds:.2f} s, {os.cpu_count()} CPUs, the machine {busy:.0%} busy): "
            f"clients {client:.2f} s ({client / seconds:.0%} of a core), workers {workers:.2f} s, "
            f"PostgreSQL's backends {backends:.2f} s; per registration: workers {workers / per * 1000:.1f} ms, "
            f"PostgreSQL {backends / per * 1000:.1f} ms, clients {client / per * 1000:.1f} ms"
        )


def kill_a_worker_when(server, requests: Path, answered: int, account: CpuAccount, done: list) -> threading.Thread:
    """SIGKILLs the first worker once `answered` POSTs are finished; notes (pid, time) in `done`."""

    def watch():
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            if requests.exists() and requests.read_text().count("\n") >= answered:
                account.note()
                pid = server.worker_pids()[0]
                os.kill(pid, signal.SIGKILL)
                done.append((pid, time.time()))
                return
            time.sleep(0.005)

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    return thread


def run(arguments) -> None:
    redis_url = load.redis_url_if_running()
    print(f"Load average at start: {load.load_average()}")
    with city.city_database(arguments.database_url, 0.1, arguments.keep, "burst") as url:
        event_id = add_burst_event(url)
        stamp = f"{event_id}-{time.time_ns()}"
        timings = Path(f"/tmp/dialogue-burst-locks-{stamp}.txt")
        requests = Path(f"/tmp/dialogue-burst-requests-{stamp}.txt")
        environment = load.dialogue_environment(url, redis_url) | {
            "TRUSTED_PROXY_COUNT": "1",
            "LOCK_TIMINGS_FILE": str(timings),
            "REQUEST_TIMINGS_FILE": str(requests),
        }
        killed = []
        with load.gunicorn("tests.benchmarks.timed_wsgi:app", environment, label="burst") as server:
            clients = [Client(number, server.port, event_id) for number in range(arguments.clients)]
            in_threads(clients, "open_form", together=False)
            timings.write_text("")  # only the sign-ups count
            requests.write_text("")
            account = CpuAccount(server, url)
            account.start()
            if arguments.kill_worker:
                kill_a_worker_when(server, requests, len(clients) // 4, account, killed)
            print(f"{len(clients)} clients send the form at once (load average {load.load_average()})")
            seconds = in_threads(clients, "send_form", together=True, tolerate_errors=arguments.kill_worker)
            cpu = account.stop(sum(1 for client in clients if client.status == 302))
            rss = server.worker_rss_mb()
        statuses = Counter(client.status for client in clients)
        answered = [client for client in clients if client.status is not None]
        latencies = sorted(client.seconds * 1000 for client in answered)
        print(f"answers: {dict(statuses)} in {seconds:.2f} s: {len(answered) / seconds:.0f} registrations a second")
        print(
            f"latency (ms): median {statistics.median(latencies):.0f}, "
            f"p95 {latencies[int(len(latencies) * 0.95)]:.0f}, max {latencies[-1]:.0f}"
        )
        print(server_figures(requests, 2))
        print(lock_figures(timings))
        print(cpu)
        print(f"resident memory per worker afterwards: {', '.join(f'{size:.0f}' for size in rss)} MB")
        if arguments.kill_worker:
            unanswered = [client for client in clients if client.status is None]
            print(
                f"worker {killed[0][0]} killed with SIGKILL after {len(clients) // 4} answers: "
                f"{len(unanswered)} clients got no answer ({Counter(type(c.error).__name__ for c in unanswered)})"
                if killed
                else "the burst ended before the worker was killed"
            )
        problems = [f"{count} answers were {status}" for status, count in statuses.items() if status not in (302, None)]
        if None in statuses and not arguments.kill_worker:
            problems.append(f"{statuses[None]} clients got no answer")
        problems += check_database(url, event_id, clients, worker_killed=bool(killed))
        if killed:
            engine = create_engine(url)
            with engine.connect() as connection:
                registered = set(connection.scalars(text("SELECT email FROM registrations")).all())
            engine.dispose()
            late = sum(1 for client in clients if client.status is None and client.email in registered)
            print(f"of the unanswered clients, {late} are registered (the kill came after their commit)")
        print("database checked:", "every rule held" if not problems else "\n  " + "\n  ".join(problems))
        print(f"Load average at the end: {load.load_average()}")
        timings.unlink(missing_ok=True)
        requests.unlink(missing_ok=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True, help="a PostgreSQL server URL (postgresql+psycopg://...)")
    parser.add_argument("--clients", type=int, default=400)
    parser.add_argument("--keep", action="store_true", help="keep the database instead of dropping it")
    parser.add_argument(
        "--kill-worker", action="store_true", help="SIGKILL one worker once a quarter of the sign-ups are answered"
    )
    arguments = parser.parse_args()
    if not arguments.database_url.startswith("postgresql"):
        parser.error("the benchmark needs PostgreSQL")
    run(arguments)


if __name__ == "__main__":
    main()
