"""Benchmark: the indicators report on a large PostgreSQL database.

How to run it
-------------
    .venv/bin/python tests/benchmarks/bench_indicators.py \\
        --database-url postgresql+psycopg://dialogue:dialogue@127.0.0.1:5432/postgres

The URL names a PostgreSQL *server* (any database on it; the role needs CREATEDB). The script creates a fresh
database ``dialogue_bench_<random>``, creates the tables, fills them with bulk SQL (``INSERT ... SELECT FROM
generate_series``; 20-30 s on a small, busy machine, most of it inserting the registrations) and
runs ANALYZE. Then it times ``compute_indicators`` -- the function the indicators page, the CSV and the XLSX
use -- for all neighbourhoods and one calendar year (``--year``, default 2025), and for one neighbourhood: one
warm-up run, then the median of ``--runs`` runs (default 5). It also times the whole page (``GET
/staff/indicators``, templates and charts included) and the dashboard (``GET /staff/``) through the test client,
prints the figures, and drops the database at the end (``--keep`` leaves it for a look with psql; ``--explain``
prints EXPLAIN ANALYZE of every statement of one computation).

What it fills (realistic proportions, deterministic, spread over 2019-2026, ten neighbourhoods)
    1,000 organisations (30 % property owners, 15 % builders), 20,000 events (about 70 % of the past ones held,
    10 % cancelled; 60 % of them with co-hosts; a quarter with inclusive methods), 200,000 registrations (ten per
    event; four in five confirmed registrations of a held event checked in), a walk-in group and -- for 95 %
    of them -- a closing report naming one or two organisations per held event, 60,000 contributions (60 %
    proposals, 60 % of those answered, 2 % hidden), one answer per answered proposal (70 % by a property owner
    or builder), 400 initiatives with partners and neighbourhoods, and 500 open reports.

Target: under one second for all neighbourhoods and a year. Timings belong here, never in test asserts.
"""

import argparse
import statistics
import sys
import time
import uuid
from datetime import date
from pathlib import Path

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from dialogue import create_app  # noqa: E402
from dialogue.extensions import db  # noqa: E402
from dialogue.reports.indicators import Period, compute_indicators  # noqa: E402

EVENTS = 20_000
REGISTRATIONS = 200_000
ORGANISATIONS = 1_000
NEIGHBOURHOODS = 10
CONTRIBUTIONS = 60_000
INITIATIVES = 400
OPEN_REPORTS = 500
STAFF_USERS = 100

# Each statement fills one table from generate_series; ids are given, so rows can refer to each other by arithmetic.
FILL = [
    (
        "neighbourhoods",
        f"""INSERT INTO neighbourhoods (id, name, slug, district, description)
            SELECT g, 'Neighbourhood ' || g, 'neighbourhood-' || g, 'District ' || (g % 3), ''
            FROM generate_series(1, {NEIGHBOURHOODS}) g""",
    ),
    (
        "organisations",
        f"""INSERT INTO organisations (id, name, kind)
            SELECT g, 'Organisation ' || g,
                   CASE WHEN g % 20 < 6 THEN 'property_owner' WHEN g % 20 < 9 THEN 'builder'
                        WHEN g % 20 < 15 THEN 'association' WHEN g % 20 < 17 THEN 'business'
                        WHEN g % 20 < 19 THEN 'public_body' ELSE 'academia' END
            FROM generate_series(1, {ORGANISATIONS}) g""",
    ),
    (
        "organisation_neighbourhoods",
        f"""INSERT INTO organisation_neighbourhoods (organisation_id, neighbourhood_id, relation)
            SELECT id, id % {NEIGHBOURHOODS} + 1, CASE WHEN kind = 'builder' THEN 'builds' ELSE 'owns' END
            FROM organisations WHERE kind IN ('property_owner', 'builder')""",
    ),
    (
        "users",
        f"""INSERT INTO users (id, email, name, password_hash, role, organisation_id, preferred_language, created_at)
            SELECT g, 'user' || g || '@example.se', 'User ' || g, 'not-a-hash',
                   CASE WHEN g <= 20 THEN 'process_leader' ELSE 'developer' END,
                   CASE WHEN g > 20 THEN 20 * (g % 50) + 1 + g % 8 END, 'sv', now()
            FROM generate_series(1, {STAFF_USERS}) g""",
    ),
    (
        "events",
        f"""INSERT INTO events (id, kind, title, description, neighbourhood_id, venue, address, accessibility_info,
                                starts_at, ends_at, capacity, places_taken, waitlist_enabled, audience, status,
                                inclusive_method, inclusive_methods_note, revision, created_by_id, created_at,
                                updated_at)
            SELECT g, (ARRAY['citizen_dialogue', 'exhibition', 'lunch_seminar', 'dance_workshop', 'other'])[g % 5 + 1],
                   'Event ' || g, '', g % {NEIGHBOURHOODS} + 1, 'Library', 'Storgatan 1', '', s, s + interval '2 hours',
                   NULL, 0, true, 'everyone',
                   CASE WHEN g * 37 % 100 < 70 THEN (CASE WHEN s < now() THEN 'held' ELSE 'published' END)
                        WHEN g * 37 % 100 < 80 THEN 'cancelled'
                        WHEN g * 37 % 100 < 95 THEN 'published' ELSE 'draft' END,
                   g * 13 % 100 < 25, '', 0, g % 20 + 1, s - interval '30 days', s - interval '30 days'
            FROM generate_series(1, {EVENTS}) g,
                 LATERAL (SELECT timestamptz '2019-01-01 08:00+00' + (g - 1) * interval '210 minutes'
                                 + (g % 10) * interval '1 hour' AS s) start""",
    ),
    (
        "event_languages",
        """INSERT INTO event_languages (event_id, code, event_starts_at, event_published)
           SELECT id, 'sv', starts_at, status = 'published' FROM events""",
    ),
    (
        "event_cohosts",
        f"""INSERT INTO event_cohosts (event_id, organisation_id)
            SELECT id, id * 11 % {ORGANISATIONS} + 1 FROM events WHERE id % 10 < 6
            UNION SELECT id, id * 23 % {ORGANISATIONS} + 1 FROM events WHERE id % 10 < 3""",
    ),
    (
        "registrations",
        f"""INSERT INTO registrations (id, event_id, contact_name, email, adults, children, access_note,
                                       preferred_language, status, manage_token_hash, check_in_code, checked_in_at,
                                       no_show, created_at, confirmed_at, updated_at)
            SELECT g, e.id, 'Person ' || g, 'person' || g || '@example.se', 1 + g % 3, g * 7 % 4 / 2, '', 'sv',
                   r.status, md5(g::text) || md5('x' || g), lpad(g::text, 6, '0'),
                   CASE WHEN e.status = 'held' AND r.status = 'confirmed' AND g * 17 % 100 < 80
                        THEN e.starts_at + interval '5 minutes' END,
                   false, e.created_at, CASE WHEN r.status = 'confirmed' THEN e.created_at END, e.created_at
            FROM generate_series(1, {REGISTRATIONS}) g
            JOIN events e ON e.id = (g - 1) % {EVENTS} + 1,
                 LATERAL (SELECT CASE WHEN g * 31 % 100 < 85 THEN 'confirmed' WHEN g * 31 % 100 < 95
                                      THEN 'waitlisted' ELSE 'cancelled' END AS status) r""",
    ),
    (
        "places_taken",
        """UPDATE events SET places_taken = taken.places
           FROM (SELECT event_id, sum(adults + children) AS places FROM registrations
                 WHERE status = 'confirmed' GROUP BY event_id) taken
           WHERE taken.event_id = events.id""",
    ),
    (
        "waitlist_length",
        """UPDATE events SET waitlist_length = waiting.registrations
           FROM (SELECT event_id, count(*) AS registrations FROM registrations
                 WHERE status = 'waitlisted' GROUP BY event_id) waiting
           WHERE waiting.event_id = events.id""",
    ),
    (
        "walk_ins",
        """INSERT INTO walk_ins (event_id, name, party_size, created_at)
           SELECT id, '', 1 + id % 5, starts_at FROM events WHERE status = 'held'""",
    ),
    (
        "closing_reports",
        """INSERT INTO closing_reports (event_id, attendees, minutes, created_at, updated_at)
           SELECT id, 5 + id * 7 % 95, 'Minutes', ends_at, ends_at FROM events
           WHERE status = 'held' AND id % 20 <> 0""",
    ),
    (
        "closing_report_organisations",
        f"""INSERT INTO closing_report_organisations (event_id, organisation_id)
            SELECT event_id, event_id * 17 % {ORGANISATIONS} + 1 FROM closing_reports
            UNION SELECT event_id, event_id * 29 % {ORGANISATIONS} + 1 FROM closing_reports WHERE event_id % 2 = 0""",
    ),
    (
        "contributions",
        f"""INSERT INTO contributions (id, kind, neighbourhood_id, event_id, title, body, theme, place_description,
                                       channel, language, rating, people_count, status, hidden_at,
                                       first_answered_at, last_answered_at, created_at, updated_at)
            SELECT g, CASE WHEN proposal THEN 'proposal' ELSE 'feedback' END, g % {NEIGHBOURHOODS} + 1,
                   CASE WHEN g % 2 = 0 THEN (g - 1) % {EVENTS} + 1 END,
                   CASE WHEN proposal THEN 'Proposal ' || g END, 'Text ' || g,
                   CASE WHEN proposal OR g % 3 = 0 THEN (ARRAY['housing', 'green_space_and_play', 'safety',
                        'streets_and_traffic', 'meeting_places', 'services_and_shops', 'culture_and_leisure',
                        'other'])[g % 8 + 1] END,
                   '', (ARRAY['online', 'said_at_event', 'dance_or_movement', 'drawing', 'walk', 'paper_card',
                        'other'])[g * 3 % 7 + 1], 'sv',
                   CASE WHEN NOT proposal THEN 1 + g % 5 END, 1,
                   CASE WHEN NOT proposal THEN NULL WHEN answered THEN 'under_review' ELSE 'new' END,
                   CASE WHEN g % 50 = 0 THEN created + interval '1 day' END,
                   CASE WHEN answered THEN created + (g * 7 % 60) * interval '1 day' + (g % 24) * interval '1 hour' END,
                   CASE WHEN answered THEN created + (g * 7 % 60) * interval '1 day' + (g % 24) * interval '1 hour' END,
                   created, created
            FROM generate_series(1, {CONTRIBUTIONS}) g,
                 LATERAL (SELECT g % 5 < 3 AS proposal,
                                 g % 5 < 3 AND g * 19 % 100 < 60 AS answered,
                                 timestamptz '2019-01-01 10:00+00' + (g - 1) * interval '70 minutes' AS created) c""",
    ),
    (
        "answers",
        """INSERT INTO answers (contribution_id, author_id, organisation_id, from_status, to_status, text, created_at)
           SELECT id, 21 + id % 80, CASE WHEN id % 10 < 7 THEN 20 * (id * 3 % 50) + 1 + id % 8 END,
                  'new', 'under_review', 'We look at it.', first_answered_at
           FROM contributions WHERE first_answered_at IS NOT NULL""",
    ),
    (
        "initiatives",
        f"""INSERT INTO initiatives (id, name, kind, status, description, tested_on, created_at, updated_at)
            SELECT g, 'Initiative ' || g, (ARRAY['innovation', 'method', 'learning_format'])[g % 3 + 1],
                   (ARRAY['idea', 'tested', 'tested', 'spread'])[g % 4 + 1], '',
                   CASE WHEN g % 4 <> 0 THEN date '2019-01-01' + g * 7 % 2900 END, now(), now()
            FROM generate_series(1, {INITIATIVES}) g""",
    ),
    (
        "initiative_partners",
        f"""INSERT INTO initiative_partners (initiative_id, organisation_id)
            SELECT id, id * 13 % {ORGANISATIONS} + 1 FROM initiatives
            UNION SELECT id, id * 31 % {ORGANISATIONS} + 1 FROM initiatives WHERE id % 2 = 0""",
    ),
    (
        "initiative_neighbourhoods",
        f"""INSERT INTO initiative_neighbourhoods (initiative_id, neighbourhood_id)
            SELECT id, id % {NEIGHBOURHOODS} + 1 FROM initiatives""",
    ),
    (
        "reports",
        f"""INSERT INTO reports (contribution_id, reason, created_at)
            SELECT g * 100, 'Rude', now() FROM generate_series(1, {OPEN_REPORTS}) g""",
    ),
]
SEQUENCES = [
    "neighbourhoods",
    "organisations",
    "users",
    "events",
    "registrations",
    "walk_ins",
    "contributions",
    "answers",
    "initiatives",
    "reports",
]


def fill(connection) -> None:
    for name, statement in FILL:
        started = time.perf_counter()
        rows = connection.execute(text(statement)).rowcount
        print(f"  {name:<30} {rows:>9,} rows  {time.perf_counter() - started:6.2f} s")
    for table in SEQUENCES:
        connection.execute(
            text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        )


def median_seconds(function, runs: int) -> tuple[float, list[float]]:
    function()  # warm-up: plans and caches
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), times


def print_figures(indicators) -> None:
    answers = indicators.proposal_answers
    share = f"{answers.share:.1%}" if answers.share is not None else "-"
    median = f"{answers.median_days:.1f}" if answers.median_days is not None else "-"
    print(f"  participating property owners        {indicators.property_owners:>8,}")
    print(f"  participating organisations          {indicators.organisations:>8,}")
    print(f"  meetings organised in collaboration  {indicators.collaboration_meetings:>8,}")
    print(f"  activities with inclusive methods    {indicators.inclusive_activities:>8,}")
    print(f"  innovations with property owners     {indicators.innovations:>8,}")
    print(f"  tested learning formats              {indicators.learning_formats:>8,}")
    print(f"  people reached                       {indicators.people_reached:>8,}")
    print(
        f"  held events                          {indicators.held_events:>8,}  "
        + ", ".join(f"{kind.value} {count}" for kind, count in indicators.held_events_per_kind.items())
    )
    print(f"  contributions                        {indicators.contributions:>8,}")
    print(
        f"  proposals, answered, share, median   {answers.proposals:>8,}  {answers.answered:,}  {share}  {median} days"
    )


def explain(app, period: Period) -> None:
    """EXPLAIN ANALYZE of each statement of one computation, to see where the time goes."""
    captured = []

    def capture(connection, cursor, statement, parameters, context, executemany):
        captured.append((statement, parameters))

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", capture)
        compute_indicators(period)
        event.remove(db.engine, "before_cursor_execute", capture)
        connection = db.session.connection().connection.driver_connection
        with connection.cursor() as cursor:
            for statement, parameters in captured:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters)
                print("\n".join(row[0] for row in cursor.fetchall()), end="\n\n")
        db.session.rollback()


def time_page(app, path: str, runs: int) -> float:
    from dialogue.accounts.models import User

    with app.app_context():
        staff_id = db.session.scalar(text("SELECT id FROM users WHERE role = 'process_leader' ORDER BY id LIMIT 1"))
        assert db.session.get(User, staff_id) is not None
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = str(staff_id)
        session["_fresh"] = True
        session["session_version"] = 0  # what a login keeps for a new account
        session["session_started"] = session["session_seen"] = int(time.time())

    def get_page():
        response = client.get(path)
        assert response.status_code == 200, response.status_code

    return median_seconds(get_page, runs)[0]


def run(server_url: str, year: int, runs: int, keep: bool, show_plans: bool) -> None:
    server = make_url(server_url)
    name = f"dialogue_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = server.set(database=name).render_as_string(hide_password=False)
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url})
    try:
        with app.app_context():
            db.create_all()
            print(f"Filling {name}:")
            started = time.perf_counter()
            with db.engine.begin() as connection:
                fill(connection)
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.execute(text("ANALYZE"))
            print(f"  filled and analysed in {time.perf_counter() - started:.1f} s\n")

        period = Period(date(year, 1, 1), date(year, 12, 31))
        one_neighbourhood = Period(period.first_day, period.last_day, neighbourhood_id=1)
        with app.app_context():

            def compute(chosen=period):
                result = compute_indicators(chosen)
                db.session.rollback()  # each run in its own transaction, as each request is
                return result

            print(f"Indicators for {year}, all neighbourhoods:")
            print_figures(compute())
            all_median, all_times = median_seconds(compute, runs)
            one_median, one_times = median_seconds(lambda: compute(one_neighbourhood), runs)
        page_median = time_page(app, f"/staff/indicators?from={year}-01-01&to={year}-12-31", runs)
        dashboard_median = time_page(app, "/staff/", runs)

        print(
            f"\ncompute_indicators, all neighbourhoods, {year}: median {all_median * 1000:.1f} ms of {runs} runs "
            f"({', '.join(f'{t * 1000:.1f}' for t in all_times)} ms)"
        )
        print(
            f"compute_indicators, one neighbourhood, {year}:  median {one_median * 1000:.1f} ms of {runs} runs "
            f"({', '.join(f'{t * 1000:.1f}' for t in one_times)} ms)"
        )
        print(f"GET /staff/indicators (whole page), {year}:      median {page_median * 1000:.1f} ms of {runs} runs")
        print(f"GET /staff/ (the dashboard):                    median {dashboard_median * 1000:.1f} ms of {runs} runs")
        print("Target: under 1000 ms for all neighbourhoods and a year:", "met" if all_median < 1 else "NOT MET")
        if show_plans:
            explain(app, period)
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        if keep:
            print(f'\nKept the database {name}; drop it with: DROP DATABASE "{name}";')
        else:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True, help="a PostgreSQL server URL (postgresql+psycopg://...)")
    parser.add_argument("--year", type=int, default=2025, help="the calendar year to report (default 2025)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs after a warm-up (default 5)")
    parser.add_argument("--keep", action="store_true", help="keep the database instead of dropping it")
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE of every statement")
    arguments = parser.parse_args()
    if not arguments.database_url.startswith("postgresql"):
        parser.error("the benchmark needs PostgreSQL")
    run(arguments.database_url, arguments.year, arguments.runs, arguments.keep, arguments.explain)


if __name__ == "__main__":
    main()
