"""Download my data and delete me, in Chromium, in Swedish and English, with axe-core on every page.

A resident with an account registers for a small event, writes a proposal, downloads their data (the JSON parses
and holds the registration and the proposal) and deletes their account, a wrong password first. The proposal stays
public without their name, and the guest who waited for the places moves up and is told by email: the outbox worker
delivers to a real SMTP server (aiosmtpd). Then an administrator answers a request by email: finds a guest's
address through the menu, downloads what is kept and erases it.

Each run makes its own account, event and guest, so the demo data other browser tests use stays as seeded.
"""

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from dialogue.accounts.services import create_user
from dialogue.contributions.models import Contribution
from dialogue.events.models import Event
from dialogue.extensions import db
from dialogue.neighbourhoods.models import Neighbourhood
from dialogue.outbox.smtp import MailSettings, mailer_for
from dialogue.outbox.worker import send_due
from dialogue.registrations.models import Registration, RegistrationStatus
from tests.browser.steps import ADMIN, log_in_as, navigate
from tests.factories import make_event, make_registration

PASSWORD = "lantern tram sorrel"
NEIGHBOURHOOD = "fredriksborg"  # the registration journey counts the events of Segevång and Amiralsstaden
BROWSER_LOCALE = {"sv": "sv-SE", "en": "en-GB"}


class Account:
    def __init__(self, language: str):
        self.email = f"rut.resident.{language}@example.se"
        self.name = f"Rut Residentsson {language.upper()}"
        self.password = PASSWORD


def arrange(live_server, language: str) -> tuple[Account, int, str, str]:
    """The resident's account and a new event of two places: (account, event, its title, the neighbourhood's slug)."""
    account = Account(language)
    with live_server.app.app_context():
        create_user(email=account.email, name=account.name, password=PASSWORD, preferred_language=language)
        neighbourhood = db.session.scalars(select(Neighbourhood).where(Neighbourhood.slug == NEIGHBOURHOOD)).one()
        title = f"Evening about privacy ({language})"
        event = make_event(neighbourhood, title=title, capacity=2)
        db.session.commit()
        return account, event.id, title, neighbourhood.slug


def guest_waits(live_server, event_id: int, email: str, language: str) -> int:
    with live_server.app.app_context():
        made = make_registration(
            db.session.get(Event, event_id),
            email=email,
            contact_name="Walid Waiting",
            adults=2,
            preferred_language=language,
        )
        db.session.commit()
        assert made.registration.status == RegistrationStatus.WAITLISTED
        return made.registration.id


def deliver_the_outbox(live_server, smtp_server) -> None:
    with live_server.app.app_context():
        settings = MailSettings.from_config({**live_server.app.config, **smtp_server.mail_settings()})
        send_due(settings, mailer_for(settings))


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_resident_downloads_their_data_and_deletes_their_account(
    new_page, live_server, smtp_server, assert_accessible, screenshot, language
):
    t = live_server.texts(language)
    account, event_id, title, slug = arrange(live_server, language)
    page = new_page(locale=BROWSER_LOCALE[language], accept_downloads=True)
    assert log_in_as(page, account, language) == language

    # Registers for the event, two adults: both places.
    page.goto(f"/events/{event_id}/register")
    expect(page.get_by_label(t("Your name"), exact=True)).to_have_value(account.name)
    page.get_by_label(t("Adults"), exact=True).fill("2")
    navigate(page, page.locator("form.stacked").get_by_role("button", name=t("Register"), exact=True).click)
    expect(page.locator(".flashes")).to_have_text(t("You are registered. Welcome!"))
    assert_accessible(page, "confirmation with the data section")
    guest_email = f"walid.waiting.{language}@example.se"
    waiting_id = guest_waits(live_server, event_id, guest_email, language)

    # Writes a proposal.
    page.goto(f"/neighbourhoods/{slug}/proposals/new")
    proposal_title = f"A reading bench by the pond ({language})"
    page.get_by_label(t("Title"), exact=True).fill(proposal_title)
    page.get_by_label(t("Your proposal"), exact=True).fill("Shade and a bench for reading in the afternoon.")
    page.get_by_label(t("Theme"), exact=True).select_option("green_space_and_play")
    navigate(page, page.get_by_role("button", name=t("Send proposal")).click)
    proposal_url = page.url
    expect(page.get_by_role("heading", level=1)).to_have_text(proposal_title)

    # My account: the data section, and the file.
    navigate(page, page.get_by_role("navigation", name=t("Main menu")).get_by_role("link", name=t("My account")).click)
    expect(page.get_by_role("heading", name=t("Your data"))).to_be_visible()
    assert_accessible(page, "my account")
    screenshot(page, f"privacy-{language}-1-account")
    with page.expect_download() as download_info:
        page.get_by_role("link", name=t("Download my data (JSON)")).click()
    download = download_info.value
    assert download.suggested_filename == "dialogue-my-data.json"
    data = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    assert data["account"]["email"] == account.email
    [registration] = data["registrations"]
    assert (registration["event"]["title"], registration["adults"], registration["status"]) == (title, 2, "confirmed")
    assert [proposal["title"] for proposal in data["proposals"]] == [proposal_title]

    # What the file holds is described on the privacy page.
    navigate(page, page.get_by_role("link", name=t("What is in the file")).click)
    expect(page.get_by_role("heading", name=t("Download or delete your data"))).to_be_visible()
    expect(page.locator("#file-parts")).to_contain_text("registrations")
    assert_accessible(page, "privacy page")
    page.go_back()

    # Delete: a wrong password first, which keeps everything and says so next to the field.
    navigate(page, page.get_by_role("link", name=t("Delete my account")).click)
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Delete my account"))
    expect(page.locator("#registrations-to-cancel")).to_contain_text(title)
    assert_accessible(page, "delete my account")
    password = page.get_by_label(t("Your password"), exact=True)
    password.fill("not my password at all")
    navigate(page, page.get_by_role("button", name=t("Delete my account for good")).click)
    expect(password).to_have_attribute("aria-invalid", "true")
    expect(password).to_have_accessible_description(
        t("Write your password again, to show that it is you.")
        + " "
        + t("The password is wrong. Nothing has been deleted.")
    )
    assert_accessible(page, "delete my account with a wrong password")
    screenshot(page, f"privacy-{language}-2-wrong-password")
    password.fill(PASSWORD)
    navigate(page, page.get_by_role("button", name=t("Delete my account for good")).click)
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Your account is deleted"))
    expect(page.locator("#what-was-done")).to_contain_text(
        t.plural(
            "%(num)s registration for an event still to come is cancelled; its places went to the waiting list.",
            "%(num)s registrations for events still to come are cancelled; their places went to the waiting list.",
            1,
        )
    )
    expect(page.get_by_role("navigation", name=t("Main menu")).get_by_role("link", name=t("Log in"))).to_be_visible()
    assert_accessible(page, "account deleted")
    screenshot(page, f"privacy-{language}-3-deleted")

    # The proposal stays public, without a name.
    page.goto(proposal_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(proposal_title)
    expect(page.locator("main")).not_to_contain_text(account.name)
    with live_server.app.app_context():
        proposal = db.session.scalars(select(Contribution).where(Contribution.title == proposal_title)).one()
        assert proposal.author_id is None and proposal.is_public
        assert db.session.get(Registration, waiting_id).status == RegistrationStatus.CONFIRMED

    # The guest who waited moved up and is told by email; the deleted account is sent nothing.
    deliver_the_outbox(live_server, smtp_server)
    mails = smtp_server.to(guest_email)
    assert len(mails) == 2 and title in mails[-1].subject
    assert mails[-1].subject.startswith(t("You have a place: %(title)s, %(when)s", title=title, when="").strip(", "))
    assert smtp_server.to(account.email) == []


@pytest.mark.parametrize("language", ["sv", "en"])
def test_an_administrator_answers_a_request_by_email(new_page, live_server, assert_accessible, screenshot, language):
    guest_email = f"greta.guest.{language}@example.se"
    with live_server.app.app_context():
        neighbourhood = db.session.scalars(select(Neighbourhood).where(Neighbourhood.slug == NEIGHBOURHOOD)).one()
        event = make_event(neighbourhood, title=f"Walk in the park ({language})")
        registration_id = make_registration(event, email=guest_email, contact_name="Greta Guest").registration.id
        db.session.commit()
    page = new_page(locale=BROWSER_LOCALE[language], accept_downloads=True)
    t = live_server.texts(language)
    log_in_as(page, ADMIN, language)

    menu = page.get_by_role("navigation", name=t("Main menu"))
    navigate(page, menu.get_by_role("link", name=t("Requests about personal data")).click)
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Requests about personal data"))
    assert_accessible(page, "requests")
    page.get_by_label(t("The email address the request is about")).fill("not an address")
    navigate(page, page.get_by_role("button", name=t("Find")).click)
    expect(page.get_by_role("alert")).to_contain_text(t("Write an email address like name@example.se."))
    assert_accessible(page, "requests with a wrong address")
    page.get_by_label(t("The email address the request is about")).fill(guest_email)
    navigate(page, page.get_by_role("button", name=t("Find")).click)
    assert guest_email not in page.url

    expect(page.get_by_role("heading", level=1)).to_have_text(t("What is kept about %(email)s", email=guest_email))
    expect(page.locator("main")).to_contain_text("Greta Guest")
    expect(page.locator("main")).to_contain_text(t("No account has this address."))
    assert_accessible(page, "what is kept")
    screenshot(page, f"privacy-{language}-4-request")
    with page.expect_download() as download_info:
        page.get_by_role("link", name=t("Download everything (JSON)")).click()
    data = json.loads(Path(download_info.value.path()).read_text(encoding="utf-8"))
    assert [item["id"] for item in data["registrations"]] == [registration_id]

    navigate(page, page.get_by_role("link", name=t("Erase everything")).click)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        t("Erase everything kept about %(email)s?", email=guest_email)
    )
    assert_accessible(page, "erase confirmation")
    navigate(page, page.get_by_role("button", name=t("Erase everything")).click)
    expect(page.get_by_role("alert")).to_contain_text(t("Tick the box to confirm that the request has been checked."))
    assert_accessible(page, "erase confirmation without the box ticked")
    page.get_by_label(t("I have checked that the request comes from the person this address belongs to")).check()
    navigate(page, page.get_by_role("button", name=t("Erase everything")).click)
    expect(page.locator(".flashes")).to_contain_text(guest_email)
    assert_accessible(page, "requests after erasing")
    with live_server.app.app_context():
        assert db.session.get(Registration, registration_id).contact_name == ""
