"""Arabic, right to left, on a phone (390×844) in Chromium: the start page, an event, the registration form and the
staff pages carry dir="rtl" and lang="ar", are laid out from the right, fit the screen and pass axe-core; the
indicators' bars grow from the right edge; and an Arabic proposal reads right to left inside a Swedish page.

The browser asks for Arabic (Accept-Language), so the pages open in it without the switcher.
"""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from dialogue.contributions.models import Theme
from dialogue.contributions.services import ProposalInput, submit_proposal
from dialogue.events.models import Event, EventStatus
from dialogue.extensions import db
from dialogue.neighbourhoods.models import Neighbourhood
from tests.browser.steps import log_in_as_process_leader

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
WITH_ARABIC = {"sv": "Svenska", "en": "English", "ar": "العربية", "fi": "Suomi"}


@pytest.fixture
def arabic(live_server, monkeypatch):
    monkeypatch.setitem(live_server.app.config, "LANGUAGES", WITH_ARABIC)


@pytest.fixture
def event_id(live_server) -> int:
    with live_server.app.app_context():
        return db.session.scalars(
            select(Event.id).where(Event.status == EventStatus.PUBLISHED).order_by(Event.starts_at.desc())
        ).first()


def assert_right_to_left(page, what: str) -> None:
    html = page.locator("html")
    expect(html).to_have_attribute("dir", "rtl")
    expect(html).to_have_attribute("lang", "ar")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{what} is {width} px wide on a 390 px phone"
    # Laid out from the right: the site's name stands at the right edge, inside the page's margin.
    brand = page.locator(".brand").bounding_box()
    assert 390 - (brand["x"] + brand["width"]) <= 20, f"{what}: the site's name is not at the right"


def test_arabic_pages_on_a_phone(new_page, live_server, arabic, assert_accessible, screenshot, event_id):
    page = new_page(locale="ar", **PHONE)
    page.goto("/")
    assert_right_to_left(page, "the start page")
    assert_accessible(page, "start page in Arabic")
    screenshot(page, "rtl-1-start")

    page.goto(f"/events/{event_id}")
    assert_right_to_left(page, "an event's page")
    expect(page.locator("h1")).to_have_attribute("dir", "auto")
    assert_accessible(page, "event page in Arabic")
    screenshot(page, "rtl-2-event")

    page.goto(f"/events/{event_id}/register")
    assert_right_to_left(page, "the registration form")
    # The fields line up at the right, under their labels.
    field, label = page.locator("#contact_name").bounding_box(), page.locator("label[for=contact_name]").bounding_box()
    assert abs((field["x"] + field["width"]) - (label["x"] + label["width"])) <= 1
    assert_accessible(page, "registration form in Arabic")
    screenshot(page, "rtl-3-register")

    page.goto("/accessibility")
    assert_right_to_left(page, "the accessibility statement")
    assert_accessible(page, "accessibility statement in Arabic")


def test_arabic_staff_pages_on_a_phone(new_page, live_server, arabic, assert_accessible, screenshot, event_id):
    page = new_page(locale="ar", **PHONE)
    log_in_as_process_leader(page, "ar")
    for path, name in (
        ("/staff/", "staff overview"),
        (f"/staff/events/{event_id}/checkin", "check-in"),
        (f"/staff/events/{event_id}/registrations", "registrations"),
    ):
        page.goto(path)
        assert_right_to_left(page, name)
        assert_accessible(page, f"{name} in Arabic")
        screenshot(page, f"rtl-staff-{name.replace(' ', '-')}")
    page.locator("summary.site-menu-button").click()
    t = live_server.texts("ar")
    menu = page.get_by_role("navigation", name=t("Main menu"))
    expect(menu.get_by_role("link", name=t("Indicators"), exact=True)).to_be_visible()
    assert_accessible(page, "registrations in Arabic with the menu open")

    # The indicators' bars grow from the right edge of their chart, as the eye reads.
    page.goto("/staff/indicators")
    assert_right_to_left(page, "the indicators")
    chart, bar = page.locator("svg.chart-svg").first, page.locator("svg.chart-svg rect.chart-bar").first
    chart_box, bar_box = chart.bounding_box(), bar.bounding_box()
    assert bar_box["width"] > 0
    assert abs((chart_box["x"] + chart_box["width"]) - (bar_box["x"] + bar_box["width"])) <= 1
    assert bar_box["x"] > chart_box["x"] + 1
    assert_accessible(page, "indicators in Arabic")
    screenshot(page, "rtl-staff-indicators")


@pytest.fixture
def arabic_proposal(live_server) -> int:
    with live_server.app.app_context():
        neighbourhood = db.session.scalars(select(Neighbourhood).order_by(Neighbourhood.id)).first()
        proposal = submit_proposal(
            neighbourhood,
            ProposalInput(
                title="مقاعد على طول الممر",
                body="نريد مقاعد أكثر على طول الممر، من فضلكم.",
                theme=Theme.GREEN_SPACE_AND_PLAY,
                language="ar",
            ),
            author=None,
        )
        db.session.commit()
        return proposal.id


def test_an_arabic_proposal_reads_right_to_left_in_a_swedish_page(new_page, live_server, arabic_proposal):
    page = new_page(locale="sv-SE", **PHONE)
    page.goto(f"/proposals/{arabic_proposal}")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    title, body = page.locator("h1"), page.locator(".user-text").first
    expect(title).to_have_attribute("lang", "ar")
    assert title.evaluate("element => getComputedStyle(element).direction") == "rtl"
    assert body.evaluate("element => getComputedStyle(element).direction") == "rtl"
    assert page.locator("main").evaluate("element => getComputedStyle(element).direction") == "ltr"
