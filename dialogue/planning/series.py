"""A series: copies of an event every N weeks until a date, each a separate event.

Every copy keeps the original's local clock time: an event at 18:00 stays at 18:00 in Stockholm when the
clocks change, so its UTC time moves by an hour. Registration windows move along with the event.
"""

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import format_date, lazy_ngettext
from flask_babel import lazy_gettext as _l

from dialogue.accounts.models import User
from dialogue.audit.log import record
from dialogue.audit.models import AuditAction
from dialogue.events.models import Event, EventStatus
from dialogue.extensions import db
from dialogue.local_time import local_today
from dialogue.planning.clock import NonexistentLocalTime, local, local_to_utc
from dialogue.planning.services import PlanningError, copy_event
from dialogue.planning.window import day_refusal

MAX_SERIES_EVENTS = 52
MAX_INTERVAL_WEEKS = 12


@dataclass(frozen=True)
class Occurrence:
    starts_at: datetime
    ends_at: datetime
    registration_opens_at: datetime | None
    registration_closes_at: datetime | None


def _moved(moment: datetime | None, weeks: int) -> datetime | None:
    """The same Stockholm clock reading `weeks` weeks later, in UTC."""
    if moment is None:
        return None
    wall = local(moment).replace(tzinfo=None) + timedelta(weeks=weeks)
    try:
        return local_to_utc(wall.date(), wall.time())
    except NonexistentLocalTime:
        raise PlanningError(
            _l(
                "The clocks are put forward on %(date)s, and %(time)s does not exist that day. "
                "Move the event to another time first.",
                date=format_date(wall.date(), "long"),
                time=wall.strftime("%H:%M"),
            ),
            field="until",
        ) from None


def series_size(first_day: date, every_weeks: int, until: date) -> int:
    """How many copies fall on or before `until`, the original not counted."""
    if until < first_day:
        return 0
    return (until - first_day).days // (7 * every_weeks)


def occurrences(event: Event, every_weeks: int, until: date, today: date) -> list[Occurrence]:
    if not 1 <= every_weeks <= MAX_INTERVAL_WEEKS:
        raise PlanningError(_l("Every 1 to %(max)d weeks.", max=MAX_INTERVAL_WEEKS), field="every_weeks")
    first_day = local(event.starts_at).date()
    count = series_size(first_day, every_weeks, until)
    if count == 0:
        raise PlanningError(
            _l(
                "The series would have no events: the first would be on %(date)s. Choose that day or later.",
                date=format_date(first_day + timedelta(weeks=every_weeks), "long"),
            ),
            field="until",
        )
    if count > MAX_SERIES_EVENTS:
        raise PlanningError(
            lazy_ngettext(
                "That would make %(num)s event; at most %(max)s can be made at once. Choose an earlier end date.",
                "That would make %(num)s events; at most %(max)s can be made at once. Choose an earlier end date.",
                count,
                max=MAX_SERIES_EVENTS,
            ),
            field="until",
        )
    last_day = first_day + timedelta(weeks=count * every_weeks)
    refusal = day_refusal(last_day, today)
    if refusal is not None:
        raise PlanningError(refusal, field="until")
    result = []
    for number in range(1, count + 1):
        weeks = number * every_weeks
        result.append(
            Occurrence(
                starts_at=_moved(event.starts_at, weeks),
                ends_at=_moved(event.ends_at, weeks),
                registration_opens_at=_moved(event.registration_opens_at, weeks),
                registration_closes_at=_moved(event.registration_closes_at, weeks),
            )
        )
    return result


def create_series(
    event_id: int, every_weeks: int, until: date, publish: bool, creator: User, now: datetime | None = None
) -> list[Event]:
    """Copies of the event every `every_weeks` weeks up to and including `until`, drafts unless `publish`; the last
    no later than events can be planned (dialogue.planning.window).

    All of them and the original share a series key; an original already in a series lends its key.
    """
    event = db.session.get(Event, event_id)
    if event is None:
        raise PlanningError(_l("This event does not exist."))
    planned = occurrences(event, every_weeks, until, local_today(now))
    key = event.series_key or uuid.uuid4().hex
    event.series_key = key
    status = EventStatus.PUBLISHED if publish else EventStatus.DRAFT
    copies = [
        copy_event(
            event,
            creator,
            title=event.title,
            status=status,
            series_key=key,
            starts_at=occurrence.starts_at,
            ends_at=occurrence.ends_at,
            registration_opens_at=occurrence.registration_opens_at,
            registration_closes_at=occurrence.registration_closes_at,
        )
        for occurrence in planned
    ]
    db.session.flush()
    record(AuditAction.SERIES_CREATED, event, actor=creator, detail=f"{len(copies)} × {status.value}")
    return copies
