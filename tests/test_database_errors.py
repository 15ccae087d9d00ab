"""A database error names the failing statement but never its values: no password hash, name or email address
reaches an error message or the log, on SQLite and on PostgreSQL, whose messages describe the row."""

import traceback

import pytest
from sqlalchemy import insert, text
from sqlalchemy.exc import DataError, IntegrityError

from dialogue.accounts.models import User
from dialogue.extensions import db
from tests.factories import make_user

EMAIL, NAME, PASSWORD_HASH = "amira@example.se", "Amira Hassan", "secret-hash"
PERSONAL = (EMAIL, NAME, PASSWORD_HASH)


def everything_printed(error: BaseException) -> str:
    """What a traceback of the error shows, the database driver's own error included."""
    return "".join(traceback.format_exception(error))


def test_a_failing_statement_hides_its_parameters(any_app):
    with any_app.app_context():
        make_user(email=EMAIL, name=NAME)
        db.session.commit()
        with pytest.raises(IntegrityError) as failure:
            db.session.execute(insert(User).values(email=EMAIL, name=NAME, password_hash=PASSWORD_HASH))
        db.session.rollback()

    message = str(failure.value)
    assert "INSERT INTO users" in message
    assert "hidden due to hide_parameters" in message
    assert "users" in str(failure.value.orig)  # the table or the constraint is named
    printed = everything_printed(failure.value)
    for personal in PERSONAL:
        assert personal not in message
        assert personal not in printed


def test_a_row_refused_by_postgresql_is_not_described(pg_app):
    """PostgreSQL's DETAIL line ("Failing row contains (...)") would list every column of the row."""
    with pg_app.app_context():
        db.session.execute(text("ALTER TABLE users ADD CONSTRAINT ck_users_refused CHECK (false) NOT VALID"))
        db.session.commit()
        with pytest.raises(IntegrityError) as failure:
            db.session.execute(insert(User).values(email=EMAIL, name=NAME, password_hash=PASSWORD_HASH))
        db.session.rollback()
        assert NAME in (failure.value.orig.diag.message_detail or "")  # there for code that asks

    printed = everything_printed(failure.value)
    assert 'violates check constraint "ck_users_refused"' in printed
    for personal in PERSONAL:
        assert personal not in printed


def test_a_value_postgresql_cannot_read_is_not_quoted(pg_app):
    with pg_app.app_context(), pytest.raises(DataError) as failure:
        db.session.execute(text("SELECT CAST(:number AS integer)"), {"number": EMAIL})

    printed = everything_printed(failure.value)
    assert "invalid input syntax for type integer" in printed
    assert EMAIL not in printed
