"""Steps the browser tests share: following a link or a form to the next page, and logging the demo's process
leader or administrator in."""

from playwright.sync_api import expect

from dialogue.demo import DEMO_ACCOUNTS
from dialogue.permissions import Role

PROCESS_LEADER = next(account for account in DEMO_ACCOUNTS if account.role == Role.PROCESS_LEADER)
ADMIN = next(account for account in DEMO_ACCOUNTS if account.role == Role.ADMIN)
# Browser context options for the two sizes the journeys are walked at.
SIZES = {
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
    },
    "computer": {"viewport": {"width": 1280, "height": 800}},
}


def navigate(page, action) -> None:
    """Runs an action that loads a new page (a click or a form submission) and waits for that page."""
    with page.expect_navigation():
        action()


def log_in_as_process_leader(page, language: str | None = None) -> str:
    """Logs the demo process leader in; returns the page's language. The language is kept with the account, so
    an earlier test may have left the other one: with `language` given, it is switched to that one."""
    return log_in_as(page, PROCESS_LEADER, language)


def log_in_as(page, account, language: str | None = None) -> str:
    """Logs a demo account in, as log_in_as_process_leader does."""
    page.goto("/account/login")
    page.fill("#email", account.email)
    page.fill("#password", account.password)
    navigate(page, page.locator("main form button[type=submit]").first.click)
    if language is not None:
        switch = page.locator(f'button[name="language"][value="{language}"]')
        if switch.count():
            navigate(page, switch.click)
        expect(page.locator("html")).to_have_attribute("lang", language)
    return page.locator("html").get_attribute("lang")
