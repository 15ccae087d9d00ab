"""No page's work grows with the city: the same statements on a small city and on one three times larger, and, on
PostgreSQL with realistic row counts and fresh statistics, no statement of a page reads a whole table of
contributions, supports, registrations or events, nor the language filter one of the events' languages.

Both cities are filled the way the page benchmark fills them (tests/benchmarks/city.py: every count but the 60
neighbourhoods scaled), so the planner sees the proportions of a real city. A plan with a sequential scan of one of
those tables is a page whose cost follows the table's size, however fast it is on a small one.
"""

import json
import re
from contextlib import contextmanager
from datetime import date

import pytest
from sqlalchemy import event, text

from dialogue.extensions import db
from tests.benchmarks import city
from tests.conftest import close_connections, make_app, postgres_database
from tests.support import log_in_directly

SMALL, LARGE = 0.03, 0.1
GROWING_TABLES = ("contributions", "supports", "registrations", "events")
# The language filter, and the languages it offers, read an event's languages through the index that holds them in
# the order the events start (ix_event_languages_published); the statements that do say so.
LANGUAGE_FILTER = "event_languages.event_published"
NEIGHBOURHOOD = f"neighbourhood-{city.MEASURED_NEIGHBOURHOOD}"

pytestmark = pytest.mark.xdist_group("city-scale")


@contextmanager
def filled_city(template: str, scale: float):
    with postgres_database(template=template) as url:
        app = make_app(url)
        with app.app_context():
            with db.engine.begin() as connection:
                city.fill(connection, scale, quiet=True)
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.execute(text("VACUUM ANALYZE"))
        try:
            yield app
        finally:
            close_connections(app)


@pytest.fixture(scope="module")
def small_city(postgres_schema):
    with filled_city(postgres_schema, SMALL) as app:
        yield app


@pytest.fixture(scope="module")
def large_city(postgres_schema):
    with filled_city(postgres_schema, LARGE) as app:
        yield app


def pages(app) -> dict[str, int | None]:
    """Each page measured by the benchmark, and who reads it (a user id, or None for anyone)."""
    with app.app_context():
        event_id = db.session.scalar(
            text(
                """SELECT id FROM events WHERE status = 'published' AND capacity IS NOT NULL
                   AND starts_at > now() + interval '7 days' ORDER BY starts_at, id LIMIT 1"""
            )
        )
        proposal_id = db.session.scalar(
            text(
                """SELECT id FROM contributions WHERE kind = 'proposal' AND hidden_at IS NULL
                   AND last_answered_at IS NOT NULL AND neighbourhood_id = 7 ORDER BY id DESC LIMIT 1"""
            )
        )
        db.session.rollback()
    year = date.today().year - 1
    proposals = f"/neighbourhoods/{NEIGHBOURHOOD}/proposals"
    return {
        "/": None,
        "/events/": None,
        f"/events/?neighbourhood={NEIGHBOURHOOD}": None,
        f"/events/?neighbourhood={NEIGHBOURHOOD}&kind=citizen_dialogue&language=sv&free_places=y": None,
        # A language a third of the events speak, and one none does: the filter and the languages it offers.
        "/events/?language=ar": None,
        "/events/?language=ar&page=2": None,
        "/events/?language=fi": None,
        "/events/?page=3": None,
        "/events/?page=4": None,
        f"/events/{event_id}": None,
        f"/neighbourhoods/{NEIGHBOURHOOD}": None,
        proposals: None,
        f"{proposals}?sort=most_supported": None,
        f"{proposals}?sort=recently_answered": None,
        f"{proposals}?sort=recently_answered&page=3": None,
        f"{proposals}?status=new": None,
        f"{proposals}?theme=housing": None,
        f"{proposals}?page=2": None,
        f"/proposals/{proposal_id}": None,
        "/review": city.DEVELOPER_WITH_FIVE,
        "/review?page=2": city.DEVELOPER_WITH_FIVE,
        "/review?status=new": city.DEVELOPER_WITH_FIVE,
        "/review?unanswered=y": city.DEVELOPER_WITH_FIVE,
        f"/staff/events/{event_id}/registrations": city.PROCESS_LEADER,
        "/staff/": city.PROCESS_LEADER,
        f"/staff/indicators?from={year}-01-01&to={year}-12-31": city.PROCESS_LEADER,
        f"/staff/indicators?from={year}-01-01&to={year}-12-31&neighbourhood={NEIGHBOURHOOD}": city.PROCESS_LEADER,
    }


def request_statements(app, url: str, reader: int | None) -> list[tuple[str, dict]]:
    """GETs `url` as `reader`, which must answer 200; returns each statement the request ran, with its values."""
    client = app.test_client()
    if reader is not None:
        log_in_directly(client, reader)
    client.get(url)  # the first request of a client opens a connection and loads the account
    recorded = []

    def record(connection, cursor, statement, parameters, context, executemany):
        recorded.append((statement, parameters))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        response = client.get(url)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert response.status_code == 200, (url, response.status_code)
    return recorded


def shape(statement: str) -> str:
    """The statement without its values: an IN list of the rows a page shows is as long as the page is full."""
    values = re.sub(r"%\(\w+\)s(::\w+)?", "?", " ".join(statement.split()))
    return re.sub(r"\?(, \?)*", "?", values)


def test_every_page_runs_the_same_statements_in_a_city_three_times_larger(small_city, large_city):
    differences = []
    for (url, reader), (large_url, large_reader) in zip(
        pages(small_city).items(), pages(large_city).items(), strict=True
    ):
        small = [shape(statement) for statement, _ in request_statements(small_city, url, reader)]
        large = [shape(statement) for statement, _ in request_statements(large_city, large_url, large_reader)]
        assert small, url
        if small != large:
            changed = [f"  {one}\n  {other}" for one, other in zip(small, large, strict=False) if one != other]
            differences.append(f"{url}: {len(small)} statements, then {len(large)}:\n" + "\n".join(changed))
    assert not differences, "\n".join(differences)


def sequential_scans(plan: dict) -> list[str]:
    """The tables a plan (EXPLAIN's JSON) reads whole."""
    found = [plan["Relation Name"]] if plan.get("Node Type") == "Seq Scan" else []
    for child in plan.get("Plans", ()):
        found += sequential_scans(child)
    return found


def explain(app, statement: str, parameters) -> dict:
    with app.app_context():
        connection = db.session.connection().connection.driver_connection
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (FORMAT JSON) " + statement, parameters)
            (plan,) = cursor.fetchone()
        db.session.rollback()
    return (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]


def test_no_page_reads_every_contribution_support_or_registration(large_city):
    whole_tables = []
    for url, reader in pages(large_city).items():
        for statement, parameters in request_statements(large_city, url, reader):
            watched = (*GROWING_TABLES, "event_languages") if LANGUAGE_FILTER in statement else GROWING_TABLES
            scanned = [
                table for table in sequential_scans(explain(large_city, statement, parameters)) if table in watched
            ]
            if scanned:
                whole_tables.append(f"{url} reads all of {', '.join(scanned)}:\n  {' '.join(statement.split())}")
    assert not whole_tables, "\n".join(whole_tables)


def test_a_sequential_scan_is_noticed(large_city):
    # Without this, a plan walker that never found a Seq Scan would pass the test above.
    plan = explain(large_city, "SELECT count(*) FROM registrations WHERE adults + children > %(party)s", {"party": 3})
    assert "registrations" in sequential_scans(plan)
