"""The menu after sign-in, in Chromium: on a phone (390×844) it folds behind a "Menu" button that works without
JavaScript, by touch and by keyboard, so the staff header is short and the check-in page's search field stands high
on the first screen; on a computer (1280×800) the whole menu shows, with JavaScript or without.

The staff header was 357 px high on a phone in Swedish (385 px in English, 413 px for an administrator) while every
link stood in it; the tests print the heights they measure."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from dialogue.events.models import Event, EventStatus
from dialogue.extensions import db
from tests.browser.steps import ADMIN, log_in_as, log_in_as_process_leader, navigate

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
COMPUTER = {"viewport": {"width": 1280, "height": 800}}
# Every link of an administrator's menu, and the button that logs out.
ADMIN_LINKS = (
    "Events",
    "Neighbourhoods",
    "My registrations",
    "My account",
    "Review proposals",
    "Staff",
    "Indicators",
    "Manage events",
    "Property owners and builders",
    "Organisations",
    "Initiatives",
    "Audit log",
)


def header_height(page) -> float:
    return page.evaluate("document.querySelector('.site-header').getBoundingClientRect().height")


def bottom_of(page, selector: str) -> float:
    return page.evaluate(f"document.querySelector('{selector}').getBoundingClientRect().bottom")


@pytest.fixture
def event_id(live_server) -> int:
    with live_server.app.app_context():
        return db.session.scalars(
            select(Event.id).where(Event.status == EventStatus.PUBLISHED).order_by(Event.starts_at.desc())
        ).first()


@pytest.mark.parametrize("language", ["sv", "en"])
def test_on_a_phone_the_menu_folds_behind_a_button(
    new_page, live_server, assert_accessible, screenshot, event_id, language
):
    page = new_page(**PHONE)
    log_in_as_process_leader(page, language)
    t = live_server.texts(language)
    page.goto(f"/staff/events/{event_id}/checkin")
    menu_button = page.locator("summary.site-menu-button")
    manage_events = page.get_by_role("link", name=t("Manage events"), exact=True)

    expect(menu_button).to_have_text(t("Menu"))
    expect(menu_button).to_be_visible()
    expect(manage_events).to_be_hidden()
    height, search_bottom = header_height(page), bottom_of(page, "#q")
    print(f"\nstaff header at 390×844 ({language}): {height:.0f} px; search field's bottom: {search_bottom:.0f} px")
    # The four language names may take a second line under the menu button.
    assert height <= 170, f"the staff header is {height:.0f} px high on a phone"
    assert search_bottom <= 844, f"the search field ends at {search_bottom:.0f} px, below the first screen"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page, f"check-in with the menu folded ({language})")
    screenshot(page, f"staff-menu-phone-folded-{language}")

    menu_button.click()
    expect(manage_events).to_be_visible()
    expect(page.get_by_role("navigation", name=t("Main menu")).get_by_role("button", name=t("Log out"))).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page, f"check-in with the menu open ({language})")
    screenshot(page, f"staff-menu-phone-open-{language}")
    navigate(page, manage_events.click)
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Manage events"))
    expect(manage_events).to_be_hidden()  # a new page starts with the menu folded


def test_the_menu_opens_without_javascript(new_page, live_server, event_id):
    page = new_page(java_script_enabled=False, **PHONE)
    log_in_as_process_leader(page, "en")
    page.goto(f"/staff/events/{event_id}/checkin")
    log_out = page.get_by_role("navigation", name="Main menu").get_by_role("button", name="Log out")
    expect(log_out).to_be_hidden()
    page.locator("summary.site-menu-button").click()
    expect(log_out).to_be_visible()
    navigate(page, log_out.click)
    after = live_server.texts(page.locator("html").get_attribute("lang"))  # the language went with the session
    expect(page.locator(".flashes")).to_have_text(after("You are logged out."))


def test_the_menu_button_works_from_the_keyboard(new_page, live_server):
    page = new_page(**PHONE)
    log_in_as_process_leader(page, "en")
    page.goto("/staff/")
    indicators = page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Indicators", exact=True)
    expect(indicators).to_be_hidden()
    page.locator("summary.site-menu-button").focus()
    page.keyboard.press("Enter")
    expect(indicators).to_be_visible()
    expect(page.locator("details.site-menu")).to_have_attribute("open", "")
    page.keyboard.press("Space")
    expect(indicators).to_be_hidden()


def test_a_visitor_who_is_not_signed_in_sees_the_short_menu_whole(new_page, live_server):
    page = new_page(java_script_enabled=False, **PHONE)
    page.goto("/")
    t = live_server.texts(page.locator("html").get_attribute("lang"))
    expect(page.locator("summary.site-menu-button")).to_have_count(0)
    for name in ("Events", "Neighbourhoods", "Log in", "Create account"):
        expect(page.get_by_role("navigation", name=t("Main menu")).get_by_role("link", name=t(name))).to_be_visible()


@pytest.mark.parametrize("javascript", [True, False], ids=["with JavaScript", "without JavaScript"])
def test_on_a_computer_the_whole_menu_shows(new_page, live_server, assert_accessible, screenshot, javascript):
    page = new_page(java_script_enabled=javascript, **COMPUTER)
    language = log_in_as(page, ADMIN, "en")
    t = live_server.texts(language)
    page.goto("/staff/")
    menu = page.get_by_role("navigation", name=t("Main menu"))
    expect(page.locator("summary.site-menu-button")).to_be_hidden()
    for name in ADMIN_LINKS:
        expect(menu.get_by_role("link", name=t(name), exact=True)).to_be_visible()
    expect(menu.get_by_role("button", name=t("Log out"))).to_be_visible()
    if javascript:  # app.js opens the disclosure too, so its state is true for every browser
        expect(page.locator("details.site-menu")).to_have_attribute("open", "")
    print(f"\nstaff header at 1280×800 (administrator, {javascript=}): {header_height(page):.0f} px")
    if javascript:  # axe-core runs in the page
        assert_accessible(page, "staff overview on a computer")
    screenshot(page, f"staff-menu-computer-{'js' if javascript else 'no-js'}")
    navigate(page, menu.get_by_role("link", name=t("Audit log"), exact=True).click)
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Audit log"))
