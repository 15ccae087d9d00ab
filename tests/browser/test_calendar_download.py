"""Calendars in Chromium: an event's .ics downloaded from the event page, and a personal feed made on
My registrations; icalendar parses both into the right events, and axe-core finds nothing on the pages."""

import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime

from icalendar import Calendar
from playwright.sync_api import expect
from sqlalchemy import select

from dialogue.accounts.models import User
from dialogue.demo import DEMO_ACCOUNTS, DEMO_EVENTS
from dialogue.events.models import Audience, Event
from dialogue.extensions import db
from dialogue.local_time import LOCAL_TIMEZONE
from dialogue.permissions import Role
from tests.factories import make_registration

STOCKHOLM = LOCAL_TIMEZONE


@dataclass(frozen=True)
class SeededEvent:
    id: int
    title: str
    starts_at: datetime


def seeded_event(live_server, title: str) -> SeededEvent:
    with live_server.app.app_context():
        event = db.session.scalars(select(Event).where(Event.title == title)).one()
        return SeededEvent(event.id, event.title, event.starts_at)


def the_only_event(data: bytes):
    calendar = Calendar.from_ical(data)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    assert [str(timezone["TZID"]) for timezone in calendar.walk("VTIMEZONE")] == ["Europe/Stockholm"]
    return events[0]


def fetch(url: str) -> tuple[int, bytes]:
    """As a calendar app fetches a feed: no cookies, no browser."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def test_the_event_page_downloads_the_event_as_ics(new_page, live_server, assert_accessible, tmp_path):
    page = new_page(locale="sv-SE", accept_downloads=True)
    t = live_server.texts("sv")
    event = seeded_event(live_server, DEMO_EVENTS[0].title)

    page.goto(f"/events/{event.id}")
    expect(page.get_by_role("heading", level=1)).to_have_text(event.title)
    assert_accessible(page, "event page with the calendar link")
    with page.expect_download() as download_info:
        page.get_by_role("link", name=t("Add to calendar (.ics)")).click()
    download = download_info.value
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)

    assert download.suggested_filename.endswith(".ics")
    entry = the_only_event(saved.read_bytes())
    assert str(entry["UID"]) == f"event-{event.id}@dialogue.malmo.se"
    assert str(entry["SUMMARY"]) == event.title
    assert entry["DTSTART"].params["TZID"] == "Europe/Stockholm"
    start = entry.decoded("DTSTART")
    assert start == event.starts_at
    assert start.replace(tzinfo=None) == event.starts_at.astimezone(STOCKHOLM).replace(tzinfo=None)
    assert str(entry["URL"]) == f"{live_server.url}/events/{event.id}"


def test_a_resident_makes_and_renews_a_personal_feed(new_page, live_server, assert_accessible):
    resident = next(account for account in DEMO_ACCOUNTS if account.role == Role.RESIDENT)
    # An event the registration journey leaves alone (it only uses events nobody has signed up for).
    demo = next(each for each in DEMO_EVENTS if each.fill and each.waitlist and each.audience == Audience.EVERYONE)
    event = seeded_event(live_server, demo.title)
    with live_server.app.app_context():
        user = db.session.scalars(select(User).where(User.email == resident.email)).one()
        make_registration(db.session.get(Event, event.id), email=user.email, user=user)
        db.session.commit()
    page = new_page(locale="en-GB")
    page.goto("/account/login?lang=en")  # remembered past the login, before the account's own language
    expect(page.locator("html")).to_have_attribute("lang", "en")
    t = live_server.texts("en")
    page.get_by_label(t("Email address"), exact=True).fill(resident.email)
    page.get_by_label(t("Password"), exact=True).fill(resident.password)
    with page.expect_navigation():
        page.locator("form.stacked").get_by_role("button", name=t("Log in")).click()

    page.goto("/my/registrations")
    box = page.get_by_role("region", name=t("Your registrations in your calendar"))
    with page.expect_navigation():
        box.get_by_role("button", name=t("Create my calendar address")).click()
    address = page.locator("#personal-calendar-url")
    feed_prefix = re.escape(f"{live_server.url}/calendar/personal/")
    expect(address).to_have_text(re.compile(rf"^{feed_prefix}[\w-]{{43}}\.ics$"))
    first_url = address.inner_text().strip()
    assert_accessible(page, "My registrations with the new calendar address")

    status, data = fetch(first_url)
    assert status == 200
    entry = the_only_event(data)
    assert str(entry["UID"]) == f"event-{event.id}@dialogue.malmo.se"
    assert str(entry["SUMMARY"]).endswith(event.title)

    page.reload()
    expect(page.locator("#personal-calendar-url")).to_have_count(0)  # shown once only
    with page.expect_navigation():
        box.get_by_role("button", name=t("Make a new calendar address")).click()
    second_url = page.locator("#personal-calendar-url").inner_text().strip()
    assert second_url != first_url
    assert fetch(first_url)[0] == 404
    assert fetch(second_url)[0] == 200
