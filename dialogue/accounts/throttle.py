"""Guessing passwords, slowed down: after LOGIN_FAILURES_ALLOWED wrong passwords in a row for an email address,
its logins are refused for a while that doubles with each further failure (LOGIN_BLOCK_SECONDS, at most
LOGIN_BLOCK_MAX_MINUTES). The owner is never locked out for good: a block ends by itself, and a right password
after it clears the count. Unknown addresses are counted the same way, so a refusal tells nobody whether an
account exists."""

import hashlib
import math
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy.exc import IntegrityError

from dialogue.accounts.models import LoginThrottle, normalise_email
from dialogue.database import utcnow
from dialogue.extensions import db


def _key(email: str) -> str:
    return hashlib.sha256(f"login:{normalise_email(email)}".encode()).hexdigest()


def minutes_blocked(email: str, now: datetime | None = None) -> int | None:
    """How many minutes, rounded up, the address's logins are still refused; None when they are not."""
    throttle = db.session.get(LoginThrottle, _key(email))
    now = now or utcnow()
    if throttle is None or throttle.blocked_until is None or throttle.blocked_until <= now:
        return None
    return max(1, math.ceil((throttle.blocked_until - now).total_seconds() / 60))


def record_failure(email: str, now: datetime | None = None) -> None:
    """Count a wrong password; past the allowed number, block the address for a doubling while."""
    settings, key = current_app.config, _key(email)
    if db.session.get(LoginThrottle, key) is None:
        try:
            with db.session.begin_nested():
                db.session.add(LoginThrottle(key_hash=key, failures=0))
        except IntegrityError:
            pass  # another request counted the first failure a moment ago
    # Locked, so that failures at the same moment are each counted (SQLite: the request's write lock).
    throttle = db.session.get(LoginThrottle, key, with_for_update=True, populate_existing=True)
    throttle.failures += 1
    throttle.last_failure_at = now or utcnow()
    beyond = throttle.failures - settings["LOGIN_FAILURES_ALLOWED"]
    if beyond >= 0:
        seconds = min(settings["LOGIN_BLOCK_SECONDS"] * 2 ** min(beyond, 20), settings["LOGIN_BLOCK_MAX_MINUTES"] * 60)
        throttle.blocked_until = (now or utcnow()) + timedelta(seconds=seconds)
    db.session.flush()


def clear_failures(email: str) -> None:
    """Forget the address's wrong passwords and any pause: after a right password, or a password reset."""
    throttle = db.session.get(LoginThrottle, _key(email))
    if throttle is not None:
        db.session.delete(throttle)
        db.session.flush()
