"""Check-in at the door on a phone (390×844) in Chromium, with axe-core on every staff page of the attendance
area: the registrations list, check-in, the attendance sheet, the closing report form and the form for someone
who phoned, plus the registration's own page with its QR code.

A process leader logs in, opens the door page of an event that began a few minutes ago, finds one person by
the code they show and another by name, checks each in with one tap, and adds a walk-in. The event is made
here, in a neighbourhood the other browser tests do not count, and its closing report is not saved, so the
demo data the other tests read stays as it was.
"""

import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from dialogue.attendance.models import WalkIn
from dialogue.database import utcnow
from dialogue.demo import DEMO_EVENTS
from dialogue.events.models import Event, EventKind, EventLanguage, EventStatus
from dialogue.extensions import db
from dialogue.neighbourhoods.models import Neighbourhood
from dialogue.registrations.models import AccessNeed, Registration
from dialogue.registrations.services import RegistrationRequest, register
from tests.browser.steps import log_in_as_process_leader, navigate

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
NEIGHBOURHOOD = "fredriksborg"  # the registration journey counts the events of Segevång and Amiralsstaden
MIN_TOUCH_TARGET = 44  # CSS pixels, WCAG 2.5.5


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    code: str
    manage_token: str


@dataclass(frozen=True)
class DoorEvent:
    id: int
    title: str
    people: dict[str, Person]
    other_events_code: str
    future_event_id: int


@pytest.fixture
def door_event(live_server) -> DoorEvent:
    """An event that began ten minutes ago, with three parties registered the day before."""
    now = utcnow()
    with live_server.app.app_context():
        neighbourhood = db.session.scalars(select(Neighbourhood).where(Neighbourhood.slug == NEIGHBOURHOOD)).one()
        event = Event(
            kind=EventKind.CITIZEN_DIALOGUE,
            title="Kvällsdialog om innergårdarna",
            description="Vi pratar om innergårdarna.",
            neighbourhood=neighbourhood,
            venue="Fredriksborgs kvarterslokal",
            address="Fredriksborgsgatan 8, Malmö",
            starts_at=now + timedelta(days=1),
            ends_at=now + timedelta(days=1, hours=2),
            capacity=30,
            status=EventStatus.PUBLISHED,
            languages=[EventLanguage(code="sv")],
        )
        db.session.add(event)
        db.session.flush()
        people = {}
        parties = [
            ("Leila Haddad", 2, 1, {AccessNeed.WHEELCHAIR}, None),
            ("Oskar Nyberg", 1, 0, set(), None),
            ("Maja Lind", 2, 0, {AccessNeed.INTERPRETER}, "ar"),
        ]
        for number, (name, adults, children, needs, language) in enumerate(parties):
            result = register(
                event.id,
                RegistrationRequest(
                    contact_name=name,
                    email=f"door{number}-{event.id}@example.se",
                    adults=adults,
                    children=children,
                    access_needs=needs,
                    interpreter_language=language,
                ),
                now=now - timedelta(days=1),
            )
            registration = result.registration
            people[name] = Person(registration.id, name, registration.check_in_code, result.manage_token)
        # Then the evening comes: the event began ten minutes ago.
        event.starts_at, event.ends_at = now - timedelta(minutes=10), now + timedelta(hours=2)
        other_code = db.session.scalars(
            select(Registration.check_in_code).where(Registration.event_id != event.id)
        ).first()
        assert other_code not in {person.code for person in people.values()}
        future = next(demo for demo in DEMO_EVENTS if demo.capacity is None)
        future_id = db.session.scalars(select(Event.id).where(Event.title == future.title)).one()
        db.session.commit()
        return DoorEvent(event.id, event.title, people, other_code, future_id)


def assert_fits_the_phone(page, what: str) -> None:
    """Nothing wider than the screen: no sideways scrolling of the whole page."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["viewport"]["width"], f"{what} is {width}px wide on a 390px screen"


def assert_big_enough(locator) -> None:
    box = locator.bounding_box()
    assert box and box["height"] >= MIN_TOUCH_TARGET and box["width"] >= MIN_TOUCH_TARGET, box


def search(page, text: str) -> None:
    form = page.get_by_role("search", name="Find a registration")
    form.get_by_label("Name or check-in code").fill(text)
    navigate(page, form.get_by_role("button", name="Find").click)


def check_in_button(name: str) -> re.Pattern:
    """The button's name: its visible words and, for screen readers, whose it is."""
    return re.compile(rf"^Check in\s*:\s*{re.escape(name)}$")


def checked_in_at(live_server, registration_id: int):
    with live_server.app.app_context():
        return db.session.get(Registration, registration_id).checked_in_at


def test_process_leader_checks_people_in_on_a_phone(new_page, live_server, assert_accessible, screenshot, door_event):
    page = new_page(locale="en-GB", **PHONE)
    log_in_as_process_leader(page, "en")
    leila, oskar = door_event.people["Leila Haddad"], door_event.people["Oskar Nyberg"]

    # The door page: everyone confirmed, A to Z, nobody in yet.
    page.goto(f"/staff/events/{door_event.id}/checkin")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Check-in")
    expect(page.locator("#door-count")).to_contain_text("0 people checked in of 6 expected")
    expect(page.locator(".door-name")).to_have_text(["Leila Haddad", "Maja Lind", "Oskar Nyberg"])
    assert_fits_the_phone(page, "the check-in page")
    assert_accessible(page, "check-in")
    screenshot(page, "checkin-1-door")

    # Leila shows her code, typed as it was heard: lower case, with a space.
    search(page, f"{leila.code[:3].lower()} {leila.code[3:].lower()}")
    expect(page.locator(".door-person")).to_have_count(1)
    expect(page.locator(".door-name")).to_have_text("Leila Haddad")
    button = page.get_by_role("button", name=check_in_button("Leila Haddad"))
    assert_big_enough(button)
    screenshot(page, "checkin-2-found-by-code")
    navigate(page, button.tap)
    expect(page.locator(".flashes")).to_contain_text("Leila Haddad is checked in (3 people).")
    assert checked_in_at(live_server, leila.id) is not None
    expect(page.locator("#door-count")).to_contain_text("3 people checked in of 6 expected")
    expect(page.locator(f"#door-{leila.id}")).to_contain_text("Checked in at")
    assert_accessible(page, "check-in after a tap")
    screenshot(page, "checkin-3-after-tap")

    # Oskar gives his name.
    search(page, "nyberg")
    expect(page.locator(".door-name")).to_have_text("Oskar Nyberg")
    navigate(page, page.get_by_role("button", name=check_in_button("Oskar Nyberg")).tap)
    expect(page.locator(".flashes")).to_contain_text("Oskar Nyberg is checked in (1 person).")
    assert checked_in_at(live_server, oskar.id) is not None

    # A code from another event's confirmation.
    search(page, door_event.other_events_code)
    expect(page.locator("#search-notice")).to_contain_text(
        f"The code {door_event.other_events_code} belongs to a registration for another event"
    )
    expect(page.locator(".door-person")).to_have_count(0)
    assert_accessible(page, "check-in with another event's code")
    screenshot(page, "checkin-4-other-events-code")

    # Walk-ins: first an absurd group, then a real one.
    walk_ins = page.get_by_role("region", name="Walk-ins")
    walk_ins.get_by_label("People in the group").fill("500")
    navigate(page, walk_ins.get_by_role("button", name="Add walk-in").click)
    expect(page.locator("#party_size-error")).to_have_text("Between 1 and 50 people.")
    assert_fits_the_phone(page, "the check-in page with an error")
    assert_accessible(page, "walk-in with an error")
    screenshot(page, "checkin-5-walk-in-error")
    walk_ins = page.get_by_role("region", name="Walk-ins")
    walk_ins.get_by_label("Name (optional)").fill("Farida")
    walk_ins.get_by_label("People in the group").fill("3")
    navigate(page, walk_ins.get_by_role("button", name="Add walk-in").click)
    expect(page.locator(".flashes")).to_contain_text("A walk-in group of 3 people is added.")
    expect(page.locator("#door-count")).to_contain_text("4 people checked in of 6 expected · 3 walk-ins")
    with live_server.app.app_context():
        walk_in = db.session.scalars(select(WalkIn).where(WalkIn.event_id == door_event.id)).one()
        assert (walk_in.name, walk_in.party_size) == ("Farida", 3)
    assert_fits_the_phone(page, "the check-in page")
    screenshot(page, "checkin-6-walk-in-added")

    # The other staff pages of the event, on the same phone.
    staff_pages = [
        ("registrations", f"/staff/events/{door_event.id}/registrations", "Registrations: "),
        ("attendance sheet", f"/staff/events/{door_event.id}/attendance-sheet", "Attendance sheet: "),
        ("closing report", f"/staff/events/{door_event.id}/report", "Closing report: "),
        (
            "phone registration",
            f"/staff/events/{door_event.future_event_id}/registrations/new",
            "Register someone who phoned",
        ),
    ]
    for name, path, heading in staff_pages:
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        assert_fits_the_phone(page, name)
        assert_accessible(page, name)
        screenshot(page, "checkin-7-" + name.replace(" ", "-"))
    page.goto(f"/staff/events/{door_event.id}/report")
    expect(page.get_by_label("People who came")).to_have_value(str(3 + 1 + 3))


def test_staff_pages_on_a_desktop_and_on_paper(new_page, live_server, assert_accessible, screenshot, door_event):
    page = new_page(locale="en-GB", viewport={"width": 1280, "height": 900})
    log_in_as_process_leader(page, "en")
    page.goto(f"/staff/events/{door_event.id}/registrations")
    summary = page.get_by_role("table", name="Access needs")
    expect(summary.get_by_role("row", name=re.compile("^Wheelchair access"))).to_contain_text("1")
    expect(page.get_by_role("table", name="Interpreter languages")).to_contain_text("Arabic")
    assert_accessible(page, "registrations on a desktop")
    screenshot(page, "checkin-8-registrations-desktop")

    # The phone registration form, sent with a mistake: the message is next to the field, nothing is stored.
    page.goto(f"/staff/events/{door_event.future_event_id}/registrations/new")
    page.get_by_label("Name", exact=True).fill("Signe Caller")
    navigate(page, page.locator("form.stacked").get_by_role("button", name="Register").click)
    expect(page.locator("#email-error")).to_be_visible()
    assert_accessible(page, "phone registration with an error")
    screenshot(page, "checkin-9-phone-registration-error")

    # The attendance sheet as printed: no menus, a box to tick per party.
    page.goto(f"/staff/events/{door_event.id}/attendance-sheet")
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".event-nav")).to_be_hidden()
    expect(page.locator(".sheet-table tbody tr").filter(has_text="Leila Haddad")).to_have_count(1)
    screenshot(page, "checkin-10-sheet-print")
    page.emulate_media(media="screen")


def test_the_registrations_own_page_shows_the_code_and_its_qr_code(new_page, assert_accessible, screenshot, door_event):
    page = new_page(locale="en-GB", **PHONE)
    maja = door_event.people["Maja Lind"]
    page.goto(f"/registrations/{maja.manage_token}")
    language = page.locator("form.language-switcher button[value='en']")
    if language.count():
        navigate(page, language.click)
    expect(page.locator("#check-in-code")).to_have_text(maja.code)
    qr = page.get_by_role("img", name=re.compile(maja.code))
    expect(qr).to_be_visible()
    assert page.evaluate("image => image.complete && image.naturalWidth > 0", qr.element_handle())
    assert_fits_the_phone(page, "the registration's page")
    assert_accessible(page, "registration page with its QR code")
    screenshot(page, "checkin-11-registration-qr")
