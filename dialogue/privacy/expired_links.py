"""Records of links and login counts that have done their work: a password link or a sign-up link that was used
or expired opens nothing any more, and a count of wrong passwords that blocks nothing and saw no failure for a
day protects nobody. Each holds an account's id or an address's hash, so it goes."""

from datetime import datetime, timedelta

from sqlalchemy import Select, delete, or_, select

from dialogue.accounts.models import LoginThrottle, PasswordResetToken, SignupConfirmation
from dialogue.extensions import db
from dialogue.privacy.retention import Retention

# A count of wrong passwords is kept this long after its last failure, so that slow guessing still adds up.
LOGIN_COUNT_KEPT = timedelta(days=1)


def password_links_due(now: datetime, retention: Retention) -> Select:
    return select(PasswordResetToken.id).where(
        or_(PasswordResetToken.used_at.is_not(None), PasswordResetToken.expires_at <= now)
    )


def delete_password_links(ids: list[int], now: datetime) -> int:
    return db.session.execute(
        delete(PasswordResetToken).where(PasswordResetToken.id.in_(ids)).execution_options(synchronize_session=False)
    ).rowcount


def signup_links_due(now: datetime, retention: Retention) -> Select:
    return select(SignupConfirmation.id).where(
        or_(SignupConfirmation.used_at.is_not(None), SignupConfirmation.expires_at <= now)
    )


def delete_signup_links(ids: list[int], now: datetime) -> int:
    return db.session.execute(
        delete(SignupConfirmation).where(SignupConfirmation.id.in_(ids)).execution_options(synchronize_session=False)
    ).rowcount


def login_counts_due(now: datetime, retention: Retention) -> Select:
    return select(LoginThrottle.key_hash).where(
        or_(LoginThrottle.blocked_until.is_(None), LoginThrottle.blocked_until <= now),
        or_(LoginThrottle.last_failure_at.is_(None), LoginThrottle.last_failure_at <= now - LOGIN_COUNT_KEPT),
    )


def delete_login_counts(keys: list[str], now: datetime) -> int:
    return db.session.execute(
        delete(LoginThrottle).where(LoginThrottle.key_hash.in_(keys)).execution_options(synchronize_session=False)
    ).rowcount
