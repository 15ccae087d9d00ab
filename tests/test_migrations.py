"""The migrations build the schema the models describe, on SQLite and on PostgreSQL, and can be undone.

Every database here is built by `flask db upgrade` from empty, never by create_all, so these tests see what
a fresh installation (`make run`, a production deploy) really gets.
"""

from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Integer, String, column, insert, inspect, select, table
from sqlalchemy.exc import IntegrityError

from dialogue.database import UTCDateTime
from dialogue.extensions import db
from dialogue.registrations.cancellation import cancel
from dialogue.registrations.models import Registration, RegistrationStatus
from dialogue.registrations.services import AlreadyRegistered
from tests.conftest import make_app
from tests.factories import make_event, make_registration

HEAD_TABLES = {
    "neighbourhoods",
    "organisations",
    "users",
    "login_throttles",
    "password_reset_tokens",
    "signup_confirmations",
    "events",
    "event_languages",
    "event_translations",
    "registrations",
    "registration_children",
    "registration_access_needs",
    "contributions",
    "supports",
    "proposal_counts",
    "reports",
    "answers",
    "photos",
    "moderation_log",
    "neighbourhood_assignments",
    "event_cohosts",
    "organisation_neighbourhoods",
    "walk_ins",
    "closing_reports",
    "closing_report_organisations",
    "initiatives",
    "initiative_partners",
    "initiative_neighbourhoods",
    "initiative_events",
    "outbox_messages",
    "outbox_attachments",
    "audit_entries",
}


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database_url(request):
    """The URL of an empty database: a new SQLite file, or a new PostgreSQL database."""
    return request.getfixturevalue("empty_sqlite_url" if request.param == "sqlite" else "empty_postgres_url")


@pytest.fixture
def migrated_app(empty_database_url):
    app = make_app(empty_database_url)
    result = app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    yield app
    with app.app_context():
        db.engine.dispose()


def flask_db(app, *args):
    return app.test_cli_runner().invoke(args=["db", *args])


def schema_differences(app) -> list:
    """What autogenerate would still add or change; shown when `flask db check` fails."""
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def table_names(app) -> set[str]:
    with app.app_context():
        return set(inspect(db.engine).get_table_names()) - {"alembic_version"}


def test_upgrade_on_an_empty_database_matches_the_models(migrated_app):
    assert table_names(migrated_app) == HEAD_TABLES

    result = flask_db(migrated_app, "check")

    # 0 means "No new upgrade operations detected" (alembic prints that to the process's stdout).
    assert result.exit_code == 0, schema_differences(migrated_app)


def test_check_notices_a_database_that_lags_behind_the_models(empty_database_url):
    # Without this, a `flask db check` that always said "no changes" would pass the test above.
    app = make_app(empty_database_url)

    result = flask_db(app, "check")

    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit), result.exception  # the command said no, it did not crash
    assert schema_differences(app)
    with app.app_context():
        db.engine.dispose()


def test_downgrade_to_base_removes_everything_and_upgrade_builds_it_again(migrated_app):
    downgraded = flask_db(migrated_app, "downgrade", "base")
    assert downgraded.exit_code == 0, downgraded.output
    assert table_names(migrated_app) == set()

    upgraded = flask_db(migrated_app, "upgrade")
    assert upgraded.exit_code == 0, upgraded.output
    assert table_names(migrated_app) == HEAD_TABLES
    checked = flask_db(migrated_app, "check")
    assert checked.exit_code == 0, schema_differences(migrated_app)


def test_accounts_made_before_sign_up_was_confirmed_by_email_keep_logging_in(empty_database_url):
    app = make_app(empty_database_url)
    assert flask_db(app, "upgrade", "0005_account_security").exit_code == 0
    made_at = datetime(2026, 11, 1, 9, 30, tzinfo=UTC)
    users = table(
        "users",
        column("id", Integer),
        column("email", String),
        column("name", String),
        column("password_hash", String),
        column("role", String),
        column("preferred_language", String),
        column("created_at", UTCDateTime()),
    )
    with app.app_context():
        db.session.execute(
            insert(users).values(
                email="early@example.se",
                name="Early",
                password_hash="-",
                role="resident",
                preferred_language="sv",
                created_at=made_at,
            )
        )
        db.session.commit()

    assert flask_db(app, "upgrade").exit_code == 0

    confirmed = table("users", column("email_confirmed_at", UTCDateTime()))
    with app.app_context():
        assert db.session.scalars(select(confirmed.c.email_confirmed_at)).all() == [made_at]
        db.session.rollback()
        db.engine.dispose()


def test_migrated_schema_lets_a_cancelled_email_register_again_but_never_twice_at_once(migrated_app):
    with migrated_app.app_context():
        event = make_event(capacity=5)
        first = make_registration(event, email="anna@example.se", adults=2)
        db.session.commit()
        cancel(first.registration.id)
        db.session.commit()

        again = make_registration(event, email="Anna@Example.se", adults=1)
        db.session.commit()

        rows = db.session.execute(
            select(Registration.email, Registration.status)
            .where(Registration.event_id == event.id)
            .order_by(Registration.id)
        ).all()
        assert rows == [
            ("anna@example.se", RegistrationStatus.CANCELLED),
            ("anna@example.se", RegistrationStatus.CONFIRMED),
        ]
        assert again.registration.status == RegistrationStatus.CONFIRMED

        # The service refuses a second active registration ...
        with pytest.raises(AlreadyRegistered):
            make_registration(event, email="anna@example.se")
        db.session.rollback()
        # ... and so does the partial unique index on its own, when the service's check is bypassed.
        with pytest.raises(IntegrityError, match="uq_registrations_active_email|UNIQUE constraint failed"):
            db.session.execute(
                insert(Registration).values(
                    event_id=event.id,
                    contact_name="Anna again",
                    email="anna@example.se",
                    adults=1,
                    children=0,
                    access_note="",
                    preferred_language="sv",
                    status=RegistrationStatus.WAITLISTED,
                    manage_token_hash="f" * 64,
                )
            )
        db.session.rollback()


def registration_columns(app) -> set[str]:
    with app.app_context():
        return {column["name"] for column in inspect(db.engine).get_columns("registrations")}


def test_the_origin_of_registrations_comes_and_goes_without_losing_a_registration(migrated_app):
    """0008 adds the keyed hash of the client address; registrations made before it have none, as staff's have."""
    with migrated_app.app_context():
        make_registration(make_event(capacity=5), email="anna@example.se")
        db.session.commit()
        db.engine.dispose()

    assert flask_db(migrated_app, "downgrade", "0007_signup_confirmation").exit_code == 0
    assert "origin_hash" not in registration_columns(migrated_app)

    assert flask_db(migrated_app, "upgrade").exit_code == 0
    assert "origin_hash" in registration_columns(migrated_app)
    with migrated_app.app_context():
        rows = db.session.execute(select(Registration.email, Registration.origin_hash)).all()
        assert rows == [("anna@example.se", None)]
        db.session.rollback()
        db.engine.dispose()


def test_anonymised_registrations_survive_a_downgrade_before_the_privacy_purge_and_back(migrated_app):
    from sqlalchemy import update

    with migrated_app.app_context():
        event = make_event(capacity=5)
        for email in ("a@example.se", "b@example.se"):
            make_registration(event, email=email)
        # Two active registrations, both anonymised: no address and no manage link, yet no unique index minds.
        db.session.execute(
            update(Registration).values(
                contact_name="", email=None, manage_token_hash=None, anonymised_at=datetime.now(UTC)
            )
        )
        db.session.commit()
        db.engine.dispose()

    assert flask_db(migrated_app, "downgrade", "0008_registration_origin").exit_code == 0
    registrations = table("registrations", column("id", Integer), column("email", String))
    with migrated_app.app_context():
        rows = db.session.execute(select(registrations.c.id, registrations.c.email).order_by("id")).all()
        assert [email for _, email in rows] == [f"removed-{row_id}@invalid" for row_id, _ in rows]
        db.session.rollback()
        db.engine.dispose()
    assert flask_db(migrated_app, "upgrade").exit_code == 0
    assert flask_db(migrated_app, "check").exit_code == 0, schema_differences(migrated_app)


def event_columns(app) -> set[str]:
    with app.app_context():
        return {column["name"] for column in inspect(db.engine).get_columns("events")}


def test_translations_are_one_per_language_go_with_their_event_and_with_a_downgrade(migrated_app):
    """0010 adds translations, one per event and language and gone with their event, and the language of each event's
    texts; a downgrade removes both and keeps the events, which are Swedish (the default) when upgraded again."""
    translations = table(
        "event_translations",
        column("event_id", Integer),
        column("language", String),
        column("title", String),
        column("description", String),
        column("accessibility_info", String),
        column("created_at", UTCDateTime()),
        column("updated_at", UTCDateTime()),
    )
    events = table("events", column("id", Integer), column("title", String), column("original_language", String))
    with migrated_app.app_context():
        if db.engine.dialect.name == "sqlite":
            # The upgrade's connection is left with foreign keys off (migrations/env.py): a new one has them on.
            db.engine.dispose()
        translated = make_event(title="Dansworkshop på Seved")
        kept = make_event(title="Dance the square", original_language="en")
        translated_id, kept_id = translated.id, kept.id
        arabic = {
            "event_id": translated_id,
            "language": "ar",
            "title": "ورشة رقص",
            "description": "",
            "accessibility_info": "",
            "created_at": datetime.now(UTC),
            "updated_at": datetime.now(UTC),
        }
        db.session.execute(insert(translations).values(**arabic))
        db.session.commit()
        with pytest.raises(IntegrityError):
            db.session.execute(insert(translations).values(**{**arabic, "title": "مرة أخرى"}))
        db.session.rollback()
        db.session.execute(insert(translations).values(**{**arabic, "event_id": kept_id}))
        db.session.execute(events.delete().where(events.c.id == translated_id))
        db.session.commit()
        assert db.session.execute(select(translations.c.event_id)).scalars().all() == [kept_id]  # ON DELETE CASCADE
        db.session.rollback()
        db.engine.dispose()

    assert flask_db(migrated_app, "downgrade", "0009_privacy_retention").exit_code == 0
    assert "event_translations" not in table_names(migrated_app)
    assert "original_language" not in event_columns(migrated_app)

    assert flask_db(migrated_app, "upgrade").exit_code == 0
    with migrated_app.app_context():
        rows = db.session.execute(select(events.c.id, events.c.title, events.c.original_language)).all()
        assert rows == [(kept_id, "Dance the square", "sv")]
        db.session.rollback()
        db.engine.dispose()
    assert flask_db(migrated_app, "check").exit_code == 0, schema_differences(migrated_app)


def test_events_with_a_waiting_list_before_its_length_was_kept_start_with_the_length_they_have(empty_database_url):
    app = make_app(empty_database_url)
    assert flask_db(app, "upgrade", "0011_city_scale").exit_code == 0
    starts = datetime(2027, 3, 1, 17, 0, tzinfo=UTC)
    now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    neighbourhoods = table(
        "neighbourhoods", *(column(name) for name in ("id", "name", "slug", "district", "description"))
    )
    events = table(
        "events",
        *(column(name, Integer) for name in ("id", "neighbourhood_id", "capacity", "places_taken", "revision")),
        *(column(name, String) for name in ("kind", "title", "description", "venue", "address", "audience", "status")),
        *(column(name, String) for name in ("accessibility_info", "inclusive_methods_note")),
        column("waitlist_enabled"),
        column("inclusive_method"),
        column("reminder_hours", Integer),
        *(column(name, UTCDateTime()) for name in ("starts_at", "ends_at", "created_at", "updated_at")),
    )
    registrations = table(
        "registrations",
        *(column(name, Integer) for name in ("event_id", "adults", "children")),
        *(column(name, String) for name in ("contact_name", "email", "access_note", "preferred_language", "status")),
        *(column(name, String) for name in ("manage_token_hash", "check_in_code")),
        column("no_show"),
        *(column(name, UTCDateTime()) for name in ("created_at", "updated_at")),
    )
    with app.app_context():
        db.session.execute(insert(neighbourhoods).values(id=1, name="Seved", slug="seved", district="", description=""))
        for event_id, queue in ((1, ("confirmed", "waitlisted", "cancelled", "waitlisted")), (2, ("confirmed",))):
            db.session.execute(
                insert(events).values(
                    id=event_id,
                    neighbourhood_id=1,
                    capacity=1,
                    places_taken=1,
                    revision=0,
                    kind="citizen_dialogue",
                    title="Evening",
                    description="",
                    venue="Library",
                    address="Storgatan 1",
                    audience="everyone",
                    status="published",
                    accessibility_info="",
                    inclusive_methods_note="",
                    waitlist_enabled=True,
                    inclusive_method=False,
                    reminder_hours=24,
                    starts_at=starts,
                    ends_at=starts.replace(hour=19),
                    created_at=now,
                    updated_at=now,
                )
            )
            for number, status in enumerate(queue):
                db.session.execute(
                    insert(registrations).values(
                        event_id=event_id,
                        adults=1,
                        children=0,
                        contact_name=f"Person {number}",
                        email=f"person{event_id}-{number}@example.se",
                        access_note="",
                        preferred_language="sv",
                        status=status,
                        manage_token_hash=f"{event_id}{number}".rjust(64, "0"),
                        check_in_code=f"CODE{event_id}{number}",
                        no_show=False,
                        created_at=now,
                        updated_at=now,
                    )
                )
        db.session.commit()

    assert flask_db(app, "upgrade").exit_code == 0

    with app.app_context():
        lengths = table("events", column("id", Integer), column("waitlist_length", Integer))
        assert dict(db.session.execute(select(lengths.c.id, lengths.c.waitlist_length)).all()) == {1: 2, 2: 0}
        db.session.rollback()
        db.engine.dispose()
