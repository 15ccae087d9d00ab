"""A registration takes the event's row lock with its last statement before the commit, so that a burst of
sign-ups for one event queues as briefly as possible, and stays exact when the event changes between the read and
the lock (PostgreSQL; on SQLite the transaction holds the database's write lock throughout). The waiting list's
length, kept on the event for the place in the queue, follows every change of the list (both databases)."""

from datetime import timedelta

import pytest
from sqlalchemy import create_engine, event, func, select, text, update
from sqlalchemy.exc import IntegrityError

from dialogue.attendance.services import promote
from dialogue.events.models import Event
from dialogue.extensions import db
from dialogue.local_time import LOCAL_TIMEZONE
from dialogue.outbox.models import OutboxMessage
from dialogue.registrations.cancellation import cancel, cancel_without_notice, promote_from_waitlist
from dialogue.registrations.models import AccessNeed, Registration, RegistrationStatus
from dialogue.registrations.services import lock_event
from tests.factories import make_event, make_registration, make_user
from tests.registrations.helpers import manage_path, register_http, statuses
from tests.support import arrange, client_at, describe, look, recorded_statements

PAGE_VERSION_ADVANCED = "SELECT NEXTVAL('PAGE_VERSION')"


def sign_up_statements(app, event_id: int, **form) -> list[str]:
    """The statements of the transaction one registration sent from the site runs; it must succeed. After its
    commit, on a connection of its own, the registration advances the page cache's version (dialogue.page_cache)."""
    with app.app_context():
        engine = db.engine
    with recorded_statements(engine) as statements:
        manage_path(register_http(client_at(app, "198.51.100.7"), event_id, **form))
    *transaction, after_the_commit = [" ".join(statement.split()).upper() for statement in statements]
    assert after_the_commit == PAGE_VERSION_ADVANCED
    return transaction


def takes_the_lock(statement: str) -> bool:
    return "UPDATE EVENTS " in statement or ("FROM EVENTS" in statement and "FOR UPDATE" in statement)


def outbox(app) -> list[OutboxMessage]:
    with look(app):
        messages = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
        for message in messages:
            _ = message.attachments
        db.session.expunge_all()
        return messages


def test_a_confirmation_is_written_by_the_statement_that_takes_the_lock_and_nothing_follows_it(pg_app):
    with arrange(pg_app):
        event_id = make_event(capacity=10).id

    statements = sign_up_statements(pg_app, event_id, adults="2", email="amira@example.se")

    # The event, the client's turn, the checks, and the statement that takes the places, the lock and writes.
    assert len(statements) == 4, describe(statements)
    *before, last = statements
    assert not any(takes_the_lock(statement) for statement in before), describe(statements)
    assert takes_the_lock(last)
    assert "INSERT INTO REGISTRATIONS" in last and "INSERT INTO OUTBOX_MESSAGES" in last
    assert "INSERT INTO OUTBOX_ATTACHMENTS" in last  # the calendar file
    with look(pg_app):
        assert db.session.get(Event, event_id).places_taken == 2
    [message] = outbox(pg_app)
    assert message.kind == "registration_confirmed" and message.to_address == "amira@example.se"
    assert [attachment.filename for attachment in message.attachments] == [f"event-{event_id}.ics"]


def test_a_place_on_the_waiting_list_is_written_by_the_statement_that_takes_the_lock(pg_app):
    with arrange(pg_app):
        event = make_event(capacity=1)
        make_registration(event, email="first@example.se")
        make_registration(event, email="second@example.se")  # waiting, in place 1
        event_id = event.id

    statements = sign_up_statements(pg_app, event_id, email="third@example.se", preferred_language="en")

    assert len(statements) == 4, describe(statements)
    *before, last = statements
    assert not any(takes_the_lock(statement) for statement in before), describe(statements)
    assert takes_the_lock(last) and "INSERT INTO REGISTRATIONS" in last and "INSERT INTO OUTBOX_MESSAGES" in last
    assert statuses(pg_app, event_id)["third@example.se"] == "waitlisted"
    notice = outbox(pg_app)[-1]
    assert notice.to_address == "third@example.se" and notice.kind == "waitlisted"
    assert "place 2" in notice.subject and "[place-" not in notice.subject + notice.body_text + notice.body_html
    assert "place 2" in notice.body_text and not notice.attachments


def test_children_and_access_needs_are_written_with_the_registration(any_app):
    with arrange(any_app):
        event_id = make_event(capacity=10).id

    manage_path(
        register_http(
            client_at(any_app, "198.51.100.8"),
            event_id,
            adults="1",
            children="2",
            **{"child_1-first_name": "Ali", "child_1-age": "7", "child_2-first_name": "Sara"},
            access_needs=["wheelchair", "interpreter"],
            interpreter_language="ar",
        )
    )

    with look(any_app):
        registration = db.session.scalars(select(Registration).where(Registration.event_id == event_id)).one()
        assert [(child.position, child.first_name, child.age) for child in registration.child_details] == [
            (1, "Ali", 7),
            (2, "Sara", None),
        ]
        assert {need.need for need in registration.access_needs} == {AccessNeed.WHEELCHAIR, AccessNeed.INTERPRETER}
        assert registration.interpreter_language == "ar"
        assert db.session.get(Event, event_id).places_taken == 3


@pytest.fixture
def change_before_the_lock(pg_app):
    """Runs `change(connection)` in a transaction of its own, committed just before the registration's first
    statement that would take the event's lock: the event changes between the registration's read and its lock."""
    changes = []
    with pg_app.app_context():
        engine = db.engine
    other = create_engine(engine.url)

    def before(connection, cursor, statement, parameters, context, executemany):
        if changes and takes_the_lock(" ".join(statement.split()).upper()):
            with other.begin() as elsewhere:
                changes.pop()(elsewhere)

    event.listen(engine, "before_cursor_execute", before)
    yield changes.append
    event.remove(engine, "before_cursor_execute", before)
    other.dispose()


def test_an_event_moved_between_the_read_and_the_lock_is_confirmed_with_its_new_time(pg_app, change_before_the_lock):
    with arrange(pg_app):
        event = make_event(capacity=10)
        event_id, starts_at = event.id, event.starts_at
    later = starts_at + timedelta(days=1)

    def move(connection):
        connection.execute(
            update(Event)
            .where(Event.id == event_id)
            .values(starts_at=later, ends_at=later + timedelta(hours=2), revision=Event.revision + 1)
        )

    change_before_the_lock(move)
    manage_path(register_http(client_at(pg_app, "198.51.100.9"), event_id, adults="2"))

    with look(pg_app):
        event = db.session.get(Event, event_id)
        assert (event.revision, event.places_taken) == (1, 2)
    [message] = outbox(pg_app)
    calendar = message.attachments[0].data.decode()
    assert "SEQUENCE:1" in calendar  # written for the event as it is now, not as it was read
    assert later.astimezone(LOCAL_TIMEZONE).strftime("DTSTART;TZID=Europe/Stockholm:%Y%m%dT%H%M%S") in calendar


def test_places_taken_between_the_read_and_the_lock_put_the_party_on_the_waiting_list(pg_app, change_before_the_lock):
    with arrange(pg_app):
        event_id = make_event(capacity=2).id

    def fill(connection):
        connection.execute(update(Event).where(Event.id == event_id).values(places_taken=2))

    change_before_the_lock(fill)
    manage_path(
        register_http(client_at(pg_app, "198.51.100.10"), event_id, email="late@example.se", preferred_language="en")
    )

    assert statuses(pg_app, event_id) == {"late@example.se": "waitlisted"}
    with look(pg_app):
        event = db.session.get(Event, event_id)
        assert (event.places_taken, event.waitlist_length) == (2, 1)
    [message] = outbox(pg_app)  # the confirmation written for the event as read was never queued
    assert message.kind == "waitlisted" and "place 1" in message.subject


def waiting(event_id: int) -> tuple[int, int]:
    """The length the event keeps, and the registrations on its waiting list counted."""
    db.session.expire_all()
    counted = db.session.scalar(
        select(func.count())
        .select_from(Registration)
        .where(Registration.event_id == event_id, Registration.status == RegistrationStatus.WAITLISTED)
    )
    return db.session.get(Event, event_id).waitlist_length, counted


def test_the_waiting_list_length_kept_on_the_event_follows_every_change(any_app):
    with any_app.app_context():
        event = make_event(capacity=2)
        confirmed = make_registration(event, adults=2).registration
        first, second, third = (make_registration(event).registration for _ in range(3))
        db.session.commit()
        assert waiting(event.id) == (3, 3)

        cancel(second.id)  # leaves the queue
        db.session.commit()
        assert waiting(event.id) == (2, 2)

        cancel(confirmed.id)  # frees two places: both waiting parties move up
        db.session.commit()
        assert waiting(event.id) == (0, 0)

        fourth, fifth, sixth = (make_registration(event).registration for _ in range(3))
        db.session.commit()
        assert waiting(event.id) == (3, 3)

        cancel_without_notice(event.id, [third.id])  # staff clear one out: the first in the queue moves up
        db.session.commit()
        assert waiting(event.id) == (2, 2)

        locked = lock_event(event.id)
        locked.capacity = 3
        promote_from_waitlist(locked)  # a larger room
        db.session.commit()
        assert waiting(event.id) == (1, 1)

        locked = lock_event(event.id)
        locked.capacity = 4
        db.session.commit()
        promote(event.id, sixth.id, make_user())  # staff move the last one up out of turn
        db.session.commit()
        assert waiting(event.id) == (0, 0)
        assert {fourth.id, fifth.id, sixth.id} <= set(
            db.session.scalars(select(Registration.id).where(Registration.status == RegistrationStatus.CONFIRMED))
        )


def test_the_database_refuses_a_negative_waiting_list(any_app):
    with any_app.app_context():
        event_id = make_event().id
        db.session.commit()
        with pytest.raises(IntegrityError, match="waitlist_length_not_negative|CHECK constraint failed"):
            db.session.execute(text("UPDATE events SET waitlist_length = -1 WHERE id = :id"), {"id": event_id})
            db.session.flush()
        db.session.rollback()
