"""What every PostgreSQL connection of Dialogue's starts with."""

from sqlalchemy import text

from dialogue.extensions import db


def test_no_statement_waits_for_postgresql_to_compile_it(pg_app):
    # JIT compilation of the indicators' statements took longer than running them; every connection turns it off.
    with pg_app.app_context():
        assert db.session.scalar(text("SHOW jit")) == "off"
        db.session.rollback()
