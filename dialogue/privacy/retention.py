"""How long each kind of personal data is kept: read from the configuration (config.py, RETAIN_*) by the purge
and by the privacy page alike."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import ngettext


@dataclass(frozen=True)
class Retention:
    """Periods in days. Each cutoff is the moment before which the data of that kind goes."""

    registration_days: int
    access_note_days: int
    email_days: int
    contribution_contact_days: int
    unanswered_contact_days: int
    unused_account_days: int
    unused_account_warning_days: int
    audit_log_days: int

    @classmethod
    def from_config(cls, config=None) -> "Retention":
        config = config if config is not None else current_app.config
        return cls(
            registration_days=config["RETAIN_REGISTRATION_DAYS"],
            access_note_days=config["RETAIN_ACCESS_NOTE_DAYS"],
            email_days=config["RETAIN_EMAIL_DAYS"],
            contribution_contact_days=config["RETAIN_CONTRIBUTION_CONTACT_DAYS"],
            unanswered_contact_days=config["RETAIN_UNANSWERED_CONTACT_DAYS"],
            unused_account_days=config["RETAIN_UNUSED_ACCOUNT_DAYS"],
            unused_account_warning_days=config["UNUSED_ACCOUNT_WARNING_DAYS"],
            audit_log_days=config["RETAIN_AUDIT_LOG_DAYS"],
        )


def before(now: datetime, days: int) -> datetime:
    return now - timedelta(days=days)


def period_text(days: int) -> str:
    """A period as people say it: in whole years when it is some, else in days (never a "month", which is not
    always 30 days)."""
    if days and days % 365 == 0:
        return ngettext("%(num)d year", "%(num)d years", days // 365)
    return ngettext("%(num)d day", "%(num)d days", days)
