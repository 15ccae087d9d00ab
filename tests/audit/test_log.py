"""The log itself: an entry is written in the caller's transaction, and the application never changes or deletes
one. On SQLite and PostgreSQL."""

import pytest
from sqlalchemy import delete, func, select, update

from dialogue.audit.guard import AuditLogIsAppendOnly
from dialogue.audit.log import record
from dialogue.audit.models import AuditAction, AuditEntry, SubjectType
from dialogue.extensions import db
from dialogue.permissions import Role
from tests.audit.helpers import logged
from tests.factories import make_event, make_user
from tests.support import arrange


def entry_count() -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEntry))


def test_an_entry_is_saved_with_the_change_of_its_transaction(any_app):
    with arrange(any_app):
        leader = make_user(Role.PROCESS_LEADER)
        event = make_event()
        record(AuditAction.EVENT_PUBLISHED, event, actor=leader)
        leader_id, event_id = leader.id, event.id

    assert logged(any_app) == [(AuditAction.EVENT_PUBLISHED, leader_id, SubjectType.EVENT, event_id, None, None)]


def test_an_entry_of_a_transaction_that_is_rolled_back_is_gone_with_it(any_app):
    with any_app.app_context():
        event = make_event()
        record(AuditAction.EVENT_CANCELLED, event)
        assert entry_count() == 1
        db.session.rollback()
        assert entry_count() == 0


def test_the_address_is_the_requests_and_empty_outside_a_request(app):
    with app.test_request_context("/", environ_base={"REMOTE_ADDR": "2001:db8::7"}):
        inside = record(AuditAction.LOGIN_FAILED).id
        db.session.commit()
    with app.app_context():
        outside = record(AuditAction.LOGIN_FAILED).id
        db.session.commit()
        assert db.session.get(AuditEntry, inside).address == "2001:db8::7"
        stored = db.session.get(AuditEntry, outside)
        assert stored.address is None and stored.from_command_line


def test_a_long_detail_is_cut_to_the_columns_length(app):
    with app.app_context():
        entry = record(AuditAction.INPUT_LOGGED, detail="#1234 " * 100)
        db.session.commit()
        assert len(db.session.get(AuditEntry, entry.id).detail) == 200


@pytest.fixture
def stored_entry_id(any_app):
    with arrange(any_app):
        entry_id = record(AuditAction.LOGIN, detail="kept").id
    return entry_id


def test_an_entry_cannot_be_changed(any_app, stored_entry_id):
    with any_app.app_context():
        entry = db.session.get(AuditEntry, stored_entry_id)
        entry.detail = "rewritten"
        with pytest.raises(AuditLogIsAppendOnly):
            db.session.commit()
        db.session.rollback()
        with pytest.raises(AuditLogIsAppendOnly):
            db.session.execute(update(AuditEntry).values(detail="rewritten"))
        with pytest.raises(AuditLogIsAppendOnly):
            db.session.execute(update(AuditEntry.__table__).values(detail="rewritten"))
        db.session.rollback()
        assert db.session.get(AuditEntry, stored_entry_id).detail == "kept"


def test_an_entry_cannot_be_deleted(any_app, stored_entry_id):
    with any_app.app_context():
        db.session.delete(db.session.get(AuditEntry, stored_entry_id))
        with pytest.raises(AuditLogIsAppendOnly):
            db.session.commit()
        db.session.rollback()
        with pytest.raises(AuditLogIsAppendOnly):
            db.session.execute(delete(AuditEntry))
        with pytest.raises(AuditLogIsAppendOnly):
            db.session.execute(delete(AuditEntry.__table__))
        db.session.rollback()
        assert entry_count() == 1


def test_an_untouched_entry_in_a_session_flushes_as_usual(app, stored_entry_id):
    """Loading entries, and committing other changes beside them, is not refused."""
    with app.app_context():
        db.session.get(AuditEntry, stored_entry_id)
        make_user()
        db.session.commit()


def test_a_removed_account_leaves_its_entries_without_an_actor(any_app):
    from dialogue.accounts.models import User

    with arrange(any_app):
        user = make_user()
        record(AuditAction.LOGIN, user, actor=user)
        user_id = user.id
    with arrange(any_app):
        db.session.execute(delete(User).where(User.id == user_id))

    assert logged(any_app) == [(AuditAction.LOGIN, None, SubjectType.USER, user_id, None, None)]


def test_the_retention_purge_deletes_old_entries_and_nothing_else_may(any_app):
    from datetime import timedelta

    from dialogue.audit.retention import RETENTION_OPTION, delete_expired, expired
    from dialogue.database import utcnow

    now = utcnow()
    with arrange(any_app):
        old = record(AuditAction.LOGIN, detail="old", now=now - timedelta(days=731)).id
        kept = record(AuditAction.LOGIN, detail="kept", now=now - timedelta(days=729)).id
    with any_app.app_context():
        # A look-alike of the purge's pass is still refused.
        with pytest.raises(AuditLogIsAppendOnly):
            db.session.execute(delete(AuditEntry), execution_options={RETENTION_OPTION: True})
        db.session.rollback()
        assert list(db.session.scalars(expired(now))) == [old]
        assert delete_expired([old, kept], now) == 1  # the newer entry is not past the period
        db.session.commit()
        assert db.session.scalars(select(AuditEntry.id)).all() == [kept]
