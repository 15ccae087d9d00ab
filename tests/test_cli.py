"""The command line: `flask users create` for bootstrapping staff and `flask seed demo` for the demo."""

import re
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from dialogue.accounts.models import User
from dialogue.audit.models import AuditAction, SubjectType
from dialogue.database import utcnow
from dialogue.events.models import Audience, Event, EventKind, EventStatus
from dialogue.extensions import db
from dialogue.neighbourhoods.models import Neighbourhood
from dialogue.organisations.models import Organisation, OrganisationKind
from dialogue.permissions import Role
from dialogue.registrations.models import Registration, RegistrationStatus
from tests.conftest import close_connections, copy_sqlite_database
from tests.factories import make_neighbourhood, make_user

DEMO_NEIGHBOURHOOD_SLUGS = {
    "amiralsstaden",
    "sodra-sofielund",
    "lindangen",
    "holma-kroksback",
    "herrgarden",
    "segevang",
    "sodra-kirseberg",
    "sege-park",
    "ostervarn",
    "fredriksborg",
}


def create_user(runner, email="leader@example.se", password="long enough", role="process_leader", *extra):
    return runner.invoke(
        args=[
            "users",
            "create",
            "--role",
            role,
            "--email",
            email,
            "--name",
            "Johan Lindqvist",
            "--password",
            password,
            *extra,
        ]
    )


def users(app) -> list[User]:
    with app.app_context():
        found = list(db.session.scalars(select(User)))
        db.session.expunge_all()
        return found


def message_in_default_language(app, msgid: str) -> str:
    with app.app_context(), force_locale(app.config["BABEL_DEFAULT_LOCALE"]):
        return gettext(msgid)


def table_counts(app) -> dict[str, int]:
    with app.app_context():
        return {
            table.name: db.session.scalar(select(func.count()).select_from(table))
            for table in db.metadata.sorted_tables
        }


def test_help_lists_every_command_with_what_it_does(runner):
    result = runner.invoke(args=["--help"])

    assert result.exit_code == 0, result.output
    listed = dict(re.findall(r"^  (\w+)\s+(.+)$", result.output.split("Commands:")[1], re.MULTILINE))
    assert listed["db"] == "Perform database migrations."
    assert listed["users"] == "Manage user accounts."
    assert listed["seed"] == "Fill the database with content."
    assert listed["outbox"] == "Deliver the queued email and look at the queue."
    assert listed["privacy"].startswith("Keep personal data no longer")
    assert listed["notify"].startswith("Queue the emails that go out on a schedule")


def test_db_options_and_commands_are_flask_migrates(runner):
    result = runner.invoke(args=["db", "--help"])

    assert result.exit_code == 0, result.output
    assert "--directory" in result.output
    for command in ("upgrade", "downgrade", "check", "current", "migrate"):
        assert re.search(rf"^  {command}\s", result.output, re.MULTILINE), command


# flask users create


def test_users_create_makes_an_account_with_the_role(app, runner):
    result = create_user(runner, email="Leader@Example.se", role="process_leader")

    assert result.exit_code == 0, result.output
    [user] = users(app)
    assert user.email == "leader@example.se"
    assert user.role == Role.PROCESS_LEADER
    assert user.name == "Johan Lindqvist"
    assert user.password_hash.startswith(app.config["PASSWORD_HASH_METHOD"] + "$")
    assert user.check_password("long enough")
    assert user.email_confirmed_at is not None  # made by someone trusted with it: no link to wait for
    assert "leader@example.se" in result.output


@pytest.mark.parametrize("role", [role.value for role in Role])
def test_every_role_can_be_created(app, runner, role):
    assert create_user(runner, role=role).exit_code == 0
    assert [user.role.value for user in users(app)] == [role]


def test_staff_title_is_stored(app, runner):
    result = create_user(runner, "strateg@example.se", "long enough", "process_leader", "--staff-title", "Miljöstrateg")

    assert result.exit_code == 0, result.output
    assert users(app)[0].staff_title == "Miljöstrateg"


def test_users_create_refuses_a_duplicate_email_in_any_letter_case(app, runner):
    with app.app_context():
        make_user(email="leader@example.se")
        db.session.commit()

    result = create_user(runner, email="LEADER@example.se")

    assert result.exit_code != 0
    assert (
        message_in_default_language(app, "An account with this email address already exists. Log in instead.")
        in result.output
    )
    assert [user.role for user in users(app)] == [Role.RESIDENT]


def test_users_create_refuses_a_short_password(app, runner):
    result = create_user(runner, password="7 chars")

    assert result.exit_code != 0
    assert message_in_default_language(app, "The password must be at least 8 characters.") in result.output
    assert users(app) == []


def test_users_create_rejects_an_unknown_role(app, runner):
    result = create_user(runner, role="mayor")

    assert result.exit_code != 0
    assert "--role" in result.output
    assert "process_leader" in result.output  # it lists the roles there are
    assert users(app) == []


def test_users_create_is_in_the_audit_log_from_the_command_line(app, runner):
    from tests.audit.helpers import logged

    assert create_user(runner, role="admin").exit_code == 0

    [user] = users(app)
    assert logged(app) == [(AuditAction.ACCOUNT_CREATED, None, SubjectType.USER, user.id, "admin", None)]


# flask users set-role


def set_role(runner, email: str, role: str):
    return runner.invoke(args=["users", "set-role", email, role])


def test_users_set_role_gives_the_role_ends_the_sessions_and_is_in_the_audit_log(app, runner):
    from tests.audit.helpers import logged
    from tests.factories import login

    with app.app_context():
        user_id = make_user(Role.RESIDENT, email="dana@example.se").id
        db.session.commit()
    browser = app.test_client()
    assert login(browser, "dana@example.se").status_code == 302
    copied = app.test_client()
    copied.set_cookie(app.config["SESSION_COOKIE_NAME"], browser.get_cookie(app.config["SESSION_COOKIE_NAME"]).value)

    result = set_role(runner, "Dana@Example.se", "process_leader")

    assert result.exit_code == 0, result.output
    assert "process_leader" in result.output and "resident" in result.output
    assert [user.role for user in users(app)] == [Role.PROCESS_LEADER]
    for client in (browser, copied):
        assert client.get("/account/").status_code == 302  # to log in again, with the new rights
    assert logged(app, AuditAction.ROLE_CHANGED) == [
        (AuditAction.ROLE_CHANGED, None, SubjectType.USER, user_id, "resident → process_leader", None)
    ]


def test_users_set_role_refuses_an_unknown_address_an_unknown_role_and_the_same_role(app, runner):
    from tests.audit.helpers import logged

    with app.app_context():
        make_user(Role.DEVELOPER, email="builder@example.se")
        db.session.commit()

    unknown_address = set_role(runner, "nobody@example.se", "admin")
    unknown_role = set_role(runner, "builder@example.se", "mayor")
    same_role = set_role(runner, "builder@example.se", "developer")

    assert unknown_address.exit_code == same_role.exit_code == 1
    assert unknown_role.exit_code == 2  # a usage error
    assert "nobody@example.se" in unknown_address.output
    assert "process_leader" in unknown_role.output  # it lists the roles there are
    assert message_in_default_language(app, "The account already has this role.") in same_role.output
    assert [user.role for user in users(app)] == [Role.DEVELOPER]
    assert logged(app, AuditAction.ROLE_CHANGED) == []


# flask seed demo


@pytest.fixture
def seeded(app, sqlite_url, demo_sqlite):
    """The test's database becomes a copy of the seeded demo; returns what `flask seed demo` said."""
    close_connections(app)
    path, result = demo_sqlite
    copy_sqlite_database(path, Path(make_url(sqlite_url).database))
    return result


def test_seed_adds_the_demo_neighbourhoods_and_every_kind_of_organisation(app, seeded):
    with app.app_context():
        slugs = set(db.session.scalars(select(Neighbourhood.slug)))
        kinds = set(db.session.scalars(select(Organisation.kind)))
    assert slugs == DEMO_NEIGHBOURHOOD_SLUGS
    assert kinds == set(OrganisationKind)


def test_seed_adds_published_events_of_every_kind_within_six_weeks(app, seeded):
    now = utcnow()
    with app.app_context():
        # The held events of the workspace demo lie in the past; see tests/organisations/test_workspace_demo.py.
        events = list(db.session.scalars(select(Event).where(Event.status != EventStatus.HELD)))
        assert {event.kind for event in events} == set(EventKind)
        for event in events:
            assert event.status == EventStatus.PUBLISHED
            assert now < event.starts_at <= now + timedelta(weeks=6), event.title
            assert event.ends_at > event.starts_at


def test_seed_has_a_full_event_with_a_waiting_list(app, seeded):
    with app.app_context():
        waiting = Counter(
            db.session.scalars(
                select(Registration.event_id).where(Registration.status == RegistrationStatus.WAITLISTED)
            )
        )
        full_with_waiting = [
            event
            for event in db.session.scalars(select(Event).where(Event.capacity.is_not(None)))
            if event.places_left == 0 and event.waitlist_enabled and waiting[event.id] > 0
        ]
        assert full_with_waiting


def test_seed_registrations_match_the_places_taken(app, seeded):
    with app.app_context():
        for event in db.session.scalars(select(Event)):
            confirmed = db.session.scalars(
                select(Registration).where(
                    Registration.event_id == event.id, Registration.status == RegistrationStatus.CONFIRMED
                )
            ).all()
            assert sum(r.adults + r.children for r in confirmed) == event.places_taken, event.title
            assert event.capacity is None or event.places_taken <= event.capacity


def test_seed_has_a_childrens_dance_workshop_and_a_lunch_seminar_for_developers(app, seeded):
    with app.app_context():
        pairs = {tuple(row) for row in db.session.execute(select(Event.kind, Event.audience))}
    assert (EventKind.DANCE_WORKSHOP, Audience.CHILDREN_WITH_GUARDIAN) in pairs
    assert (EventKind.LUNCH_SEMINAR, Audience.PROPERTY_OWNERS_AND_BUILDERS) in pairs


def test_seed_makes_one_account_per_role_and_prints_logins_that_work(app, seeded):
    accounts = users(app)
    assert Counter(user.role for user in accounts) == Counter(set(Role))
    developer = next(user for user in accounts if user.role == Role.DEVELOPER)
    assert developer.organisation_id is not None

    client = app.test_client()
    for user in accounts:
        line = next(line for line in seeded.output.splitlines() if user.email in line)
        password = re.search(re.escape(user.email) + r"\s+(\S+)", line).group(1)
        response = client.post("/account/login", data={"email": user.email, "password": password})
        assert response.status_code == 302, f"the printed login of {user.email} does not work"
        client.post("/account/logout")


def seed_twice(app):
    """Seeds the demo twice; returns the table counts after the first run, and the second run's result."""
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed", "demo"])
    assert first.exit_code == 0, first.output
    before = table_counts(app)
    again = runner.invoke(args=["seed", "demo"])
    assert again.exit_code == 0, again.output
    return before, again


def test_seeding_twice_duplicates_nothing(any_app):
    before, again = seed_twice(any_app)

    assert "nothing was added" in again.output
    assert table_counts(any_app) == before
    for table in (
        "neighbourhoods",
        "organisations",
        "organisation_neighbourhoods",
        "users",
        "events",
        "registrations",
        "closing_reports",
        "walk_ins",
        "event_cohosts",
        "closing_report_organisations",
        "initiatives",
        "initiative_partners",
        "initiative_events",
        "contributions",
        "answers",
        "supports",
    ):
        assert before[table] > 0, table


def test_seed_if_empty_fills_an_empty_database(app, runner):
    result = runner.invoke(args=["seed", "demo", "--if-empty"])

    assert result.exit_code == 0, result.output
    assert table_counts(app)["events"] > 0


def test_seed_if_empty_leaves_a_database_with_content_alone(app, runner):
    with app.app_context():
        make_neighbourhood("Our own area", slug="our-own-area")
        db.session.commit()
    before = table_counts(app)

    result = runner.invoke(args=["seed", "demo", "--if-empty"])

    assert result.exit_code == 0, result.output
    assert table_counts(app) == before


def test_seeded_pages_all_render(app, client, seeded):
    with app.app_context():
        event_ids = list(db.session.scalars(select(Event.id)))
        upcoming = db.session.scalar(select(func.count()).where(Event.status == EventStatus.PUBLISHED))
    pages = ["/", "/events/", "/neighbourhoods/"]
    pages += [f"/neighbourhoods/{slug}" for slug in DEMO_NEIGHBOURHOOD_SLUGS]
    pages += [f"/events/{event_id}" for event_id in event_ids]

    for path in pages:
        assert client.get(path).status_code == 200, path
    assert len(client.get("/events/").get_data(as_text=True).split('class="event-card"')) - 1 == upcoming


def test_users_create_refuses_a_bad_email_and_an_empty_name(app, runner):
    from sqlalchemy import func, select

    from dialogue.accounts.models import User
    from dialogue.extensions import db

    for email, name in (("not an email", "Anna"), ("anna@example.se", "   ")):
        result = runner.invoke(
            args=["users", "create", "--email", email, "--name", name, "--password", "long enough pw"]
        )
        assert result.exit_code != 0
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_the_demo_queues_no_email_for_its_made_up_people(app, runner):
    from sqlalchemy import func, select

    from dialogue.extensions import db
    from dialogue.outbox.models import OutboxMessage

    assert runner.invoke(args=["seed", "demo"]).exit_code == 0
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0
