"""The secret of a person's calendar feed URL. Only its sha256 hash is stored, like the manage token of a
registration: whoever reads the database cannot subscribe to anyone's calendar."""

import hashlib
import re
import secrets

from sqlalchemy import select
from sqlalchemy.orm import raiseload

from dialogue.accounts.models import User
from dialogue.extensions import db

TOKEN_BYTES = 32
# secrets.token_urlsafe(32) gives 43 characters of the URL-safe base64 alphabet; nothing else is looked up.
TOKEN_FORMAT = re.compile(r"[A-Za-z0-9_-]{43}")


def hash_calendar_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def renew_calendar_token(user: User) -> str:
    """Gives `user` a new feed secret and returns it; the old one stops working. Flushes, does not commit."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    user.calendar_token_hash = hash_calendar_token(token)
    db.session.flush()
    return token


def stop_calendar_feed(user: User) -> None:
    user.calendar_token_hash = None
    db.session.flush()


def user_by_calendar_token(token: str) -> User | None:
    if not TOKEN_FORMAT.fullmatch(token):
        return None
    return db.session.scalars(
        select(User).where(User.calendar_token_hash == hash_calendar_token(token)).options(raiseload("*"))
    ).one_or_none()
