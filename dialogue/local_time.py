"""The city's time zone. Times are stored in UTC and shown, filtered and exported in Stockholm time."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from dialogue.database import utcnow

LOCAL_TIMEZONE = ZoneInfo("Europe/Stockholm")


def local_midnight_utc(day: date) -> datetime:
    """The moment a local calendar day begins, for comparing with stored UTC times."""
    return datetime.combine(day, time.min, tzinfo=LOCAL_TIMEZONE)


def local_today(now: datetime | None = None) -> date:
    return local_date(now or utcnow())


def local_date(value: datetime) -> date:
    """The Stockholm calendar day of a moment."""
    return value.astimezone(LOCAL_TIMEZONE).date()


def local_minutes(value: datetime | None) -> str:
    """'2026-12-01 18:00' in Stockholm time, or '' for no time: the form of times in exports."""
    return value.astimezone(LOCAL_TIMEZONE).strftime("%Y-%m-%d %H:%M") if value else ""


def local_date_text(value: datetime) -> str:
    """'2026-12-01': the local day of a moment, as it stands in a file name."""
    return value.astimezone(LOCAL_TIMEZONE).strftime("%Y-%m-%d")


def local_seconds(value: datetime) -> str:
    """'2026-12-01 18:00:05' in Stockholm time: when something happened, to the second (the audit log)."""
    return value.astimezone(LOCAL_TIMEZONE).strftime("%Y-%m-%d %H:%M:%S")
