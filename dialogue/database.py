"""Shared database pieces: the declarative base, UTC timestamps, SQLite's transaction settings, and PostgreSQL
errors without the row's values."""

import re
import sqlite3
from contextlib import contextmanager
from contextvars import ContextVar, Token
from datetime import UTC, datetime

from sqlalchemy import DateTime, MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """A timezone-aware datetime stored in UTC on every backend.

    SQLite keeps no offset, so values come back naive; they were written in UTC, so UTC is attached again.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where an aware one is required")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


# SQLite: pysqlite's deferred transactions make concurrent writers fail with "database is locked" when a
# reader upgrades to a writer. A transaction that may write therefore starts with BEGIN IMMEDIATE, which takes
# the write lock up front and waits for it (busy timeout); WAL keeps readers unblocked meanwhile. Requests
# with an unsafe method (POST, ...) and code inside write_transactions() ask for that; reads stay deferred,
# so a page view never waits for a writer.
# Email addresses are stored in several tables; none is longer than SMTP carries (RFC 5321).
EMAIL_MAX_LENGTH = 254
# Ids are PostgreSQL integers: a larger number, in a URL or a form, cannot name a row.
MAX_DATABASE_ID = 2**31 - 1

SQLITE_BUSY_TIMEOUT_SECONDS = 30
_write_lock_wanted: ContextVar[bool] = ContextVar("sqlite_write_lock_wanted", default=False)


@contextmanager
def write_transactions():
    """Transactions begun inside this block take SQLite's write lock at BEGIN (no effect on PostgreSQL)."""
    token = _write_lock_wanted.set(True)
    try:
        yield
    finally:
        _write_lock_wanted.reset(token)


def want_write_lock() -> Token:
    return _write_lock_wanted.set(True)


def release_write_wish(token: Token) -> None:
    _write_lock_wanted.reset(token)


@event.listens_for(Engine, "connect")
def _configure_sqlite_connection(dbapi_connection, connection_record):
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself, below
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_SECONDS * 1000}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.close()


# PostgreSQL compiles a statement whose estimated cost passes jit_above_cost to machine code before running it:
# 20 ms and more for the indicators' statements, longer than running them. Dialogue's statements read what a page
# shows, so the compiling never pays back; every connection starts with it off.
@event.listens_for(Engine, "do_connect")
def _postgresql_without_jit(dialect, connection_record, connection_arguments, connection_parameters):
    if dialect.name == "postgresql":
        options = connection_parameters.get("options", "")
        connection_parameters["options"] = f"{options} -c jit=off".strip()


@event.listens_for(Engine, "begin")
def _begin_sqlite_transaction(connection):
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE" if _write_lock_wanted.get() else "BEGIN")


# PostgreSQL explains a failed statement with the values involved: "DETAIL: Key (email)=(amira@example.se) already
# exists", "Failing row contains (7, amira@example.se, Amira Hassan, scrypt:...)", and a refused value quoted in
# the message itself ('invalid input syntax for type integer: "abc"'). psycopg puts all of it in the error's
# message, which SQLAlchemy copies into its own and a traceback prints, where hide_parameters cannot reach. The
# message keeps the server's first line, which names the table or constraint, with a data error's quoted value
# replaced by "..."; the rest stays on `error.diag` for code that asks.
_QUOTED = re.compile(r'"[^"]*"')
_DATA_EXCEPTION_CLASS = "22"  # SQLSTATE class "data exception": the message quotes the value


@event.listens_for(Engine, "handle_error")
def _keep_values_out_of_postgresql_errors(context):
    error = context.original_exception
    diag = getattr(error, "diag", None)
    primary = getattr(diag, "message_primary", None)
    if not primary:
        return
    if (getattr(error, "sqlstate", None) or "").startswith(_DATA_EXCEPTION_CLASS):
        primary = _QUOTED.sub('"..."', primary)
    error.args = (primary,)
    wrapper = context.sqlalchemy_exception
    if wrapper is not None and len(wrapper.args) == 1:
        wrapper.args = (f"({type(error).__module__}.{type(error).__name__}) {primary}",)


def enum_type(enum_class, name: str):
    """A portable enum column: a short string with a CHECK constraint listing the allowed values."""
    from sqlalchemy import Enum

    return Enum(
        enum_class,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(len(member.value) for member in enum_class),
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )
