"""Benchmark: does the time of a login answer tell whether an email address has an account?

How to run it
-------------
    .venv/bin/python tests/benchmarks/bench_login_timing.py [--rounds 30]

It makes an app on an in-memory SQLite database with the production password hash (scrypt), one account, and
then sends the login form, interleaved round by round, for: the account with a wrong password, an address
without an account, and the account with the right password. It prints the median, p10 and p90 in milliseconds
of each kind. An unknown address should cost about as much as a wrong password (both run one scrypt check);
before the stand-in check it cost a database lookup only. Timings belong here, never in test asserts.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from dialogue import create_app  # noqa: E402
from dialogue.accounts.services import create_user  # noqa: E402
from dialogue.extensions import db  # noqa: E402

PASSWORD = "tram lantern sorrel"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=30)
    rounds = parser.parse_args().rounds
    app = create_app(
        "testing",
        {
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
            "PASSWORD_HASH_METHOD": "scrypt",
            "LOGIN_FAILURES_ALLOWED": 10 * rounds,  # the benchmark guesses on purpose
        },
    )
    with app.app_context():
        db.create_all()
        create_user(email="known@example.se", name="Known", password=PASSWORD)
        db.session.commit()

    kinds = {
        "known address, wrong password": ("known@example.se", "not the password"),
        "unknown address": ("nobody@example.se", "not the password"),
        "known address, right password": ("known@example.se", PASSWORD),
    }
    times: dict[str, list[float]] = {kind: [] for kind in kinds}
    for _ in range(rounds + 1):  # the first round warms up and is not counted
        for kind, (email, password) in kinds.items():
            client = app.test_client()
            started = time.perf_counter()
            response = client.post("/account/login", data={"email": email, "password": password})
            times[kind].append((time.perf_counter() - started) * 1000)
            assert response.status_code in (302, 422), response.status_code
    print(f"login answers, {rounds} rounds, milliseconds (median, p10, p90)")
    for kind, values in times.items():
        values = sorted(values[1:])
        p10, p90 = values[len(values) // 10], values[(len(values) * 9) // 10]
        print(f"  {kind:32} {statistics.median(values):7.1f} {p10:7.1f} {p90:7.1f}")


if __name__ == "__main__":
    main()
