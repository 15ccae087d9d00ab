"""The audit log in Chromium, on the demo data: the administrator finds it in the menu, sees their own login at the
top, filters by action and gets a bad date explained. axe-core checks every page.

The demo's seed wrote its answers and initiatives from the command line, so the log has rows from the start.
"""

from playwright.sync_api import expect

from tests.browser.steps import ADMIN, log_in_as, navigate


def test_the_audit_log(new_page, live_server, assert_accessible, screenshot):
    page = new_page(locale="sv-SE")
    language = log_in_as(page, ADMIN)
    t = live_server.texts(language)

    navigate(page, page.get_by_role("navigation", name=t("Main menu")).get_by_role("link", name=t("Audit log")).click)
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Audit log"))
    first = page.locator("#audit-entries tbody tr").first
    expect(first).to_contain_text(ADMIN.name)
    expect(first).to_contain_text(t("Logged in"))
    assert page.locator("#audit-entries tbody tr").count() > 1
    assert_accessible(page, "audit log")
    screenshot(page, "audit-log")

    filters = page.get_by_role("form", name=t("Filter the audit log"))
    filters.get_by_label(t("Action"), exact=True).select_option("proposal_answered")
    navigate(page, filters.get_by_role("button", name=t("Show entries")).click)
    actions = page.locator("#audit-entries tbody tr td.audit-action").all_inner_texts()
    assert actions and set(actions) == {t("Proposal answered")}
    expect(page.locator("#audit-entries tbody tr td.audit-record a").first).to_be_visible()  # to the proposal
    assert_accessible(page, "audit log of answers")

    page.goto("/staff/audit/?date_from=2026-02-30")
    expect(page.locator("#date_from-error")).to_be_visible()
    assert_accessible(page, "audit log with a bad date")
    screenshot(page, "audit-log-bad-date")
