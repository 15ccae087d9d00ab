"""Creating an account in Chromium, in Swedish and English: the form, the answer that names no account, a login
before confirming (which sends a new link), the replaced link's page, and the newest link from the outbox, which
logs in and leads back to the page the person came from. axe-core checks every page of the flow."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from dialogue.extensions import db
from dialogue.outbox.models import OutboxMessage
from tests.browser.steps import navigate

PASSWORD = "tram lantern sorrel"


def confirmation_paths(live_server, email: str) -> list[str]:
    with live_server.app.app_context():
        bodies = db.session.scalars(
            select(OutboxMessage.body_text)
            .where(OutboxMessage.kind == "signup_confirmation", OutboxMessage.to_address == email)
            .order_by(OutboxMessage.id)
        ).all()
    return [re.search(r"https?://[^\s/]+(/account/confirm/\S+)", body).group(1) for body in bodies]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_sign_up_confirm_by_email_and_arrive_where_it_began(new_page, live_server, assert_accessible, language):
    email = f"nadia.karimi.{language}@example.se"
    t = live_server.texts(language)
    page = new_page()
    page.goto("/account/signup?next=/events/")
    switch = page.locator(f'button[name="language"][value="{language}"]')
    if switch.count():
        navigate(page, switch.click)
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Create account"))
    assert_accessible(page, "sign-up page")

    page.get_by_label(t("Your name")).fill("Nadia Karimi")
    page.get_by_label(t("Email address")).fill(email)
    page.get_by_label(t("Password"), exact=True).fill(PASSWORD)
    page.get_by_label(t("Repeat password")).fill(PASSWORD)
    page.get_by_label(t("I am %(age)s years old or older", age=13)).check()
    navigate(page, page.get_by_role("button", name=t("Create account")).click)
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Look in your inbox"))
    expect(page.locator("main")).to_contain_text(
        t.plural(
            "We have sent an email to %(email)s. Open the link in it within %(num)s hour to finish creating your "
            "account.",
            "We have sent an email to %(email)s. Open the link in it within %(num)s hours to finish creating your "
            "account.",
            48,
            email=email,
        )
    )
    assert_accessible(page, "sign-up sent page")

    page.goto("/account/login?next=/events/")
    page.get_by_label(t("Email address")).fill(email)
    page.get_by_label(t("Password"), exact=True).fill(PASSWORD)
    navigate(page, page.locator("main form button[type=submit]").first.click)
    expect(page.locator("main")).to_contain_text(
        t.plural(
            "Confirm your email address before you log in. We have sent a new link to %(email)s; open it within "
            "%(num)s hour.",
            "Confirm your email address before you log in. We have sent a new link to %(email)s; open it within "
            "%(num)s hours.",
            48,
            email=email,
        )
    )
    expect(page.get_by_role("navigation", name=t("Main menu")).get_by_role("link", name=t("My account"))).to_have_count(
        0
    )
    assert_accessible(page, "login page, address not confirmed")

    replaced, newest = confirmation_paths(live_server, email)
    page.goto(replaced)
    expect(page.locator("main")).to_contain_text(
        t("This link no longer works: it was used, it expired or a newer one replaced it.")
    )
    assert_accessible(page, "replaced link page")

    page.goto(newest)
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Finish creating your account"))
    assert_accessible(page, "confirmation page")
    navigate(page, page.get_by_role("button", name=t("Confirm and log in")).click)

    assert page.url == live_server.url + "/events/"
    expect(page.locator("main")).to_contain_text(t("Welcome, %(name)s! Your account is ready.", name="Nadia Karimi"))
    expect(
        page.get_by_role("navigation", name=t("Main menu")).get_by_role("link", name=t("My account"))
    ).to_be_visible()
    assert_accessible(page, "event list, logged in")
