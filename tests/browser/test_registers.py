"""The organisations and initiatives registers in Chromium, on the demo data: a process leader finds them in the
menu, filters, opens the detail pages and forms, and sees refused input explained. axe-core checks every page.

Nothing is saved here (the refused forms change nothing, and the language is not switched, which would store the
account's preference), so the demo data other browser tests read stays as seeded. The pages are in the account's
language; `t` gives each text as a person reads it there.
"""

from babel.dates import format_date
from playwright.sync_api import expect
from sqlalchemy import select

from dialogue.extensions import db
from dialogue.local_time import local_today
from dialogue.organisations.models import Organisation
from tests.browser.steps import log_in_as_process_leader, navigate


def organisation_id(live_server, name: str) -> int:
    with live_server.app.app_context():
        return db.session.scalar(select(Organisation.id).where(Organisation.name == name))


def test_the_organisations_register(new_page, live_server, assert_accessible, screenshot):
    page = new_page(locale="sv-SE")
    language = log_in_as_process_leader(page)
    t = live_server.texts(language)

    navigate(
        page, page.get_by_role("navigation", name=t("Main menu")).get_by_role("link", name=t("Organisations")).click
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Organisations"))
    expect(page.locator("#organisations tbody tr").first).to_be_visible()
    assert_accessible(page, "organisations list")
    screenshot(page, "registers-organisations-list")

    filters = page.get_by_role("form", name=t("Filter organisations"))
    filters.get_by_label(t("Kind"), exact=True).select_option("property_owner")
    navigate(page, filters.get_by_role("button", name=t("Show")).click)
    kinds = page.locator("#organisations tbody tr td:nth-child(2)").all_inner_texts()
    assert kinds and set(kinds) == {t("Property owner")}

    navigate(page, page.get_by_role("link", name="MKB Fastighets AB", exact=True).click)
    expect(page.get_by_role("heading", level=1)).to_have_text("MKB Fastighets AB")
    expect(page.locator("#cohosted-events tbody tr").first).to_be_visible()
    expect(page.locator("#site-list li").first).to_be_visible()
    assert_accessible(page, "organisation page")
    screenshot(page, "registers-organisation-mkb")

    # Linking to a neighbourhood without choosing one: the message is next to the field, nothing is saved.
    sites_before = page.locator("#site-list li").count()
    navigate(page, page.get_by_role("button", name=t("Add the link")).click)
    expect(page.locator("#neighbourhood-error")).to_be_visible()
    expect(page.locator("#site-list li")).to_have_count(sites_before)
    assert_accessible(page, "organisation page with an error")

    navigate(page, page.get_by_role("link", name=t("Change the name or kind")).click)
    page.get_by_label(t("Name"), exact=True).fill("trianon")
    navigate(page, page.get_by_role("button", name=t("Save changes")).click)
    expect(page.locator("#name-error")).to_contain_text("Trianon")
    assert_accessible(page, "organisation form with a duplicate name")
    screenshot(page, "registers-organisation-duplicate")

    association_id = organisation_id(live_server, "Herrgårds kvinnoförening")
    page.goto(f"/staff/organisations/{association_id}")
    expect(page.locator("#sites-not-applicable")).to_be_visible()
    assert_accessible(page, "an association's page")

    page.goto("/staff/organisations/new")
    assert_accessible(page, "new organisation form")


def test_the_initiatives_register(new_page, live_server, assert_accessible, screenshot):
    page = new_page(locale="sv-SE")
    language = log_in_as_process_leader(page)
    t = live_server.texts(language)

    navigate(page, page.get_by_role("navigation", name=t("Main menu")).get_by_role("link", name=t("Initiatives")).click)
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Initiatives"))
    assert_accessible(page, "initiatives list")
    screenshot(page, "registers-initiatives-list")

    filters = page.get_by_role("form", name=t("Filter initiatives"))
    filters.get_by_label(t("Kind"), exact=True).select_option("learning_format")
    navigate(page, filters.get_by_role("button", name=t("Show")).click)
    expect(page.locator("#initiatives tbody tr")).to_have_count(2)

    navigate(page, page.get_by_role("link", name="Lunchseminarieserien Bygga tillsammans").click)
    expect(page.locator("#event-list li")).to_have_count(4)
    assert_accessible(page, "initiative page")
    screenshot(page, "registers-initiative-series")

    navigate(page, page.get_by_role("link", name=t("Change the initiative")).click)
    assert_accessible(page, "initiative form")
    screenshot(page, "registers-initiative-form")

    # A tested initiative without its date, and a date in the future: refused next to the field.
    page.get_by_label(t("First tested on"), exact=True).fill("")
    navigate(page, page.get_by_role("button", name=t("Save changes")).click)
    expect(page.locator("#tested_on-error")).to_be_visible()
    expect(page.locator("#error-summary")).to_be_visible()
    assert_accessible(page, "initiative form with an error")
    screenshot(page, "registers-initiative-error")
    page.get_by_label(t("First tested on"), exact=True).fill("2999-01-01")
    navigate(page, page.get_by_role("button", name=t("Save changes")).click)
    today = format_date(local_today(), "medium", locale=language)
    expect(page.locator("#tested_on-error")).to_have_text(
        t("The date it was tested cannot be in the future (today is %(today)s).", today=today)
    )
    expect(page.locator("#tested_on")).to_have_value("2999-01-01")

    page.goto("/staff/initiatives/new")
    assert_accessible(page, "new initiative form")
