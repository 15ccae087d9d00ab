"""The accessibility statement in Chromium: found through the footer of the start page, read in Swedish and in
English on a phone and on a computer, and checked by axe-core each time."""

import pytest
from playwright.sync_api import expect

from tests.browser.steps import navigate

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "computer": {"width": 1280, "height": 800}}


@pytest.mark.parametrize("device", VIEWPORTS)
def test_the_accessibility_statement_in_swedish_and_english(
    new_page, live_server, assert_accessible, screenshot, device
):
    page = new_page(locale="sv-SE", viewport=VIEWPORTS[device])
    page.goto("/")
    sv = live_server.texts("sv")
    footer = page.get_by_role("contentinfo")
    navigate(page, footer.get_by_role("link", name=sv("Accessibility statement")).click)
    expect(page.get_by_role("heading", level=1)).to_have_text("Tillgänglighetsredogörelse")
    expect(page.locator("#conformance")).to_contain_text("delvis förenlig")
    expect(page.get_by_role("link", name="Anmäl till Myndigheten för digital förvaltning")).to_have_attribute(
        "href", "https://www.digg.se/tdosanmalan"
    )
    assert page.get_by_role("heading", level=2).count() == 6
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[device]["width"]
    assert_accessible(page, f"accessibility statement in Swedish ({device})")
    screenshot(page, f"accessibility-statement-sv-{device}")

    navigate(page, page.locator('button[name="language"][value="en"]').click)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Accessibility statement")
    expect(page.locator("#reviewed-on")).to_contain_text("November 30, 2026")
    assert_accessible(page, f"accessibility statement in English ({device})")
    screenshot(page, f"accessibility-statement-en-{device}")
