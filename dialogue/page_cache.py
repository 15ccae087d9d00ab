"""Public pages as a visitor sees them, kept for a short while and served again without a query or a template.

A page is kept under a key made of its address, the reader's language, the minute, and the database's write version:
a PostgreSQL sequence, `page_version`, that every transaction writing something a page can show advances right after
its commit. The listeners below see every insert, update and delete sent through the session, and a SELECT that
writes in its WITH, whether a page, a command or the outbox worker sends it. A request reads the version before
anything else, so a page kept under a version was rendered from data at least as new as the last write before it;
the first request after a write (a registration, a cancellation, an answer, a moderation, an event edited) reads the
new version and renders the page anew. Nothing has to remember to empty the cache. Writes to tables that no page
shows to the public (the audit log, the outbox, login throttles, one-time links) leave the version alone, so that a
script sending wrong passwords, or the outbox sending email, does not empty it. The minute in the key bounds what
changes with the clock alone (an event that has started leaves the upcoming lists), and PAGE_CACHE_SECONDS how long
a page is kept at all; 0 turns the cache off. A change made by hand in psql, or a worker killed between a commit and
advancing the version, shows when the page expires.

Only pages whose view is marked `@kept_for_visitors`, only GET requests answered 200 with HTML, and only for a
visitor who is not logged in and has no message waiting (a flash). A staff view marked `@kept_for_its_reader` is
kept the same way for a signed-in reader alone: the key also holds their account and its session number, which
logging out raises, and the view's check that they may see it runs before the cache is asked. Each Gunicorn worker
keeps its own pages in its memory (Flask-Caching's SimpleCache, at most PAGE_CACHE_PAGES of them). SQLite, used in
development and in part of the tests, has no sequence: there every page is rendered for every request.

The forms on a page carry the reader's own CSRF token, which is never kept: while a page that may be kept is
rendered, `csrf_token()` writes a mark, the page is kept with the mark, and every answer has the mark replaced by
the reader's token. A page in which the reader's real token was written anyway is not kept.
"""

import functools
import hashlib
import logging
import weakref

from flask import Flask, Response, current_app, g, request, session
from flask_babel import get_locale
from flask_caching import Cache
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from sqlalchemy import Engine, Sequence, event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import UpdateBase

from dialogue.database import Base, utcnow
from dialogue.extensions import db

cache = Cache()
logger = logging.getLogger(__name__)
# Written by csrf_token() in a page that may be kept. Markup, so that it is written as it is; a text a person
# wrote that looks the same is escaped by the template and never matches it.
TOKEN_MARK = Markup("<dialogue-csrf-token>")
KEY = "page_cache_key"
PAGE_VERSION = Sequence("page_version", metadata=Base.metadata)
# Tables no public page shows: a write to them alone leaves the kept pages as they are.
UNSEEN_TABLES = frozenset(
    {
        "audit_entries",
        "outbox_messages",
        "outbox_attachments",
        "login_throttles",
        "password_reset_tokens",
        "signup_confirmations",
    }
)
WROTE = "page_cache_wrote"
# Whether a compiled SELECT writes in its WITH, worked out once for each (see _writes_in_its_with).
_WRITES_IN_ITS_WITH = weakref.WeakKeyDictionary()


def kept_for_visitors(view):
    """A public view whose page, as a visitor who is not logged in sees it, may be kept (see above). The innermost
    decorator, below the route's rate limit, which counts a page served from the cache too."""
    return _kept(view, signed_in=False)


def kept_for_its_reader(view):
    """A staff view whose page is kept for the one person who saw it, in the session they saw it in, until the next
    write (see above). The innermost decorator, below the check that the reader may see the page, which is made
    for a page served from the cache too."""
    return _kept(view, signed_in=True)


def _kept(view, signed_in: bool):
    @functools.wraps(view)
    def serve_kept_or_render(*args, **kwargs):
        if _may_be_kept(signed_in) and (version := write_version()) is not None:
            key = _key(version)
            body = cache.get(key)
            if body is not None:
                return Response(_with_readers_token(body), mimetype="text/html")
            g.page_cache_key = key
        return view(*args, **kwargs)

    return serve_kept_or_render


def write_version() -> int | None:
    """The database's write version (see above), or None where there is none (SQLite)."""
    if db.engine.dialect.name != "postgresql":
        return None
    # One statement on its own, outside the request's transaction: no BEGIN and ROLLBACK around it for a page
    # served from the cache.
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        return connection.execute(text("SELECT last_value FROM page_version")).scalar_one()


@event.listens_for(Session, "after_flush")
def _note_flushed_rows(session, flush_context):
    for row in (*session.new, *session.dirty, *session.deleted):
        if getattr(row, "__tablename__", None) not in UNSEEN_TABLES:
            session.info[WROTE] = True
            return


@event.listens_for(Session, "do_orm_execute")
def _note_written_statements(state):
    if state.is_insert or state.is_update or state.is_delete:
        if state.statement.table.name not in UNSEEN_TABLES:
            state.session.info[WROTE] = True
    elif state.is_select:  # a SELECT may write in its WITH (a registration takes its places so): seen once compiled
        state.update_execution_options(**{WROTE: state.session.info})


@event.listens_for(Engine, "before_cursor_execute")
def _note_writes_in_a_with(connection, cursor, statement, parameters, context, executemany):
    session_info = context.execution_options.get(WROTE) if context is not None else None
    if session_info is not None and _writes_in_its_with(context.compiled):
        session_info[WROTE] = True


def _writes_in_its_with(compiled) -> bool:
    """Whether a compiled SELECT inserts, updates or deletes in its WITH a row of a table a page shows. SQLAlchemy
    compiles a statement of the same shape once, so this is worked out once for each."""
    if compiled is None:
        return False
    try:
        return _WRITES_IN_ITS_WITH[compiled]
    except KeyError:
        writes = any(
            isinstance(cte.element, UpdateBase) and cte.element.table.name not in UNSEEN_TABLES
            for cte in compiled.ctes or ()
        )
        _WRITES_IN_ITS_WITH[compiled] = writes
        return writes


@event.listens_for(Session, "after_commit")
def _advance_the_version(session):
    if not session.info.pop(WROTE, False):
        return
    engine = session.get_bind()
    if engine.dialect.name != "postgresql":
        return
    try:  # one statement on its own, as write_version() reads it: no BEGIN and COMMIT around it
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("SELECT nextval('page_version')"))
    except DBAPIError:
        # The write is committed and its request must not fail now; kept pages end within PAGE_CACHE_SECONDS.
        logger.exception("The page cache's write version could not be advanced after a commit")


@event.listens_for(Session, "after_transaction_end")
def _forget_rolled_back_writes(session, transaction):
    if transaction.parent is None:
        session.info.pop(WROTE, None)


def _may_be_kept(signed_in: bool) -> bool:
    if request.method != "GET" or not current_app.config["PAGE_CACHE_SECONDS"]:
        return False
    return current_user.is_authenticated == signed_in and "_flashes" not in session


def _key(version: int) -> str:
    """The page's key. A signed-in reader's holds their account and its session number (the one their session
    carries, or they would not be signed in), which logging out raises: no one else is served their page, nor they
    after logging out."""
    minute = int(utcnow().timestamp() // 60)
    reader = f"{current_user.get_id()} {current_user.session_version}" if current_user.is_authenticated else ""
    parts = "\n".join((str(version), str(minute), str(get_locale()), reader, request.url))
    return "page:" + hashlib.sha256(parts.encode()).hexdigest()


def _with_readers_token(body: bytes) -> bytes:
    mark = TOKEN_MARK.encode()
    if mark not in body:
        return body
    return body.replace(mark, generate_csrf().encode())


def csrf_token() -> str:
    """The template's csrf_token(): the mark in a page that may be kept, otherwise the reader's token."""
    if g.get(KEY):
        return TOKEN_MARK
    return generate_csrf()


def register(app: Flask) -> None:
    app.config.setdefault("CACHE_TYPE", "SimpleCache")
    app.config.setdefault("CACHE_THRESHOLD", app.config["PAGE_CACHE_PAGES"])
    app.config.setdefault("CACHE_DEFAULT_TIMEOUT", app.config["PAGE_CACHE_SECONDS"])
    cache.init_app(app)
    # Flask-WTF offers its csrf_token() both as a global (for imported macros) and from a context processor
    # (for the page's own template); this one replaces both.
    app.jinja_env.globals["csrf_token"] = csrf_token
    app.context_processor(lambda: {"csrf_token": csrf_token})

    @app.after_request
    def keep_the_page(response):
        key = g.pop(KEY, None)
        if key is None:
            return response
        body = response.get_data()
        readers_token = g.get("csrf_token")  # Flask-WTF keeps the token it wrote this request here
        if (
            response.status_code == 200
            and response.mimetype == "text/html"
            and "Set-Cookie" not in response.headers
            and not (readers_token and readers_token.encode() in body)
        ):
            cache.set(key, body)
        response.set_data(_with_readers_token(body))
        return response
