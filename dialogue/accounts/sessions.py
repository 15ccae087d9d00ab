"""Sessions that end on the server: a login keeps the account's session version in its signed cookie, and a
session whose number is no longer the account's is anonymous. Logging out raises the number, so a copied cookie
opens nothing afterwards. A session also ends after a while without requests and after a longest lifetime, both
shorter for staff (the SESSION_* settings)."""

import time

from flask import current_app, session
from flask_login import login_user, logout_user

from dialogue.accounts.models import User
from dialogue.extensions import db
from dialogue.i18n import SESSION_KEY
from dialogue.permissions import STAFF_ROLES

SESSION_VERSION_KEY = "session_version"
STARTED_KEY = "session_started"
SEEN_KEY = "session_seen"


def start_session(user: User) -> None:
    """A fresh session for the user (no fixation), keeping only the chosen language."""
    _keep_only_the_language()
    login_user(user)
    session[SESSION_VERSION_KEY] = user.session_version
    session[STARTED_KEY] = session[SEEN_KEY] = _now()


def end_every_session(user: User) -> None:
    """Every session of the account, this one included, ends; the caller commits."""
    user.session_version += 1
    db.session.flush()


def leave_session() -> None:
    """Log out of this browser, keeping the chosen language."""
    logout_user()
    _keep_only_the_language()


def _keep_only_the_language() -> None:
    language = session.get(SESSION_KEY)
    session.clear()
    if language:
        session[SESSION_KEY] = language


def load_user(user_id: str) -> User | None:
    """The session's user while its session version is the account's; anyone else is anonymous."""
    if not user_id.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or session.get(SESSION_VERSION_KEY) != user.session_version:
        return None
    if _expired(user):
        _keep_only_the_language()
        return None
    session[SEEN_KEY] = _now()
    return user


def _now() -> int:
    return int(time.time())


def _expired(user: User) -> bool:
    settings, staff = current_app.config, user.role in STAFF_ROLES
    idle_minutes = settings["SESSION_IDLE_MINUTES_STAFF" if staff else "SESSION_IDLE_MINUTES"]
    lifetime_hours = settings["SESSION_LIFETIME_HOURS_STAFF" if staff else "SESSION_LIFETIME_HOURS"]
    now = _now()
    seen, started = session.get(SEEN_KEY, 0), session.get(STARTED_KEY, 0)
    return now - seen > idle_minutes * 60 or now - started > lifetime_hours * 3600
