"""A database error names the failing statement but never its values: no password hash, name or email address
reaches an error message or the log."""

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from dialogue.accounts.models import User
from dialogue.extensions import db
from tests.factories import make_user


def test_a_failing_statement_hides_its_parameters(app):
    with app.app_context():
        make_user(email="amira@example.se", name="Amira Hassan")
        db.session.commit()
        with pytest.raises(IntegrityError) as failure:
            db.session.execute(
                insert(User).values(email="amira@example.se", name="Amira Hassan", password_hash="secret-hash")
            )
        db.session.rollback()

    message = str(failure.value)
    assert "INSERT INTO users" in message
    assert "hidden due to hide_parameters" in message
    for personal in ("amira@example.se", "Amira Hassan", "secret-hash"):
        assert personal not in message
