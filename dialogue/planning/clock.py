"""Stockholm wall-clock times and the UTC moments they are stored as.

Staff plan in local time ("18:00 on 29 March"); the database keeps UTC. Twice a year the clocks change: in
spring an hour of local times does not exist (02:00–02:59 on the last Sunday of March), in autumn an hour
happens twice. A time that does not exist is refused; a time that happens twice means its first occurrence
(summer time), which is what Python's fold=0 gives.
"""

from datetime import UTC, date, datetime, time

from dialogue.local_time import LOCAL_TIMEZONE


class NonexistentLocalTime(ValueError):
    """The clocks jump over this time: it never shows on a clock in Stockholm."""


def local_to_utc(day: date, clock: time) -> datetime:
    local = datetime.combine(day, clock.replace(second=0, microsecond=0, tzinfo=LOCAL_TIMEZONE))
    moment = local.astimezone(UTC)
    # A time in the spring gap is moved by the conversion; going back does not give the same clock reading.
    if moment.astimezone(LOCAL_TIMEZONE).replace(tzinfo=None) != local.replace(tzinfo=None):
        raise NonexistentLocalTime(f"{day} {clock} does not exist in {LOCAL_TIMEZONE.key}")
    return moment


def local(moment: datetime) -> datetime:
    return moment.astimezone(LOCAL_TIMEZONE)


def local_day(moment: datetime | None) -> date | None:
    return local(moment).date() if moment else None


def local_clock(moment: datetime | None) -> time | None:
    return local(moment).time().replace(tzinfo=None) if moment else None
