"""iCalendar (RFC 5545) for events: one stable UID per event, times in Europe/Stockholm with its VTIMEZONE,
SEQUENCE raised with every change people would notice, STATUS:CANCELLED for cancelled events.

icalendar (with python-dateutil) is imported by the first calendar made, not when the app starts: pages only link
to calendars, and a process that serves pages need not hold its some 100 modules.
"""

import re
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from flask import current_app
from flask_babel import force_locale, gettext

from dialogue.database import utcnow
from dialogue.events.models import Event, EventStatus
from dialogue.events.texts import EventTexts, localised
from dialogue.i18n import language_name
from dialogue.local_time import LOCAL_TIMEZONE
from dialogue.outbox.links import public_url

if TYPE_CHECKING:
    from icalendar import Event as CalendarEvent

PRODUCT_ID = "-//Dialogue//Malmö participatory events//SV"
# The VTIMEZONE covers at most this many years from the first event: an event stored on 9999-12-31 (by a
# mistake the planning form now refuses) neither makes it thousands of years of clock changes long nor reaches
# past the last year a date can have. Calendar apps know Europe/Stockholm's later changes themselves.
VTIMEZONE_MAX_YEARS = 20


def event_uid(event: Event) -> str:
    """Stable for the event's whole life, whatever changes: calendars update the entry instead of adding one."""
    domain = current_app.config.get("CALENDAR_UID_DOMAIN", "dialogue.malmo.se")
    return f"event-{event.id}@{domain}"


def _written_in(texts: EventTexts, language: str) -> str:
    with force_locale(texts.reader_language):
        return gettext("Written in %(language)s", language=language_name(language))


def _description(event: Event, texts: EventTexts) -> str:
    """The description and the accessibility information as the reader is shown them, each text that is not in the
    reader's language said to be in which (dialogue.events.texts)."""
    parts = []
    if texts.in_another_language:
        parts.append(f"({_written_in(texts, texts.language)})")
    if texts.description_in_another_language:
        parts.append(f"({_written_in(texts, texts.description_language)})")
    parts.append(texts.description)
    if texts.accessibility_info:
        if texts.accessibility_in_another_language:
            parts.append(f"({_written_in(texts, texts.accessibility_language)})")
        parts.append(texts.accessibility_info)
    description = "\n\n".join(part for part in parts if part)
    if event.status == EventStatus.CANCELLED and event.cancellation_message:
        description = f"{event.cancellation_message}\n\n{description}"
    return description.strip()


def event_component(
    event: Event, now: datetime | None = None, summary: str | None = None, language: str | None = None
) -> "CalendarEvent":
    """The event for a reader of `language` (default: the current locale): its title and texts in their language
    when translated, otherwise the original's, with the language named (LANGUAGE on the SUMMARY, and a note)."""
    from icalendar import Event as CalendarEvent

    texts = localised(event, language)
    component = CalendarEvent()
    component.add("uid", event_uid(event))
    component.add("dtstamp", now or utcnow())
    if event.updated_at is not None:
        component.add("last-modified", event.updated_at)
    component.add("dtstart", event.starts_at.astimezone(LOCAL_TIMEZONE))
    component.add("dtend", event.ends_at.astimezone(LOCAL_TIMEZONE))
    component.add("sequence", event.revision)
    if summary is None:
        component.add("summary", texts.title, parameters={"LANGUAGE": texts.language})
    else:
        component.add("summary", summary)
    component.add("location", f"{event.venue}, {event.address}")
    component.add("url", public_url("registrations.show_event", event_id=event.id))
    component.add("description", _description(event, texts))
    component.add("status", "CANCELLED" if event.status == EventStatus.CANCELLED else "CONFIRMED")
    return component


def calendar_of(
    events: Iterable[Event],
    name: str,
    method: str = "PUBLISH",
    now: datetime | None = None,
    summaries: Mapping[int, str] | None = None,
    refresh_interval: timedelta | None = None,
    language: str | None = None,
) -> bytes:
    """A calendar with the events and the VTIMEZONE their TZIDs refer to.

    `summaries` maps an event id to a summary other than its title (a personal feed marks waiting-list
    places so); `refresh_interval` tells subscribing calendar apps how often to fetch a feed again; `language` is
    the reader's (default: the current locale), whose translations of the events' texts are used.
    """
    from icalendar import Calendar, vDuration

    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    name = " ".join(name.split())  # a property value on one line, whatever the title held
    calendar.add("x-wr-calname", name)
    calendar.add("name", name)
    calendar.add("x-wr-timezone", LOCAL_TIMEZONE.key)
    if refresh_interval is not None:
        calendar.add("refresh-interval", refresh_interval, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", vDuration(refresh_interval))  # the same for older apps
    now = now or utcnow()
    summaries = summaries or {}
    events = list(events)
    for event in events:
        calendar.add_component(event_component(event, now, summaries.get(event.id), language))
    if not events:
        return calendar.to_ical()
    # The VTIMEZONE only needs to cover the events; from 1970 to 2038 (the library's default) it is 3 kB.
    first = min(event.starts_at for event in events).astimezone(LOCAL_TIMEZONE)
    last = max(event.ends_at for event in events).astimezone(LOCAL_TIMEZONE)
    first_year = min(first.year, date.max.year - 1)
    last_year = max(min(last.year + 2, first_year + VTIMEZONE_MAX_YEARS, date.max.year), first_year + 1)
    # It goes where icalendar's add_missing_timezones puts it, before the first event; written once per span of years.
    return calendar.to_ical().replace(
        _FIRST_EVENT, b"\r\n" + _local_timezone(first_year, last_year) + _FIRST_EVENT[2:], 1
    )


_FIRST_EVENT = b"\r\nBEGIN:VEVENT\r\n"


@lru_cache(maxsize=64)
def _local_timezone(first_year: int, last_year: int) -> bytes:
    """The VTIMEZONE of Europe/Stockholm from the first to the last year, as every calendar of those years carries it:
    a few dozen lines that are the same in every file, so a confirmation's attachment does not compute them again."""
    from icalendar import Timezone

    timezone = Timezone.from_tzid(
        LOCAL_TIMEZONE.key, first_date=date(first_year, 1, 1), last_date=date(last_year, 1, 1)
    )
    return timezone.to_ical()


def event_calendar(event: Event, now: datetime | None = None, language: str | None = None) -> bytes:
    """One event as a calendar file for a reader of `language`: the attachment of emails, and the download.

    Always METHOD:PUBLISH: a cancellation is STATUS:CANCELLED with a higher SEQUENCE, which calendars apply to the
    entry with the same UID. (METHOD:CANCEL would need an ORGANIZER, and some mail clients reject it without.)
    """
    title = localised(event, language).title
    return calendar_of([event], title, method="PUBLISH", now=now, language=language)


_STAMPS = re.compile(rb"^(DTSTAMP|LAST-MODIFIED):\d{8}T\d{6}Z\r$", re.MULTILINE)


def restamped(data: bytes, now: datetime, last_modified: datetime) -> bytes:
    """A calendar file of one event (`event_calendar`) written earlier, as it is written at `now` for the event last
    changed at `last_modified`: its DTSTAMP and LAST-MODIFIED lines, in UTC and never folded, are all that differ."""
    stamps = {b"DTSTAMP": now, b"LAST-MODIFIED": last_modified}

    def stamp(found: re.Match) -> bytes:
        when = stamps[found[1]]
        return found[1] + b":" + when.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ").encode() + b"\r"

    return _STAMPS.sub(stamp, data)
