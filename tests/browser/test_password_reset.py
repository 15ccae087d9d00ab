"""A forgotten password in Chromium, in Swedish and English: the login page's link, the neutral answer, the link
from the email in the outbox, a new password, and logging in with it. axe-core checks every page of the flow.

Each run makes an account of its own, so the demo accounts other browser tests use stay as seeded.
"""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from dialogue.accounts.services import create_user
from dialogue.extensions import db
from dialogue.outbox.models import OutboxMessage
from tests.browser.steps import navigate

OLD_PASSWORD = "an old long passphrase"
NEW_PASSWORD = "tram lantern sorrel"


def make_account(live_server, email: str, language: str) -> None:
    with live_server.app.app_context():
        create_user(email=email, name="Sara Lind", password=OLD_PASSWORD, preferred_language=language)
        db.session.commit()


def reset_path(live_server, email: str) -> str:
    with live_server.app.app_context():
        body = db.session.scalars(
            select(OutboxMessage.body_text).where(
                OutboxMessage.kind == "password_reset", OutboxMessage.to_address == email
            )
        ).one()
    return re.search(r"https?://[^\s/]+(/account/reset/[A-Za-z0-9_-]+)", body).group(1)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_forgot_password_to_a_new_password_and_a_login(new_page, live_server, assert_accessible, language):
    email = f"sara.lind.{language}@example.se"
    make_account(live_server, email, language)
    t = live_server.texts(language)
    page = new_page()
    page.goto("/account/login")
    switch = page.locator(f'button[name="language"][value="{language}"]')
    if switch.count():
        navigate(page, switch.click)
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert_accessible(page, "login page")

    navigate(page, page.get_by_role("link", name=t("Forgot your password?")).click)
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Forgot your password?"))
    assert_accessible(page, "forgot password page")
    page.get_by_label(t("Email address")).fill(email)
    navigate(page, page.get_by_role("button", name=t("Send the link")).click)
    neutral = t(
        "If an account has the address %(email)s, we have sent it a link to choose a new password. "
        "Look in your inbox, and in the spam folder.",
        email=email,
    )
    expect(page.locator("main")).to_contain_text(neutral)
    assert_accessible(page, "login page after asking for a link")

    page.goto(reset_path(live_server, email))
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Choose a new password"))
    assert_accessible(page, "new password page")
    page.get_by_label(t("New password"), exact=True).fill(NEW_PASSWORD)
    page.get_by_label(t("Repeat new password")).fill(NEW_PASSWORD)
    navigate(page, page.get_by_role("button", name=t("Change password")).click)
    expect(page.locator("main")).to_contain_text(
        t("Your password is changed. Log in with it; your other devices are logged out.")
    )

    page.get_by_label(t("Email address")).fill(email)
    page.get_by_label(t("Password"), exact=True).fill(NEW_PASSWORD)
    navigate(page, page.locator("main form button[type=submit]").first.click)
    expect(
        page.get_by_role("navigation", name=t("Main menu")).get_by_role("link", name=t("My account"))
    ).to_be_visible()
    assert_accessible(page, "start page, logged in")
