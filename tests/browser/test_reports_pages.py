"""The staff dashboard and the indicators in Chromium, on the demo data, with axe-core (WCAG 2.1 A and AA) on
every page, on a desktop and on a phone, in Swedish and in English.

The browser fixtures of tests/browser are used here; without Chromium these tests skip (a failure under
DIALOGUE_REQUIRE_ALL=1).
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.steps import log_in_as_process_leader

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_staff_find_the_indicators_and_their_records(
    new_page, live_server, assert_accessible, screenshot, language, device
):
    page = new_page(viewport=VIEWPORTS[device])
    _ = live_server.texts(language)
    log_in_as_process_leader(page, language)

    page.goto("/staff/")
    expect(page.locator("h1")).to_have_text(_("Staff overview"))
    assert_accessible(page, f"the dashboard ({language}, {device})")
    screenshot(page, f"reports-dashboard-{language}-{device}")

    if device == "phone":  # the menu is folded behind its button
        page.locator("summary.site-menu-button").click()
    with page.expect_navigation():
        page.get_by_role("navigation", name=_("Main menu")).get_by_role("link", name=_("Indicators")).click()
    expect(page.locator("h1")).to_have_text(_("Indicators"))
    assert_accessible(page, f"the indicators ({language}, {device})")
    screenshot(page, f"reports-indicators-{language}-{device}")
    expect(page.get_by_role("img", name=re.compile(re.escape(_("Held events per kind"))))).to_be_visible()

    # A period that ends before it starts: the message is next to the field and nothing is counted.
    page.fill("#from", "2026-12-31")
    page.fill("#to", "2026-01-01")
    with page.expect_navigation():
        page.get_by_role("button", name=_("Show")).click()
    expect(page.locator("#to-error")).to_be_visible()
    expect(page.locator("#figure-organisations")).to_have_count(0)
    assert_accessible(page, f"the refused period ({language}, {device})")
    screenshot(page, f"reports-refused-period-{language}-{device}")

    page.go_back()
    with page.expect_navigation():
        page.locator("#figure-organisations").click()
    expect(page.locator("#record-count")).to_be_visible()
    assert_accessible(page, f"the organisations behind the figure ({language}, {device})")
    screenshot(page, f"reports-records-{language}-{device}")


def test_every_list_behind_a_figure_is_accessible(new_page, live_server, assert_accessible):
    page = new_page(viewport=VIEWPORTS["desktop"])
    log_in_as_process_leader(page, "en")
    page.goto("/staff/indicators")
    hrefs = page.eval_on_selector_all("main a[href*='/staff/indicators/']", "links => links.map(a => a.href)")
    paths = sorted({re.sub(r"^https?://[^/]+", "", href) for href in hrefs})
    figures = {re.match(r"/staff/indicators/([\w-]+)", path).group(1) for path in paths}
    assert figures >= {
        "property-owners",
        "organisations",
        "collaboration-meetings",
        "inclusive-activities",
        "innovations",
        "learning-formats",
        "held-events",
        "contributions",
    }
    seen = set()
    for path in paths:
        figure = re.match(r"/staff/indicators/([\w-]+)", path).group(1)
        if figure in seen and figure in ("held-events", "contributions"):
            continue  # one narrowed list of each is enough
        seen.add(figure)
        response = page.goto(path)
        assert response.status == 200, path
        assert_accessible(page, path)
