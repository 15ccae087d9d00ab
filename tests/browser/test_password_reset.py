"""A forgotten password in Chromium, in Swedish and English: the login page's link, the neutral answer, the email
delivered by the outbox worker to a real SMTP server (aiosmtpd) and the link in it, a new password, and logging in
with it. axe-core checks every page of the flow.

Each run makes an account of its own, so the demo accounts other browser tests use stay as seeded.
"""

import re

import pytest
from playwright.sync_api import expect

from dialogue.accounts.services import create_user
from dialogue.extensions import db
from dialogue.outbox.smtp import MailSettings, mailer_for
from dialogue.outbox.worker import send_due
from tests.browser.steps import navigate

OLD_PASSWORD = "an old long passphrase"
NEW_PASSWORD = "tram lantern sorrel"


def make_account(live_server, email: str, language: str) -> None:
    with live_server.app.app_context():
        create_user(email=email, name="Sara Lind", password=OLD_PASSWORD, preferred_language=language)
        db.session.commit()


def reset_link_from_the_mail(live_server, smtp_server, email: str, language: str) -> str:
    """Runs a round of the outbox worker against the SMTP server and reads the link in the one email to `email`."""
    with live_server.app.app_context():
        settings = MailSettings.from_config({**live_server.app.config, **smtp_server.mail_settings()})
        send_due(settings, mailer_for(settings))
    [mail] = smtp_server.to(email)
    assert mail.subject == live_server.texts(language)("Choose a new password for Dialogue")
    return re.search(r"https?://\S+/account/reset/[A-Za-z0-9_-]+", mail.text()).group(0)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_forgot_password_to_a_new_password_and_a_login(new_page, live_server, smtp_server, assert_accessible, language):
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

    link = reset_link_from_the_mail(live_server, smtp_server, email, language)
    assert link.startswith(live_server.url + "/account/reset/")
    page.goto(link)
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
