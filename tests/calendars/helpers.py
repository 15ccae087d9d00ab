"""Reading calendar answers as a calendar app would: the icalendar library parses them."""

from dataclasses import dataclass
from datetime import datetime

from icalendar import Calendar

STOCKHOLM_TZID = "Europe/Stockholm"


def parse_calendar(response) -> Calendar:
    assert response.status_code == 200, response.status_code
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.data)


@dataclass(frozen=True)
class FeedEvent:
    uid: str
    summary: str
    start: datetime
    start_tzid: str
    sequence: int
    status: str
    location: str
    url: str
    has_dtstamp: bool


def feed_events(calendar: Calendar) -> dict[str, FeedEvent]:
    """The calendar's events by UID; each UID once, or a calendar app would show the event twice."""
    events = {}
    for component in calendar.walk("VEVENT"):
        uid = str(component["UID"])
        assert uid not in events, f"{uid} occurs twice"
        events[uid] = FeedEvent(
            uid=uid,
            summary=str(component["SUMMARY"]),
            start=component.decoded("DTSTART"),
            start_tzid=component["DTSTART"].params.get("TZID", ""),
            sequence=int(component["SEQUENCE"]),
            status=str(component["STATUS"]),
            location=str(component["LOCATION"]),
            url=str(component["URL"]),
            has_dtstamp="DTSTAMP" in component,
        )
    return events


def summaries(calendar: Calendar) -> set[str]:
    return {event.summary for event in feed_events(calendar).values()}


def timezone_ids(calendar: Calendar) -> set[str]:
    return {str(timezone["TZID"]) for timezone in calendar.walk("VTIMEZONE")}


def uid_of(event_id: int) -> str:
    """Written out, not computed by the app: a changed UID format would duplicate every subscriber's events."""
    return f"event-{event_id}@dialogue.malmo.se"
