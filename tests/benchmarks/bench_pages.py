"""Benchmark: Dialogue's pages at city scale over HTTP, against a bare Flask page in the same run.

How to run it
-------------
    apt-get install -y wrk
    .venv/bin/python tests/benchmarks/bench_pages.py \\
        --database-url postgresql+psycopg://dialogue:dialogue@127.0.0.1:5432/postgres

The URL names a PostgreSQL *server* (the role needs CREATEDB). The script fills two fresh databases with a city
(tests/benchmarks/city.py: 60 neighbourhoods, 22,500 events, 229,000 registrations, 100,000 contributions with
36,000 answers and 180,000 supports) and with a tenth of it, and starts three gunicorns with 2 sync workers each:
Dialogue on the full city, Dialogue on the tenth (both in production configuration, rate limits raised so they
never answer 429; counted in Redis at 127.0.0.1:6379 when one runs there, as in production) and a bare Flask page
(tests/benchmarks/bare_app.py: one `SELECT 1`, a small Jinja template) under the same gunicorn configuration.

Then, for `--rounds` rounds (3), each page is measured with `wrk -t2 -c16` for `--seconds` (5) right after the
bare page, on the full city and on the tenth, so that every figure has a baseline taken moments before it on the
same busy machine. It prints per page: requests a second, p50/p95/p99 latency, the share of the bare page's
throughput (min/median/max of the rounds) and the ratio full ÷ tenth of the median latency; then the resident
memory of each Dialogue worker after the run, and the load average at the start and the end (the machine is
shared: a high load makes every figure lower, the shares less so).

Goals (issue 13): anonymous pages ≥ 50 % of bare with p95 ≤ 30 ms; signed-in pages ≥ 15 % with p95 ≤ 100 ms;
full ÷ tenth ≤ 1.25; at most 120 MB per worker. `--only home,event` measures some pages; `--keep` keeps the
databases. Visitors' pages are served from the page cache (dialogue/page_cache.py) after their first request, as in
production; `--page-cache-off` (PAGE_CACHE_SECONDS=0) renders every request, to measure what a page costs when a
write has just ended the kept pages, and how that grows with the city. Timings belong here, never in test asserts.
"""

import argparse
import statistics
import sys
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.benchmarks import city, load  # noqa: E402

ANONYMOUS_SHARE, ANONYMOUS_P95 = 0.50, 30.0
SIGNED_IN_SHARE, SIGNED_IN_P95 = 0.15, 100.0
GROWTH_LIMIT = 1.25
RSS_LIMIT_MB = 120
NEIGHBOURHOOD = f"neighbourhood-{city.MEASURED_NEIGHBOURHOOD}"


@dataclass(frozen=True)
class PageSpec:
    name: str
    path: str
    signed_in_as: int | None = None  # a user id


@dataclass
class Figures:
    bare: list = field(default_factory=list)
    full: list = field(default_factory=list)
    tenth: list = field(default_factory=list)


def chosen_rows(database_url: str) -> dict:
    """The event, proposal and year the pages show, picked the same way in both cities."""
    engine = create_engine(database_url)
    with engine.connect() as connection:
        event_id = connection.scalar(
            text(
                """SELECT id FROM events WHERE status = 'published' AND capacity IS NOT NULL
                   AND starts_at > now() + interval '7 days' ORDER BY starts_at, id LIMIT 1"""
            )
        )
        proposal_id = connection.scalar(
            text(
                """SELECT c.id FROM contributions c WHERE c.kind = 'proposal' AND c.hidden_at IS NULL
                   AND c.last_answered_at IS NOT NULL AND c.id % 7 = 5 AND c.neighbourhood_id = 7
                   ORDER BY c.id DESC LIMIT 1"""
            )
        )
    engine.dispose()
    return {"event_id": event_id, "proposal_id": proposal_id}


def pages(rows: dict) -> list[PageSpec]:
    year = time.gmtime().tm_year - 1
    later_page = 10  # both cities have more than ten pages of upcoming events
    return [
        PageSpec("home", "/"),
        PageSpec("events, neighbourhood", f"/events/?neighbourhood={NEIGHBOURHOOD}"),
        PageSpec(
            "events, all filters",
            f"/events/?neighbourhood={NEIGHBOURHOOD}&kind=citizen_dialogue&language=sv&free_places=y",
        ),
        PageSpec(f"events, page {later_page}", f"/events/?page={later_page}"),
        PageSpec("event", f"/events/{rows['event_id']}"),
        PageSpec("neighbourhood", f"/neighbourhoods/{NEIGHBOURHOOD}"),
        PageSpec("proposals", f"/neighbourhoods/{NEIGHBOURHOOD}/proposals"),
        PageSpec("proposals, most supported", f"/neighbourhoods/{NEIGHBOURHOOD}/proposals?sort=most_supported"),
        PageSpec("a proposal", f"/proposals/{rows['proposal_id']}"),
        PageSpec("review (5 neighbourhoods)", "/review", signed_in_as=city.DEVELOPER_WITH_FIVE),
        PageSpec(
            "staff registrations", f"/staff/events/{rows['event_id']}/registrations", signed_in_as=city.PROCESS_LEADER
        ),
        PageSpec("dashboard", "/staff/", signed_in_as=city.PROCESS_LEADER),
        PageSpec(
            f"indicators {year}",
            f"/staff/indicators?from={year}-01-01&to={year}-12-31",
            signed_in_as=city.PROCESS_LEADER,
        ),
    ]


def check_pages(server: load.Server, specs: list[PageSpec], cookies: dict) -> None:
    """Every page answers 200 before it is measured (and is warm: templates compiled, plans cached)."""
    for spec in specs:
        for _ in range(3):
            status, body = load.fetch(server.base + spec.path, cookies.get(spec.signed_in_as))
            if status != 200:
                sys.exit(f"{spec.name} ({spec.path}) answered {status}:\n{body[:2000].decode(errors='replace')}")


def spread(values: list[float], fmt: str) -> str:
    return f"{fmt.format(min(values))}/{fmt.format(statistics.median(values))}/{fmt.format(max(values))}"


def report(specs: list[PageSpec], figures: dict[str, Figures]) -> None:
    print("\nFull city (median of the rounds; share of bare as min/median/max; growth = full ÷ tenth, median p50)")
    header = f"{'page':<28} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6} {'share of bare':>17} {'growth':>7}  goal"
    print(header)
    print("-" * len(header))
    for spec in specs:
        result = figures[spec.name]
        shares = [
            page.requests_per_second / bare.requests_per_second
            for page, bare in zip(result.full, result.bare, strict=True)
        ]
        growth = statistics.median(
            full.p50_ms / tenth.p50_ms for full, tenth in zip(result.full, result.tenth, strict=True)
        )
        rate = statistics.median(page.requests_per_second for page in result.full)
        p50, p95, p99 = (
            statistics.median(getattr(page, name) for page in result.full) for name in ("p50_ms", "p95_ms", "p99_ms")
        )
        share_goal, p95_goal = (
            (SIGNED_IN_SHARE, SIGNED_IN_P95) if spec.signed_in_as else (ANONYMOUS_SHARE, ANONYMOUS_P95)
        )
        met = statistics.median(shares) >= share_goal and p95 <= p95_goal and growth <= GROWTH_LIMIT
        errors = sum(page.errors for page in result.full + result.tenth)
        print(
            f"{spec.name:<28} {rate:>7.0f} {p50:>6.1f} {p95:>6.1f} {p99:>6.1f} "
            f"{spread([share * 100 for share in shares], '{:.1f}'):>15} % {growth:>6.2f}×  "
            f"{'met' if met else 'NOT MET'}{f'  ({errors} errors)' if errors else ''}"
        )
    bare_rates = [bare.requests_per_second for result in figures.values() for bare in result.bare]
    bare_p95 = [bare.p95_ms for result in figures.values() for bare in result.bare]
    print(
        f"{'bare page':<28} {statistics.median(bare_rates):>7.0f} (min {min(bare_rates):.0f}, max "
        f"{max(bare_rates):.0f}; p95 median {statistics.median(bare_p95):.1f} ms)"
    )
    print("\nTenth of the city")
    for spec in specs:
        result = figures[spec.name]
        rate = statistics.median(page.requests_per_second for page in result.tenth)
        p50, p95 = (statistics.median(getattr(page, name) for page in result.tenth) for name in ("p50_ms", "p95_ms"))
        print(f"{spec.name:<28} {rate:>7.0f} {p50:>6.1f} {p95:>6.1f}")


def run(arguments) -> None:
    load.require_wrk()
    redis_url = load.redis_url_if_running()
    print(f"Load average at start: {load.load_average()}; rate limits counted in {redis_url or 'memory'}")
    with ExitStack() as stack:
        full_url = stack.enter_context(city.city_database(arguments.database_url, 1.0, arguments.keep, "full"))
        tenth_url = stack.enter_context(city.city_database(arguments.database_url, 0.1, arguments.keep, "tenth"))
        bare = stack.enter_context(
            load.gunicorn("tests.benchmarks.bare_app:app", {"DATABASE_URL": full_url}, label="bare")
        )
        settings = {"PAGE_CACHE_SECONDS": "0"} if arguments.page_cache_off else {}
        full = stack.enter_context(
            load.gunicorn("wsgi:app", {**load.dialogue_environment(full_url, redis_url), **settings}, label="full")
        )
        tenth = stack.enter_context(
            load.gunicorn("wsgi:app", {**load.dialogue_environment(tenth_url, redis_url), **settings}, label="tenth")
        )
        specs, tenth_specs = pages(chosen_rows(full_url)), pages(chosen_rows(tenth_url))
        if arguments.only:
            wanted = [word.strip() for word in arguments.only.split(",")]
            chosen = [any(word in spec.name for word in wanted) for spec in specs]
            specs = [spec for spec, keep in zip(specs, chosen, strict=True) if keep]
            tenth_specs = [spec for spec, keep in zip(tenth_specs, chosen, strict=True) if keep]
        cookies = {
            url: {user: load.staff_cookie(url, user) for user in (city.DEVELOPER_WITH_FIVE, city.PROCESS_LEADER)}
            for url in (full_url, tenth_url)
        }
        check_pages(full, specs, cookies[full_url])
        check_pages(tenth, tenth_specs, cookies[tenth_url])
        check_pages(bare, [PageSpec("bare", "/")], {})
        figures = {spec.name: Figures() for spec in specs}
        for round_number in range(1, arguments.rounds + 1):
            print(f"Round {round_number} of {arguments.rounds} (load average {load.load_average()})", flush=True)
            for spec, tenth_spec in zip(specs, tenth_specs, strict=True):
                result = figures[spec.name]
                result.bare.append(load.wrk(bare.base + "/", arguments.seconds))
                result.full.append(
                    load.wrk(full.base + spec.path, arguments.seconds, cookie=cookies[full_url].get(spec.signed_in_as))
                )
                result.tenth.append(
                    load.wrk(
                        tenth.base + tenth_spec.path,
                        arguments.seconds,
                        cookie=cookies[tenth_url].get(spec.signed_in_as),
                    )
                )
                page = result.full[-1]
                print(
                    f"  {spec.name:<28} {page.requests_per_second:7.0f} req/s  p95 {page.p95_ms:6.1f} ms  "
                    f"bare {result.bare[-1].requests_per_second:6.0f} req/s  tenth {result.tenth[-1].p50_ms:6.1f} "
                    f"ms p50",
                    flush=True,
                )
        report(specs, figures)
        rss = full.worker_rss_mb() + tenth.worker_rss_mb()
        print(
            f"\nResident memory per Dialogue worker after the run: {', '.join(f'{size:.0f}' for size in rss)} MB "
            f"(goal ≤ {RSS_LIMIT_MB} MB: {'met' if max(rss) <= RSS_LIMIT_MB else 'NOT MET'})"
        )
        print(f"Load average at the end: {load.load_average()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True, help="a PostgreSQL server URL (postgresql+psycopg://...)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=5, help="how long wrk runs for each measurement")
    parser.add_argument("--only", help="comma-separated words: measure only pages whose name contains one")
    parser.add_argument("--keep", action="store_true", help="keep the databases instead of dropping them")
    parser.add_argument("--page-cache-off", action="store_true", help="render every request (PAGE_CACHE_SECONDS=0)")
    arguments = parser.parse_args()
    if not arguments.database_url.startswith("postgresql"):
        parser.error("the benchmark needs PostgreSQL")
    run(arguments)


if __name__ == "__main__":
    main()
