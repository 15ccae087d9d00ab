"""A resident's journey in Chromium, in Swedish, English, Arabic and Finnish, checked on every page it visits.

Home -> event list -> filter by neighbourhood -> an event with free places -> register as a guest with one
adult and one child (a first try with mistakes) -> confirmation with the manage link -> the event shows the
places taken -> the manage link -> cancel -> cancelled, and the event's places are back.

Texts are looked up in the app's own catalogs (live_server.texts), so each run states what a person reads
in that language. Elements are found by their role and accessible name where possible, which also checks
that labels are tied to their fields. Every page passes axe-core, carries the run's language and direction on
<html> (right to left in Arabic) and is no wider than the window. Arabic and Finnish are walked on a phone
(390×844) and on a computer (1280×800).
"""

import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from dialogue.demo import DEMO_EVENTS
from dialogue.events.models import Event
from dialogue.extensions import db
from dialogue.neighbourhoods.models import Neighbourhood
from tests.browser.steps import SIZES, navigate

# The switcher step goes to a language a reader of the run's language is likely to know as well.
OTHER_LANGUAGE = {"sv": "en", "en": "sv", "ar": "sv", "fi": "sv"}
# The browser speaks the run's language too (Accept-Language); the page still starts in Swedish, the default.
BROWSER_LOCALE = {"sv": "sv-SE", "en": "en-GB", "ar": "ar", "fi": "fi-FI"}


@dataclass(frozen=True)
class Run:
    """One walk through the journey: a language, a neighbourhood whose event cards are counted, and a size.

    Registering does not change how many events a neighbourhood has, and each run registers for an event of its
    own, so Södra Sofielund's two free events serve two runs (the demo has only five such neighbourhoods)."""

    language: str
    neighbourhood: str
    size: str | None = None  # "phone" or "computer"; the Swedish and English runs keep the browser's default
    event_number: int = 0  # which of the neighbourhood's free events

    @property
    def name(self) -> str:
        return self.language if self.size is None else f"{self.language}-{self.size}"


RUNS = {
    "swedish": Run("sv", "segevang"),
    "english": Run("en", "amiralsstaden"),
    "arabic-phone": Run("ar", "sodra-kirseberg", "phone"),
    "arabic-computer": Run("ar", "sodra-sofielund", "computer"),
    "finnish-phone": Run("fi", "sege-park", "phone"),
    "finnish-computer": Run("fi", "sodra-sofielund", "computer", event_number=1),
}


def demo_event(slug: str, number: int = 0):
    """A seeded event in the neighbourhood that nobody has signed up for yet, so all its places are free."""
    candidates = [event for event in DEMO_EVENTS if event.neighbourhood == slug and event.capacity and not event.fill]
    assert len(candidates) > number, f"the demo data has too few events with a limited number of free places in {slug}"
    return candidates[number]


@dataclass(frozen=True)
class SeededEvent:
    id: int
    title: str
    neighbourhood_name: str
    capacity: int
    places_taken: int


def load_event(live_server, slug: str, title: str) -> SeededEvent:
    with live_server.app.app_context():
        event = db.session.scalars(
            select(Event).join(Event.neighbourhood).where(Neighbourhood.slug == slug, Event.title == title)
        ).one()
        return SeededEvent(event.id, event.title, event.neighbourhood.name, event.capacity, event.places_taken)


def places_taken(live_server, event_id: int) -> int:
    with live_server.app.app_context():
        return db.session.get(Event, event_id).places_taken


def switch_language(page, language: str) -> None:
    """Uses the switcher in the page header, as a person would."""
    switcher = page.locator("form.language-switcher")
    navigate(page, switcher.locator(f"button[value='{language}']").click)
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(switcher.locator("[aria-current='true']")).to_have_attribute("lang", language)


@pytest.mark.parametrize("run", RUNS.values(), ids=RUNS.keys())
def test_guest_registers_with_a_child_and_cancels(new_page, live_server, check_page, screenshot, run):
    language, neighbourhood_slug = run.language, run.neighbourhood
    page = new_page(locale=BROWSER_LOCALE[language], **SIZES.get(run.size, {}))
    t = live_server.texts(language)

    def check(what: str, in_language: str = language) -> None:
        check_page(page, f"{what} ({run.name})", in_language)

    demo = demo_event(neighbourhood_slug, run.event_number)
    event = load_event(live_server, neighbourhood_slug, demo.title)
    capacity = event.capacity
    assert event.places_taken == 0

    # Home: in the browser's language (Accept-Language); the switcher is used on the event list below.
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Shape your neighbourhood together with us"))
    check("home")
    screenshot(page, f"{run.name}-0-home")

    # The event list, filtered by neighbourhood with the filter form.
    navigate(page, page.get_by_role("navigation", name=t("Main menu")).get_by_role("link", name=t("Events")).click)
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Events"))
    check("event list")
    filters = page.get_by_role("form", name=t("Filter events"))
    filters.get_by_label(t("Neighbourhood"), exact=True).select_option(neighbourhood_slug)
    navigate(page, filters.get_by_role("button", name=t("Show events")).click)
    expect(page).to_have_url(re.compile(rf"[?&]neighbourhood={neighbourhood_slug}(&|$)"))
    cards = page.locator(".event-card")
    expected_count = sum(1 for each in DEMO_EVENTS if each.neighbourhood == neighbourhood_slug)
    expect(cards).to_have_count(expected_count)
    for card_text in cards.all_text_contents():
        assert event.neighbourhood_name in card_text
    expect(page.get_by_role("status")).to_have_text(
        t.plural("%(num)s event found", "%(num)s events found", expected_count)
    )
    check("filtered event list")

    # The switcher keeps the page and its filters, in both directions.
    other = OTHER_LANGUAGE[language]
    switch_language(page, other)
    expect(page).to_have_url(re.compile(rf"[?&]neighbourhood={neighbourhood_slug}(&|$)"))
    expect(cards).to_have_count(expected_count)
    check(f"filtered event list in {other}", other)
    switch_language(page, language)
    expect(page.get_by_label(t("Neighbourhood"), exact=True)).to_have_value(neighbourhood_slug)
    screenshot(page, f"{run.name}-1-event-list")

    # The event, with all its places free.
    card = cards.filter(has=page.get_by_role("link", name=event.title, exact=True))
    expect(card).to_contain_text(t.plural("%(num)s place left", "%(num)s places left", capacity))
    navigate(page, card.get_by_role("link", name=event.title, exact=True).click)
    expect(page.get_by_role("heading", level=1)).to_have_text(event.title)
    expect(page.locator(".facts")).to_contain_text(t.plural("%(num)s place left", "%(num)s places left", capacity))
    check("event")
    registration = page.get_by_role("region", name=t("Registration"))
    navigate(page, registration.get_by_role("link", name=t("Register"), exact=True).click)

    # The registration form: a first try without a name and with a broken email address.
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Register for %(title)s", title=event.title))
    child_name = page.get_by_label(t("Child %(number)s: first name", number=1))
    child_age = page.get_by_label(t("Child %(number)s: age", number=1))
    expect(child_name).to_be_hidden()  # JavaScript shows a row per child
    check("registration form")
    email = f"guest-{run.name}@example.se"
    page.get_by_label(t("Your name"), exact=True).fill("")
    page.get_by_label(t("Email address"), exact=True).fill("guest-at-example.se")
    page.get_by_label(t("Adults"), exact=True).fill("1")
    page.get_by_label(t("Children (under 18)"), exact=True).fill("1")
    expect(child_name).to_be_visible()
    expect(page.get_by_label(t("Child %(number)s: first name", number=2))).to_be_hidden()
    child_name.fill("Nora")
    child_age.fill("7")
    navigate(page, page.locator("form.stacked").get_by_role("button", name=t("Register"), exact=True).click)

    expect(page).to_have_title(re.compile("^" + re.escape(t("Error") + ":")))
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text(t("Write your name."))
    expect(summary).to_contain_text(t("Write an email address like name@example.se."))
    name_field = page.get_by_label(t("Your name"), exact=True)
    email_field = page.get_by_label(t("Email address"), exact=True)
    expect(name_field).to_have_attribute("aria-invalid", "true")
    expect(name_field).to_have_accessible_description(re.compile(re.escape(t("Write your name."))))
    expect(email_field).to_have_accessible_description(
        re.compile(re.escape(t("Write an email address like name@example.se.")))
    )
    expect(email_field).to_have_value("guest-at-example.se")
    expect(child_name).to_have_value("Nora")
    expect(child_age).to_have_value("7")
    assert places_taken(live_server, event.id) == 0
    check("registration form with errors")
    screenshot(page, f"{run.name}-2-registration-errors")

    # Corrected and sent: the confirmation, with the manage link.
    name_field.fill("Mira Guest")
    email_field.fill(email)
    navigate(page, page.locator("form.stacked").get_by_role("button", name=t("Register"), exact=True).click)
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Your registration for %(title)s", title=event.title))
    expect(page.locator(".flashes")).to_have_text(t("You are registered. Welcome!"))
    expect(page.locator("main")).to_contain_text(
        t.plural("%(num)s place is kept for you.", "%(num)s places are kept for you.", 2)
    )
    expect(page.locator("main")).to_contain_text("Nora")
    manage_link = page.get_by_role("region", name=t("Your link to this registration")).locator(".manage-link")
    expect(manage_link).to_have_text(re.compile(re.escape(live_server.url) + r"/registrations/[\w-]{20,}$"))
    manage_url = manage_link.inner_text().strip()
    assert places_taken(live_server, event.id) == 2
    check("confirmation")
    screenshot(page, f"{run.name}-3-confirmation")

    # The event now shows two places fewer.
    navigate(page, page.locator(".facts").get_by_role("link", name=event.title, exact=True).click)
    expect(page.locator(".facts")).to_contain_text(t.plural("%(num)s place left", "%(num)s places left", capacity - 2))
    check("event after registering")

    # The manage link, as from the confirmation mail: cancel.
    page.goto(manage_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Your registration for %(title)s", title=event.title))
    expect(page.locator(".flashes")).to_have_count(0)
    check("manage page")
    navigate(page, page.get_by_role("link", name=t("Cancel my registration")).click)
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Cancel your registration?"))
    assert places_taken(live_server, event.id) == 2  # asking is not cancelling
    check("cancel confirmation")
    navigate(page, page.get_by_role("button", name=t("Yes, cancel my registration")).click)
    expect(page).to_have_url(manage_url)
    expect(page.locator(".flashes")).to_have_text(t("Your registration is cancelled. Thank you for letting us know."))
    expect(page.locator(".notice")).to_have_text(t("This registration is cancelled."))
    expect(page.get_by_role("link", name=t("Cancel my registration"))).to_have_count(0)
    check("manage page after cancelling")
    screenshot(page, f"{run.name}-4-cancelled")

    # The places are back.
    navigate(page, page.locator(".facts").get_by_role("link", name=event.title, exact=True).click)
    expect(page.locator(".facts")).to_contain_text(t.plural("%(num)s place left", "%(num)s places left", capacity))
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert places_taken(live_server, event.id) == 0
    check("event after cancelling")


def test_registration_form_works_without_javascript(new_page, live_server):
    page = new_page(java_script_enabled=False, locale=BROWSER_LOCALE["sv"])
    t = live_server.texts("sv")
    demo = demo_event("sege-park")
    event = load_event(live_server, "sege-park", demo.title)  # the Finnish journey's too, which cancels
    before = places_taken(live_server, event.id)

    page.goto(f"/events/{event.id}/register")
    rows = page.locator("[data-child-row]")
    expect(rows).to_have_count(9)
    for row in rows.all():
        expect(row).to_be_visible()
    page.get_by_label(t("Your name"), exact=True).fill("Olle Utan Skript")
    page.get_by_label(t("Email address"), exact=True).fill("no-script@example.se")
    page.get_by_label(t("Children (under 18)"), exact=True).fill("1")
    page.get_by_label(t("Child %(number)s: first name", number=1)).fill("Ida")
    page.get_by_label(t("Child %(number)s: age", number=1)).fill("4")
    navigate(page, page.locator("form.stacked").get_by_role("button", name=t("Register"), exact=True).click)

    expect(page.locator(".flashes")).to_have_text(t("You are registered. Welcome!"))
    expect(page.locator("main")).to_contain_text("Ida")
    expect(page.locator(".manage-link")).to_contain_text(f"{live_server.url}/registrations/")
    assert places_taken(live_server, event.id) == before + 2


def test_the_accessibility_check_reports_violations(page, assert_accessible):
    """The axe helper must be able to fail, or every check above proves nothing."""
    page.set_content("<html><body><main><img src='data:,'><a href='/'></a></main></body></html>")
    with pytest.raises(pytest.fail.Exception) as failure:
        assert_accessible(page, "a page with known faults")
    report = str(failure.value)
    for rule in ("html-has-lang", "image-alt", "link-name"):
        assert rule in report
    assert "img" in report  # the offending node is named
