"""The audit log page at /staff/audit: administrators only, newest first, filters, pages, and bad filter values
that never give a 500."""

import re
from datetime import UTC, datetime, timedelta

import pytest

from dialogue.audit.log import record
from dialogue.audit.models import AuditAction
from dialogue.audit.queries import AUDIT_ENTRIES_PER_PAGE
from dialogue.extensions import db
from dialogue.permissions import Role
from tests.factories import login, make_event, make_user
from tests.moderation.helpers import element_text
from tests.support import arrange, assert_same_statement_counts, page_and_statements, use_english

PATH = "/staff/audit/"
# 23:30 in UTC on 14 January is 00:30 on 15 January in Stockholm.
LATE_EVENING_UTC = datetime(2025, 1, 14, 23, 30, tzinfo=UTC)


def shown(html: str) -> list[int]:
    """The entries' ids in the order the page shows them."""
    return [int(number) for number in re.findall(r'<tr id="entry-(\d+)"', html)]


def _from_the_web(app, write) -> int:
    with app.test_request_context("/account/login", environ_base={"REMOTE_ADDR": "192.0.2.7"}):
        return write().id


@pytest.fixture
def log(app) -> dict:
    """An administrator (logged in by `admin`), a process leader and entries of several kinds and days."""
    with arrange(app):
        admin = make_user(Role.ADMIN, email="admin@example.se", name="Ada Admin")
        leader = make_user(Role.PROCESS_LEADER, email="leader@example.se", name="Leo Leader")
        resident = make_user(Role.RESIDENT, email="resident@example.se", name="Rut Resident")
        event = make_event(title="Benches in Seved")
        ids = {
            "published": record(
                AuditAction.EVENT_PUBLISHED, event, actor=leader, now=LATE_EVENING_UTC - timedelta(days=2)
            ).id,
            "cancelled": record(AuditAction.EVENT_CANCELLED, event, actor=leader, now=LATE_EVENING_UTC).id,
            "failed": _from_the_web(
                app, lambda: record(AuditAction.LOGIN_FAILED, now=LATE_EVENING_UTC + timedelta(hours=1))
            ),
            "role": record(
                AuditAction.ROLE_CHANGED,
                resident,
                actor=admin,
                detail="resident → developer",
                now=LATE_EVENING_UTC + timedelta(days=1),
            ).id,
            "resident_login": record(
                AuditAction.LOGIN, resident, actor=resident, now=LATE_EVENING_UTC + timedelta(days=1, hours=1)
            ).id,
        }
        ids |= {"admin": admin.id, "leader": leader.id, "resident": resident.id, "event": event.id}
    return ids


@pytest.fixture
def admin(app, log):
    client = app.test_client()
    use_english(client)
    assert login(client, "admin@example.se").status_code == 302
    return client


def test_only_administrators_see_the_log(app, log):
    with arrange(app):
        make_user(Role.DEVELOPER, email="builder@example.se")
    assert app.test_client().get(PATH).headers["Location"].startswith("/account/login")
    for email in ("resident@example.se", "leader@example.se", "builder@example.se"):
        client = app.test_client()
        login(client, email)
        assert client.get(PATH).status_code == 403, email
        assert 'href="/staff/audit/"' not in client.get("/").get_data(as_text=True)


def test_newest_first_with_time_person_action_record_and_address(admin, log):
    response = admin.get(PATH)

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'href="/staff/audit/"' in admin.get("/").get_data(as_text=True)  # in the staff menu
    entries = [log[name] for name in ("published", "cancelled", "failed", "role", "resident_login")]
    login_id = shown(html)[0]  # the administrator's own login, just now
    assert shown(html) == [login_id, *reversed(entries)]

    cancelled = element_text(html, f"entry-{log['cancelled']}")
    assert cancelled.startswith("2025-01-15 00:30:00 Leo Leader Event cancelled")  # Stockholm time
    assert f'href="/staff/events/{log["event"]}/edit"' in html
    assert element_text(html, f"entry-{log['failed']}").endswith("Someone not logged in Login failed 192.0.2.7")
    role = element_text(html, f"entry-{log['role']}")
    assert role.startswith("2025-01-16 00:30:00 Ada Admin Role changed Account")
    assert "Rut Resident" in role and "resident → developer" in role
    assert element_text(html, f"entry-{login_id}").endswith("127.0.0.1")


def test_an_entry_from_the_command_line_says_so(app, admin):
    with arrange(app):
        entry_id = record(AuditAction.ACCOUNT_CREATED).id

    html = admin.get(PATH).get_data(as_text=True)

    assert "Command line" in element_text(html, f"entry-{entry_id}")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?actor={leader}", ["cancelled", "published"]),
        ("?actor={resident}", ["resident_login"]),  # a resident is offered when asked for
        ("?actor=nobody", ["failed"]),
        ("?action=event_published", ["published"]),
        ("?subject_type=event&subject_id={event}", ["cancelled", "published"]),
        ("?subject_type=user&subject_id={resident}", ["resident_login", "role"]),
        ("?date_from=2025-01-15&date_to=2025-01-15", ["failed", "cancelled"]),
        ("?date_to=2025-01-14", ["published"]),
        ("?actor={leader}&date_from=2025-01-15", ["cancelled"]),
    ],
)
def test_filters(admin, log, query, expected):
    response = admin.get(PATH + query.format(**log))

    assert response.status_code == 200
    assert shown(response.get_data(as_text=True)) == [log[name] for name in expected]


@pytest.mark.parametrize(
    ("query", "field", "count"),
    [
        ("?action=delete_everything", "action", 6),
        ("?action=%00", "action", 6),
        ("?actor=99999999999999999999", "actor", 6),
        ("?actor=1%00", "actor", 6),
        ("?subject_type=planet&subject_id=1", "subject_type", 6),
        # The kind of record still narrows the list: the events' two entries.
        ("?subject_type=event&subject_id=99999999999999999999", "subject_id", 2),
        ("?subject_type=event&subject_id=-3", "subject_id", 2),
        ("?subject_type=event&subject_id=1%002", "subject_id", 2),
        ("?subject_id=3", "subject_id", 6),
        ("?date_from=2026-02-30", "date_from", 6),
        ("?date_from=%00", "date_from", 6),
        ("?date_from=9999-12-31", "date_from", 6),
        ("?date_to=0001-01-01", "date_to", 6),
        # From the 16th on: the role change, the resident's login and the administrator's, today.
        ("?date_from=2025-01-16&date_to=2025-01-15", "date_to", 3),
    ],
)
def test_a_bad_filter_gets_a_message_and_is_left_out(admin, log, query, field, count):
    response = admin.get(PATH + query)

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert element_text(html, f"{field}-error")
    assert len(shown(html)) == count


def test_whitespace_in_a_filter_is_no_filter(admin, log):
    response = admin.get(PATH + "?actor=%20%20&action=%20&subject_type=%09&subject_id=%20&date_from=%20%20")

    assert response.status_code == 200
    assert len(shown(response.get_data(as_text=True))) == 6


def test_blank_filters_are_no_filters(admin, log):
    response = admin.get(PATH + "?actor=&action=&subject_type=&subject_id=%20&date_from=%20%20&date_to=")

    assert response.status_code == 200
    assert len(shown(response.get_data(as_text=True))) == 6


def test_pages_of_fifty_keep_the_filters(app, admin, log):
    with arrange(app):
        for minutes in range(AUDIT_ENTRIES_PER_PAGE + 1):
            record(AuditAction.LOGIN_FAILED, now=LATE_EVENING_UTC + timedelta(minutes=minutes))

    first = admin.get(PATH + "?action=login_failed").get_data(as_text=True)
    second = admin.get(PATH + "?action=login_failed&page=2").get_data(as_text=True)

    assert len(shown(first)) == AUDIT_ENTRIES_PER_PAGE
    assert shown(first)[0] == log["failed"]  # an hour after the others
    assert len(shown(second)) == 2 and not set(shown(first)) & set(shown(second))
    assert "52 entries found" in first
    assert 'href="/staff/audit/?page=2&amp;action=login_failed"' in first
    assert admin.get(PATH + "?page=3&action=login_failed").status_code == 404
    assert admin.get(PATH + "?page=99999999999").status_code == 404


def test_the_pages_statements_do_not_grow_with_its_rows(app, admin, log):
    def add_entries(count: int) -> None:
        with arrange(app):
            for number in range(count):
                actor = make_user(Role.PROCESS_LEADER)
                record(AuditAction.EVENT_UPDATED, db.session.get(type(actor), log["resident"]), actor=actor)
                if number % 2:
                    record(AuditAction.LOGIN, actor, actor=actor)

    add_entries(2)
    few = {PATH: page_and_statements(app, admin, PATH)[1]}
    add_entries(20)
    many = {PATH: page_and_statements(app, admin, PATH)[1]}

    assert_same_statement_counts(few, many, 2, 20)
