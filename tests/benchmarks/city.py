"""A city's worth of data for the benchmarks, filled by PostgreSQL itself (INSERT ... SELECT FROM generate_series).

At full scale: 60 neighbourhoods, 22,500 events over seven years (about a sixth of them still to come), 229,000
registrations, 100,000 contributions of which 60,000 proposals, 36,000 answers and 180,000 supports from 20,000
residents. `scale=0.1` fills a tenth of every count but the neighbourhoods: the same city, ten times less busy,
so that a page whose cost follows the number of rows shows it in the ratio of the two. The rows are the same
every time (no randomness), and ids are given, so rows refer to each other by arithmetic.

The neighbourhood the benchmarks measure has a full page of events to come at every scale besides its share (at a
tenth, its share is 5): a page shows at most a page of events, and a page of 5 against a page of 20 would measure
how much the page shows, not what finding it costs.

A full fill takes well under a minute on a small, busy machine.
"""

import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

NEIGHBOURHOODS = 60
ORGANISATIONS = 1_000
STAFF_USERS = 100  # 1-20 process leaders, 21-100 developers
DEVELOPER_WITH_FIVE = 21  # the developer whose review queue is measured: neighbourhoods 1-5
PROCESS_LEADER = 1
MEASURED_NEIGHBOURHOOD = 7  # the neighbourhood whose pages the benchmarks and the city-scale tests ask for
EVENTS_PER_PAGE = 20  # the event list's page (config.py)
YEARS_BACK, YEARS_AHEAD = 6, 1.2


@dataclass(frozen=True)
class Counts:
    events: int
    registrations: int
    contributions: int
    residents: int
    open_reports: int

    @classmethod
    def at(cls, scale: float) -> "Counts":
        return cls(
            events=round(22_500 * scale),
            registrations=round(229_000 * scale),
            contributions=round(100_000 * scale),
            residents=round(20_000 * scale),
            open_reports=round(500 * scale),
        )


def statements(counts: Counts, language_copies: bool = True) -> list[tuple[str, str]]:
    """(table, statement) in the order they run; `language_copies`: the schema keeps each event's start and whether
    it is published on its languages (event_languages.event_starts_at, event_published)."""
    span_seconds = (YEARS_BACK + YEARS_AHEAD) * 365.25 * 86400
    event_gap = span_seconds / counts.events
    contribution_gap = YEARS_BACK * 365.25 * 86400 / counts.contributions
    first_resident = STAFF_USERS + 1
    return [
        (
            "neighbourhoods",
            f"""INSERT INTO neighbourhoods (id, name, slug, district, description)
                SELECT g, 'Neighbourhood ' || g, 'neighbourhood-' || g, 'District ' || (g % 6), ''
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
            "users (staff)",
            f"""INSERT INTO users (id, email, name, password_hash, role, organisation_id, preferred_language,
                                   created_at, email_confirmed_at, last_login_at)
                SELECT g, 'staff' || g || '@example.se', 'Staff ' || g, 'not-a-hash',
                       CASE WHEN g <= 20 THEN 'process_leader' ELSE 'developer' END,
                       CASE WHEN g > 20 THEN 20 * (g % 50) + 1 + g % 8 END, 'sv', now(), now(), now()
                FROM generate_series(1, {STAFF_USERS}) g""",
        ),
        (
            "users (residents)",
            f"""INSERT INTO users (id, email, name, password_hash, role, preferred_language, created_at,
                                   email_confirmed_at, last_login_at)
                SELECT g, 'resident' || g || '@example.se', 'Resident ' || g, 'not-a-hash', 'resident', 'sv',
                       now(), now(), now()
                FROM generate_series({first_resident}, {STAFF_USERS + counts.residents}) g""",
        ),
        (
            "neighbourhood_assignments",
            f"""INSERT INTO neighbourhood_assignments (user_id, neighbourhood_id, assigned_by_id, created_at)
                SELECT {DEVELOPER_WITH_FIVE}, g, 1, now() FROM generate_series(1, 5) g
                UNION ALL
                SELECT u, (u * 7) % {NEIGHBOURHOODS} + 1, 1, now()
                FROM generate_series({DEVELOPER_WITH_FIVE + 1}, {STAFF_USERS}) u""",
        ),
        (
            "events",
            f"""INSERT INTO events (id, kind, title, description, neighbourhood_id, venue, address, accessibility_info,
                                    starts_at, ends_at, capacity, places_taken, waitlist_enabled, audience, status,
                                    inclusive_method, inclusive_methods_note, revision, reminder_hours,
                                    created_by_id, created_at, updated_at)
                SELECT g, (ARRAY['citizen_dialogue', 'exhibition', 'lunch_seminar', 'dance_workshop', 'other'])
                       [g % 5 + 1],
                       'Event ' || g, 'What the evening is about.', g % {NEIGHBOURHOODS} + 1, 'Library',
                       'Storgatan 1', 'Step-free entrance.', s, s + interval '2 hours',
                       CASE WHEN g % 4 = 0 THEN NULL ELSE 50 + g % 5 * 10 END, 0, true, 'everyone',
                       CASE WHEN s < now() THEN
                                CASE WHEN g * 37 % 100 < 80 THEN 'held' WHEN g * 37 % 100 < 90 THEN 'cancelled'
                                     ELSE 'published' END
                            WHEN g * 37 % 100 < 5 THEN 'draft' WHEN g * 37 % 100 < 12 THEN 'cancelled'
                            ELSE 'published' END,
                       g * 13 % 100 < 25, '', 0, 24, g % 20 + 1, s - interval '30 days', s - interval '30 days'
                FROM generate_series(1, {counts.events}) g,
                     LATERAL (SELECT date_trunc('hour', now() - interval '{YEARS_BACK} years'
                                     + (g - 1) * interval '{event_gap:.3f} seconds') AS s) start""",
        ),
        (
            "events (a page to come)",
            f"""INSERT INTO events (id, kind, title, description, neighbourhood_id, venue, address, accessibility_info,
                                    starts_at, ends_at, capacity, places_taken, waitlist_enabled, audience, status,
                                    inclusive_method, inclusive_methods_note, revision, reminder_hours,
                                    created_by_id, created_at, updated_at)
                SELECT {counts.events} + g, 'citizen_dialogue', 'Coming event ' || g, 'What the evening is about.',
                       {MEASURED_NEIGHBOURHOOD}, 'Library', 'Storgatan 1', 'Step-free entrance.', s,
                       s + interval '2 hours', 60, 0, true, 'everyone', 'published', false, '', 0, 24, 1,
                       now(), now()
                FROM generate_series(1, {EVENTS_PER_PAGE}) g,
                     LATERAL (SELECT date_trunc('day', now()) + g * interval '3 days' + interval '17 hours'
                                     AS s) start""",
        ),
        (
            "event_languages",
            """INSERT INTO event_languages (event_id, code, event_starts_at, event_published)
               SELECT id, 'sv', starts_at, status = 'published' FROM events
               UNION ALL SELECT id, 'ar', starts_at, status = 'published' FROM events WHERE id % 3 = 0"""
            if language_copies
            else """INSERT INTO event_languages (event_id, code)
               SELECT id, 'sv' FROM events UNION ALL SELECT id, 'ar' FROM events WHERE id % 3 = 0""",
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
                                           preferred_language, status, manage_token_hash, check_in_code,
                                           checked_in_at, no_show, created_at, confirmed_at, cancelled_at,
                                           updated_at)
                SELECT g, e.id, 'Person ' || g, 'person' || g || '@example.se', 1 + g % 3, g * 7 % 4 / 2, '', 'sv',
                       r.status, md5(g::text) || md5('x' || g), lpad(g::text, 6, '0'),
                       CASE WHEN e.status = 'held' AND r.status = 'confirmed' AND g * 17 % 100 < 80
                            THEN e.starts_at + interval '5 minutes' END,
                       false, e.created_at, CASE WHEN r.status = 'confirmed' THEN e.created_at END,
                       CASE WHEN r.status = 'cancelled' THEN e.created_at END, e.created_at
                FROM generate_series(1, {counts.registrations}) g
                JOIN events e ON e.id = (g - 1) % {counts.events} + 1,
                     LATERAL (SELECT CASE WHEN g * 31 % 100 < 85 THEN 'confirmed' WHEN g * 31 % 100 < 95
                                          THEN 'waitlisted' ELSE 'cancelled' END AS status) r""",
        ),
        (
            "registration_access_needs",
            """INSERT INTO registration_access_needs (registration_id, need)
               SELECT id, (ARRAY['wheelchair', 'sign_language', 'hearing_loop', 'childcare'])[id % 4 + 1]
               FROM registrations WHERE id % 9 = 0""",
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
                UNION SELECT event_id, event_id * 29 % {ORGANISATIONS} + 1 FROM closing_reports
                WHERE event_id % 2 = 0""",
        ),
        (
            "contributions",
            f"""INSERT INTO contributions (id, kind, neighbourhood_id, event_id, title, body, theme, place_description,
                                           channel, language, rating, people_count, status, hidden_at,
                                           first_answered_at, last_answered_at, created_at, updated_at)
                SELECT g, CASE WHEN proposal THEN 'proposal' ELSE 'feedback' END, g % {NEIGHBOURHOODS} + 1,
                       CASE WHEN g % 2 = 0 THEN (g - 1) % {counts.events} + 1 END,
                       CASE WHEN proposal THEN 'Proposal ' || g END, 'What the resident wrote, ' || g,
                       CASE WHEN proposal OR g % 3 = 0 THEN (ARRAY['housing', 'green_space_and_play', 'safety',
                            'streets_and_traffic', 'meeting_places', 'services_and_shops', 'culture_and_leisure',
                            'other'])[g % 8 + 1] END,
                       '', (ARRAY['online', 'said_at_event', 'dance_or_movement', 'drawing', 'walk', 'paper_card',
                            'other'])[g * 3 % 7 + 1], 'sv',
                       CASE WHEN NOT proposal THEN 1 + g % 5 END, 1 + g % 4,
                       CASE WHEN NOT proposal THEN NULL
                            WHEN answered THEN (ARRAY['under_review', 'planned', 'implemented', 'not_planned'])
                                               [g % 4 + 1]
                            ELSE 'new' END,
                       CASE WHEN g % 50 = 0 THEN created + interval '1 day' END,
                       CASE WHEN answered THEN answered_at END, CASE WHEN answered THEN answered_at END,
                       created, created
                FROM generate_series(1, {counts.contributions}) g,
                     LATERAL (SELECT g % 5 < 3 AS proposal, g % 5 < 3 AND g * 19 % 100 < 60 AS answered,
                                     now() - interval '{YEARS_BACK} years'
                                     + (g - 1) * interval '{contribution_gap:.3f} seconds' AS created) c,
                     LATERAL (SELECT least(created + (g * 7 % 60) * interval '1 day' + (g % 24) * interval '1 hour',
                                           now() - interval '1 minute') AS answered_at) a""",
        ),
        (
            "answers",
            """INSERT INTO answers (contribution_id, author_id, organisation_id, from_status, to_status, text,
                                    created_at)
               SELECT id, 21 + id % 80, CASE WHEN id % 10 < 7 THEN 20 * (id * 3 % 50) + 1 + id % 8 END,
                      'new', status, 'We look at it, and tell you more soon.', first_answered_at
               FROM contributions WHERE first_answered_at IS NOT NULL""",
        ),
        (
            "supports",
            f"""INSERT INTO supports (contribution_id, user_id, created_at)
                SELECT c.id, {first_resident} + (c.id * 7 + j * 997) % {counts.residents},
                       c.created_at + j * interval '1 hour'
                FROM contributions c, generate_series(0, 5) j
                WHERE c.kind = 'proposal' AND j < c.id % 7""",
        ),
        (
            "reports",
            f"""INSERT INTO reports (contribution_id, reason, created_at)
                SELECT g * 97 % {counts.contributions} + 1, 'Rude', now()
                FROM generate_series(1, {counts.open_reports}) g""",
        ),
    ]


SEQUENCES = (
    "neighbourhoods",
    "organisations",
    "users",
    "events",
    "registrations",
    "walk_ins",
    "contributions",
    "answers",
    "reports",
)


def fill(connection, scale: float, quiet: bool = False) -> None:
    """Fills an empty schema; each statement prints its row count and time."""
    counts = Counts.at(scale)
    language_columns = {column["name"] for column in inspect(connection).get_columns("event_languages")}
    for table, statement in statements(counts, language_copies="event_starts_at" in language_columns):
        started = time.perf_counter()
        rows = connection.execute(text(statement)).rowcount
        if not quiet:
            print(f"    {table:<30} {rows:>9,} rows  {time.perf_counter() - started:6.2f} s", flush=True)
    for table in SEQUENCES:
        connection.execute(
            text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        )
    keep_counters(connection)


def keep_counters(connection) -> None:
    """Counts the schema keeps on a row, set from the rows they count, where the schema has them."""
    if inspect(connection).has_table("proposal_counts"):
        connection.execute(
            text(
                """INSERT INTO proposal_counts (neighbourhood_id, status, proposals)
                   SELECT neighbourhood_id, status, count(*) FROM contributions
                   WHERE kind = 'proposal' AND hidden_at IS NULL AND merged_into_id IS NULL
                   GROUP BY neighbourhood_id, status"""
            )
        )
    columns = {column["name"] for column in inspect(connection).get_columns("contributions")}
    if "support_count" in columns:
        connection.execute(
            text(
                """UPDATE contributions SET support_count = counted.supports
                   FROM (SELECT contribution_id, count(*) AS supports FROM supports GROUP BY contribution_id) counted
                   WHERE counted.contribution_id = contributions.id"""
            )
        )


@contextmanager
def city_database(server_url: str, scale: float, keep: bool = False, label: str = "city"):
    """A new database on the server, with the schema and a city at `scale`, analysed; yields its URL and drops it
    afterwards unless `keep`."""
    from dialogue import create_app
    from dialogue.extensions import db

    server = make_url(server_url)
    name = f"dialogue_bench_{label}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = server.set(database=name).render_as_string(hide_password=False)
    try:
        app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            db.create_all()
            print(f"  Filling {name} (scale {scale:g}):", flush=True)
            started = time.perf_counter()
            with db.engine.begin() as connection:
                fill(connection, scale)
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.execute(text("VACUUM ANALYZE"))
            print(f"    filled and analysed in {time.perf_counter() - started:.1f} s", flush=True)
            db.session.remove()
            db.engine.dispose()
        yield url
    finally:
        if keep:
            print(f'  Kept the database {name}; drop it with: DROP DATABASE "{name}";')
        else:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
