"""Sessions that end on the server: a login keeps the account's session version in its signed cookie, and a
session whose number is no longer the account's is anonymous. Logging out raises the number, so a copied cookie
opens nothing afterwards."""

from flask import session
from flask_login import login_user, logout_user

from dialogue.accounts.models import User
from dialogue.extensions import db
from dialogue.i18n import SESSION_KEY

SESSION_VERSION_KEY = "session_version"


def start_session(user: User) -> None:
    """A fresh session for the user (no fixation), keeping only the chosen language."""
    language = session.get(SESSION_KEY)
    session.clear()
    if language:
        session[SESSION_KEY] = language
    login_user(user)
    session[SESSION_VERSION_KEY] = user.session_version


def end_every_session(user: User) -> None:
    """Every session of the account, this one included, ends; the caller commits."""
    user.session_version += 1
    db.session.flush()


def leave_session() -> None:
    """Log out of this browser, keeping the chosen language."""
    language = session.get(SESSION_KEY)
    logout_user()
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
    return user
