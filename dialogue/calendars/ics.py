"""iCalendar (RFC 5545) for events: one stable UID per event, times in Europe/Stockholm with its VTIMEZONE,
SEQUENCE raised with every change people would notice, STATUS:CANCELLED for cancelled events."""
from collections.abc import Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app, url_for
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from dialogue.database import utcnow
from dialogue.events.models import Event, EventStatus

STOCKHOLM = ZoneInfo("Europe/Stockholm")
PRODUCT_ID = "-//Dialogue//Malmö participatory events//SV"


def event_uid(event: Event) -> str:
    """Stable for the event's whole life, whatever changes: calendars update the entry instead of adding one."""
    domain = current_app.config.get("CALENDAR_UID_DOMAIN", "dialogue.malmo.se")
    return f"event-{event.id}@{domain}"


def event_component(event: Event, now: datetime | None = None) -> CalendarEvent:
    component = CalendarEvent()
    component.add("uid", event_uid(event))
    component.add("dtstamp", now or utcnow())
    component.add("dtstart", event.starts_at.astimezone(STOCKHOLM))
    component.add("dtend", event.ends_at.astimezone(STOCKHOLM))
    component.add("sequence", event.revision)
    component.add("summary", event.title)
    component.add("location", f"{event.venue}, {event.address}")
    component.add("url", url_for("events.show", event_id=event.id, _external=True))
    description = event.description
    if event.accessibility_info:
        description = f"{description}\n\n{event.accessibility_info}".strip()
    if event.status == EventStatus.CANCELLED and event.cancellation_message:
        description = f"{event.cancellation_message}\n\n{description}".strip()
    component.add("description", description)
    component.add("status", "CANCELLED" if event.status == EventStatus.CANCELLED else "CONFIRMED")
    return component


def calendar_of(events: Iterable[Event], name: str, method: str = "PUBLISH", now: datetime | None = None) -> bytes:
    """A calendar with the events and the VTIMEZONE their TZIDs refer to."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Stockholm")
    now = now or utcnow()
    for event in events:
        calendar.add_component(event_component(event, now))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def event_calendar(event: Event, now: datetime | None = None) -> bytes:
    """One event as a calendar file: the download on the event page and the attachment of emails."""
    method = "CANCEL" if event.status == EventStatus.CANCELLED else "PUBLISH"
    return calendar_of([event], event.title, method=method, now=now)
