"""Profile: one registration POST in-process, as the burst benchmark sends it, with what it costs in counts that do
not depend on how busy the machine is.

How to run it
-------------
    .venv/bin/python tests/benchmarks/profile_registration.py \\
        --database-url postgresql+psycopg://dialogue:dialogue@127.0.0.1:5432/postgres [--cprofile 30]

It fills a fresh database as tests/benchmarks/bench_registration_burst.py does (a tenth of the benchmark city, one
event with 100 places and a waiting list), makes the app in production configuration (CSRF on, the rate limits
raised, counted in Redis when one answers), and sends the registration form through Flask's test client, each
sign-up from its own address with its own session and CSRF token, until the places are gone and the waiting list
has begun. For a confirmed and a waiting sign-up it prints every round trip the POST makes to PostgreSQL (each SQL
statement, and BEGIN, COMMIT and the pool's ping) and to Redis, in order, and the Python function calls it makes
(a measure of its CPU that does not change with the machine's load); the medians over all sign-ups of each kind;
and, with --cprofile N, the N functions that took most time over all of them.
"""

import argparse
import cProfile
import pstats
import statistics
import sys
import time
from pathlib import Path

import psycopg
import redis

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.benchmarks import city, load  # noqa: E402
from tests.benchmarks.bench_registration_burst import CAPACITY, TOKEN, add_burst_event  # noqa: E402

SIGN_UPS = 160  # parties of one and two: the first ~67 are confirmed, the rest wait


class RoundTrips:
    """Every statement, transaction command and Redis command the process sends, while `recording`."""

    def __init__(self):
        self.recording, self.sent = False, []
        for owner, name, kind in (
            (psycopg.Cursor, "execute", "SQL"),
            (psycopg.Connection, "_exec_command", "SQL"),  # BEGIN, COMMIT, ROLLBACK, as psycopg sends them
            (redis.Redis, "execute_command", "Redis"),
        ):
            self._wrap(owner, name, kind)

    def _wrap(self, owner, name, kind):
        original = getattr(owner, name)
        trips = self

        def wrapped(self, *args, **kwargs):
            answer = original(self, *args, **kwargs)  # a statement is noted after the BEGIN psycopg sends before it
            if trips.recording:
                command = args[0].decode() if isinstance(args[0], bytes) else str(args[0])
                trips.sent.append(f"{kind:5} {' '.join(command.split())[:100]}")
            return answer

        setattr(owner, name, wrapped)


def python_calls(action) -> int:
    calls = [0]

    def count(frame, event, arg):
        if event in ("call", "c_call"):
            calls[0] += 1

    sys.setprofile(count)
    try:
        action()
    finally:
        sys.setprofile(None)
    return calls[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True, help="a PostgreSQL server URL (postgresql+psycopg://...)")
    parser.add_argument(
        "--cprofile", type=int, default=0, metavar="N", help="print cProfile's top N functions, not the call counts"
    )
    arguments = parser.parse_args()
    trips = RoundTrips()
    with city.city_database(arguments.database_url, 0.1, False, "profile") as url:
        event_id = add_burst_event(url)
        # The settings gunicorn's workers read from the environment in the burst benchmark, given directly: the
        # configuration classes read the environment once, when they were imported for filling the city.
        settings = load.dialogue_environment(url, load.redis_url_if_running())
        settings = {name: value for name, value in settings.items() if name not in ("DIALOGUE_ENV", "DATABASE_URL")}
        from dialogue import create_app

        app = create_app("production", settings | {"SQLALCHEMY_DATABASE_URI": url, "TRUSTED_PROXY_COUNT": 1})
        path = f"/events/{event_id}/register"
        sign_ups = []
        for number in range(SIGN_UPS):
            client = app.test_client()
            headers = {
                "X-Forwarded-For": f"10.{number // 250}.{number % 250}.{7 + number % 3}",
                "X-Forwarded-Proto": "https",
                "Referer": f"https://127.0.0.1{path}",
            }
            page = client.get(path, headers=headers, base_url="https://127.0.0.1").get_data(as_text=True)
            found = TOKEN.search(page)
            form = {
                "csrf_token": found.group(1) or found.group(2),
                "contact_name": f"Resident {number}",
                "email": f"profile{number}@example.se",
                "adults": str(1 + number % 2),
                "children": "0",
                "interpreter_language": "",
                "access_note": "",
                "preferred_language": "en",
            }
            sign_ups.append((client, headers, form))

        profile = cProfile.Profile() if arguments.cprofile else None
        figures = {"confirmed": [], "waiting": []}
        places = 0
        for number, (client, headers, form) in enumerate(sign_ups):
            kind = "confirmed" if places + int(form["adults"]) <= CAPACITY else "waiting"
            places += int(form["adults"]) if kind == "confirmed" else 0
            answers = []

            def post(client=client, headers=headers, form=form, answers=answers):
                answers.append(client.post(path, data=form, headers=headers, base_url="https://127.0.0.1"))

            trips.sent.clear()
            trips.recording = True
            started = time.perf_counter()
            if profile and number >= 10:  # cProfile takes the place of the call counting, which it would replace
                profile.runcall(post)
                calls = 0
            else:
                calls = python_calls(post)
            seconds = time.perf_counter() - started
            trips.recording = False
            assert answers[0].status_code == 302, answers[0].status_code
            if number < 10:  # the first ones warm the caches
                continue
            figures[kind].append((len(trips.sent), calls, seconds))
            if len(figures[kind]) == 2:  # the first of each kind also builds its statement, once for the process
                print(f"A {kind} sign-up: {len(trips.sent)} round trips, {calls} Python calls")
                print("\n".join(f"  {line}" for line in trips.sent))
        for kind, values in figures.items():
            sent, calls, seconds = (statistics.median(column) for column in zip(*values, strict=True))
            print(
                f"{kind}: median over {len(values)} sign-ups: {sent:.0f} round trips, {calls:.0f} Python calls, "
                f"{seconds * 1000:.1f} ms with the call counting (load average {load.load_average()})"
            )
        if profile:
            pstats.Stats(profile).sort_stats("cumulative").print_stats(arguments.cprofile)
        from dialogue.extensions import db

        with app.app_context():
            db.engine.dispose()


if __name__ == "__main__":
    main()
