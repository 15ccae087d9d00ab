"""The purge, with the clock moved years ahead: every personal field of the city's data is empty afterwards, while
the indicators, "You said, we did" and the closing report show exactly what they showed before. A dry run
changes nothing, a second run changes nothing more, and a run stopped in the middle of a batch leaves each row
untouched or fully anonymised. On SQLite and PostgreSQL."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import String, Text, event, func, select

from dialogue.accounts.models import LoginThrottle, PasswordResetToken, SignupConfirmation, User
from dialogue.attendance.models import WalkIn
from dialogue.audit.models import AuditEntry
from dialogue.contributions.models import Contribution
from dialogue.database import utcnow
from dialogue.extensions import db
from dialogue.outbox.models import OutboxAttachment, OutboxMessage
from dialogue.permissions import STAFF_ROLES
from dialogue.privacy.purge import due_counts, purge
from dialogue.registrations.models import Registration, RegistrationAccessNeed, RegistrationChild
from dialogue.registrations.services import ChildDetail
from dialogue.reports.indicators import Period, compute_indicators
from tests.factories import make_event, make_registration
from tests.privacy.dataset import MARKERS, build_city, mark_every_email_sent
from tests.support import arrange, log_in_directly, look

YEARS_LATER = timedelta(days=3 * 365)
A_MONTH = timedelta(days=31)
_CSRF = re.compile(r'name="csrf_token" value="[^"]*"')


@pytest.fixture
def city(any_app):
    with arrange(any_app):
        return build_city()


def marked_values(app) -> list[tuple[str, str, str]]:
    """Every text value in every table that carries a personal marker: (table, column, value)."""
    found = []
    with look(app):
        for table in db.metadata.sorted_tables:
            for column in table.columns:
                if not isinstance(column.type, String | Text):
                    continue
                for value in db.session.scalars(select(column).where(column.is_not(None))):
                    if any(marker in value for marker in MARKERS):
                        found.append((table.name, column.name, value))
    return found


def personal_fields_left(app) -> dict[str, int]:
    """Rows that still hold a personal field named in the retention rules; all zero once purged."""
    with look(app):
        count = lambda model, *conditions: db.session.scalar(  # noqa: E731
            select(func.count()).select_from(model).where(*conditions)
        )
        return {
            "registration names": count(Registration, Registration.contact_name != ""),
            "registration addresses": count(Registration, Registration.email.is_not(None)),
            "registration accounts": count(Registration, Registration.user_id.is_not(None)),
            "interpreter languages": count(Registration, Registration.interpreter_language.is_not(None)),
            "access notes": count(Registration, Registration.access_note != ""),
            "manage links": count(Registration, Registration.manage_token_hash.is_not(None)),
            "connection hashes": count(Registration, Registration.origin_hash.is_not(None)),
            "not marked anonymised": count(Registration, Registration.anonymised_at.is_(None)),
            "children": count(RegistrationChild),
            "access needs": count(RegistrationAccessNeed),
            "walk-in names": count(WalkIn, WalkIn.name != ""),
            "email recipients": count(OutboxMessage, (OutboxMessage.to_address != "") | (OutboxMessage.to_name != "")),
            "email texts": count(OutboxMessage, (OutboxMessage.body_text != "") | (OutboxMessage.body_html != "")),
            "email attachments": count(OutboxAttachment),
            "proposal contacts": count(Contribution, Contribution.contact_email.is_not(None)),
            "residents' accounts": count(User, User.role.not_in(STAFF_ROLES)),
            "password links": count(PasswordResetToken),
            "sign-up links": count(SignupConfirmation),
            "login counts": count(LoginThrottle),
        }


def figures(app, client, city) -> dict:
    """What the reports show: the indicators as computed, and the pages of the indicators, the neighbourhood
    ("You said, we did") and the closing report."""
    with look(app):
        indicators = compute_indicators(Period(city.first_day, city.last_day))
    log_in_directly(client, city.leader_id)
    pages = {}
    for url in (
        f"/staff/indicators?from={city.first_day}&to={city.last_day}",
        f"/neighbourhoods/{city.neighbourhood_slug}",
        f"/staff/events/{city.event_id}/report",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = _CSRF.sub("", response.get_data(as_text=True))
    return {"indicators": indicators, "pages": pages}


def purge_years_later(app, now):
    """Years later: everything is due; the warned accounts go a month on, and the warnings' own emails a month
    after they were sent."""
    with app.app_context():
        first = purge(now=now)
        second = purge(now=now + A_MONTH)
        mark_every_email_sent(now + A_MONTH)
        db.session.commit()
        third = purge(now=now + 2 * A_MONTH)
    return first, second, third


def test_years_later_nothing_personal_is_left_and_every_figure_is_the_same(any_app, city):
    client = any_app.test_client()
    before = figures(any_app, client, city)
    assert marked_values(any_app)  # the dataset does hold personal data
    assert all(personal_fields_left(any_app).values())

    later = utcnow() + YEARS_LATER
    first, second, third = purge_years_later(any_app, later)

    assert marked_values(any_app) == []
    assert personal_fields_left(any_app) == dict.fromkeys(personal_fields_left(any_app), 0)
    assert first.counts["registrations"] == 4 and first.counts["unused accounts warned"] == 3
    assert second.counts["unused accounts deleted"] == 3
    assert third.counts["emails"] == 3  # the warnings
    with look(any_app):
        oldest = db.session.scalar(select(func.min(AuditEntry.occurred_at)))
        assert oldest >= later  # only the purge's own entries are left
    assert figures(any_app, client, city) == before


def test_anonymised_registrations_still_show_on_the_staff_pages(any_app, city):
    purge_years_later(any_app, utcnow() + YEARS_LATER)
    client = any_app.test_client()
    log_in_directly(client, city.leader_id)
    for url in ("registrations", "attendance-sheet", "checkin", "registrations.csv"):
        response = client.get(f"/staff/events/{city.event_id}/{url}")
        assert response.status_code == 200, url
        assert "(removed)" in response.get_data(as_text=True) or "(borttaget)" in response.get_data(as_text=True)


def test_a_dry_run_counts_and_changes_nothing(any_app, city):
    now = utcnow() + YEARS_LATER
    left = personal_fields_left(any_app)
    with any_app.app_context():
        counts = due_counts(now=now).counts
    assert counts["registrations"] == 4
    assert counts["access notes"] == 0  # counted with its registration
    assert counts["walk-in names"] == 1
    assert counts["emails"] >= 8
    assert counts["proposal contacts"] == 2
    assert counts["unused accounts warned"] == 3
    assert counts["unused accounts deleted"] == 1  # the sign-up never confirmed
    assert counts["password links"] == 1 and counts["sign-up links"] == 1 and counts["login counts"] == 1
    assert counts["audit entries"] > 0
    assert personal_fields_left(any_app) == left

    with any_app.app_context():
        done = purge(now=now).counts
    assert done == counts


def test_a_second_purge_changes_nothing(any_app, city):
    now = utcnow() + YEARS_LATER
    with any_app.app_context():
        purge(now=now)
    left = personal_fields_left(any_app)
    with any_app.app_context():
        again = purge(now=now)
    assert again.total == 0
    assert personal_fields_left(any_app) == left


def test_nothing_is_purged_before_its_time(any_app, city):
    """Ten days after the event: only what is past its use (the access note, the links, the login count)."""
    with any_app.app_context():
        counts = purge().counts
    assert counts["access notes"] == 1
    assert counts["registrations"] == counts["emails"] == counts["proposal contacts"] == 0
    assert counts["unused accounts warned"] == counts["unused accounts deleted"] == counts["audit entries"] == 0
    with look(any_app):
        assert db.session.scalar(select(func.count()).select_from(RegistrationChild)) == 2


def test_the_retention_periods_come_from_the_configuration(any_app, city):
    any_app.config["RETAIN_REGISTRATION_DAYS"] = 5
    with any_app.app_context():
        counts = purge().counts
    assert counts["registrations"] == 4


def test_a_purge_stopped_in_the_middle_of_a_batch_leaves_no_row_half_done(any_app):
    with arrange(any_app):
        past = make_event(capacity=50)
        for number in range(5):
            child = ChildDetail(f"Child {number}", 5)
            make_registration(past, contact_name=f"Person {number}", children=1, child_details=[child])
        past.starts_at, past.ends_at = utcnow() - timedelta(days=60), utcnow() - timedelta(days=60, hours=-2)
    any_app.config["PURGE_BATCH_SIZE"] = 2
    with any_app.app_context():
        engine = db.engine
    updates = []

    def crash_in_the_second_batch(connection, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("UPDATE REGISTRATIONS"):
            updates.append(statement)
            if len(updates) == 2:  # the second batch's children are already deleted in its transaction
                raise RuntimeError("killed")

    event.listen(engine, "before_cursor_execute", crash_in_the_second_batch)
    try:
        with any_app.app_context(), pytest.raises(RuntimeError, match="killed"):
            purge()
    finally:
        event.remove(engine, "before_cursor_execute", crash_in_the_second_batch)

    with look(any_app):
        rows = db.session.scalars(select(Registration).order_by(Registration.id)).all()
        states = [(row.contact_name == "", row.email is None, len(row.child_details) == 0) for row in rows]
    assert states == [(True, True, True)] * 2 + [(False, False, False)] * 3

    with any_app.app_context():
        assert purge().counts["registrations"] == 3
    assert personal_fields_left(any_app)["children"] == 0
