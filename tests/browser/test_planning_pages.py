"""Event management in Chromium, on the demo data: a process leader opens the event list from the menu,
filters it, opens the form for a new event, sends it with mistakes, and opens an event's edit, cancel and
series pages. axe-core checks every page.

Nothing is saved (the refused form changes nothing), so the demo data other browser tests read stays as seeded.
The pages are in the account's language; `t` gives each text as a person reads it there.
"""

from playwright.sync_api import expect
from sqlalchemy import select

from dialogue.events.models import Event, EventStatus
from dialogue.extensions import db
from tests.browser.steps import log_in_as_process_leader, navigate


def event_count(live_server) -> int:
    with live_server.app.app_context():
        return len(db.session.scalars(select(Event.id)).all())


def a_published_event(live_server) -> int:
    with live_server.app.app_context():
        return db.session.scalars(
            select(Event.id).where(Event.status == EventStatus.PUBLISHED).order_by(Event.starts_at.desc())
        ).first()


def test_the_event_list_and_the_event_form(new_page, live_server, assert_accessible, screenshot):
    page = new_page(locale="sv-SE", viewport={"width": 1280, "height": 900})
    t = live_server.texts(log_in_as_process_leader(page))
    events_before = event_count(live_server)

    menu = page.get_by_role("navigation", name=t("Main menu"))
    navigate(page, menu.get_by_role("link", name=t("Manage events")).click)
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Manage events"))
    expect(page.locator("table.planning-list tbody tr").first).to_be_visible()
    assert_accessible(page, "staff event list")
    screenshot(page, "planning-list")

    filters = page.get_by_role("form", name=t("Filter events"))
    filters.get_by_label(t("Status"), exact=True).select_option("published")
    navigate(page, filters.get_by_role("button", name=t("Show events")).click)
    statuses = page.locator("table.planning-list tbody tr td:nth-child(3)").all_inner_texts()
    assert statuses and set(statuses) == {t("Published")}

    navigate(page, page.get_by_role("link", name=t("New event")).click)
    expect(page.get_by_role("heading", level=1)).to_have_text(t("New event"))
    assert_accessible(page, "new event form")
    screenshot(page, "planning-new-event")

    # Mistakes: no title, and an end before the start. Both are named next to their fields; nothing is saved.
    page.get_by_label(t("Neighbourhood"), exact=True).select_option(index=1)
    page.get_by_label(t("Venue"), exact=True).fill("Lindängens bibliotek")
    page.get_by_label(t("Address"), exact=True).fill("Lindängsvägen 1")
    page.get_by_label(t("Date"), exact=True).fill("2027-05-12")
    page.get_by_label(t("Starts at"), exact=True).fill("18:00")
    page.get_by_label(t("Ends at"), exact=True).fill("17:00")
    navigate(page, page.get_by_role("button", name=t("Save as draft")).click)
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.locator("#title-error")).to_have_text(t("Write a title."))
    expect(page.locator("#end_time-error")).to_have_text(t("The event must end after it starts."))
    expect(page.get_by_label(t("Venue"), exact=True)).to_have_value("Lindängens bibliotek")
    assert event_count(live_server) == events_before
    assert_accessible(page, "new event form with mistakes")
    screenshot(page, "planning-new-event-errors")

    event_id = a_published_event(live_server)
    page.goto(f"/staff/events/{event_id}/edit")
    expect(page.locator("#event-state")).to_be_visible()
    assert_accessible(page, "edit event form")
    screenshot(page, "planning-edit-event")

    page.goto(f"/staff/events/{event_id}/cancel")
    expect(page.get_by_role("button", name=t("Cancel the event"))).to_be_visible()
    assert_accessible(page, "cancel page")

    page.goto(f"/staff/events/{event_id}/series")
    expect(page.get_by_role("button", name=t("Create the events"))).to_be_visible()
    assert_accessible(page, "series page")
    screenshot(page, "planning-series")
    assert event_count(live_server) == events_before


def test_the_event_list_on_a_phone(new_page, live_server, assert_accessible, screenshot):
    page = new_page(locale="sv-SE", viewport={"width": 390, "height": 844})
    log_in_as_process_leader(page)
    page.goto("/staff/events/")
    assert_accessible(page, "staff event list on a phone")
    screenshot(page, "planning-list-phone")
    # The table scrolls in its own box; the page itself does not get wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
