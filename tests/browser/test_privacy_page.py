"""The privacy page in Chromium: found through the footer of the start page, read in Swedish and in English, and
checked by axe-core in both."""

from playwright.sync_api import expect

from tests.browser.steps import navigate


def test_the_privacy_page_in_swedish_and_english(new_page, live_server, assert_accessible, screenshot):
    page = new_page(locale="sv-SE")
    page.goto("/")
    sv = live_server.texts("sv")
    navigate(page, page.get_by_role("contentinfo").get_by_role("link", name=sv("Privacy and personal data")).click)
    expect(page.get_by_role("heading", level=1)).to_have_text(sv("Privacy and personal data"))
    expect(page.locator("#registrations-period")).to_contain_text("Till 30 dagar efter aktiviteten.")
    assert page.get_by_role("heading", level=2).count() == 11
    assert_accessible(page, "privacy page in Swedish")
    screenshot(page, "privacy-sv")

    navigate(page, page.locator('button[name="language"][value="en"]').click)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Privacy and personal data")
    expect(page.locator("#registrations-period")).to_contain_text("Until 30 days after the event.")
    assert_accessible(page, "privacy page in English")
    screenshot(page, "privacy-en")
