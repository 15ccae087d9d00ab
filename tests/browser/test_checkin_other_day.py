"""The door page on another day than the event's, on a phone (390×844) in Chromium: a warning, not a refusal, above
the list; the check-in still works with one tap; axe-core finds nothing, in English and Swedish. The event took
place days ago, so it is on no list the other browser tests count."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from dialogue.database import utcnow
from dialogue.events.models import Event, EventKind, EventLanguage, EventStatus
from dialogue.extensions import db
from dialogue.local_time import local_midnight_utc, local_today
from dialogue.neighbourhoods.models import Neighbourhood
from dialogue.registrations.models import Registration
from dialogue.registrations.services import RegistrationRequest, register
from tests.browser.steps import log_in_as_process_leader, navigate

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


@pytest.fixture
def past_event(live_server) -> tuple[int, int]:
    """An event held four days ago, with one registration nobody checked in: (event id, registration id)."""
    now = utcnow()
    with live_server.app.app_context():
        neighbourhood = db.session.scalars(select(Neighbourhood).where(Neighbourhood.slug == "fredriksborg")).one()
        event = Event(
            kind=EventKind.CITIZEN_DIALOGUE,
            title="Samtal om cykelparkeringen",
            description="Vi pratar om cykelparkeringen.",
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
        request = RegistrationRequest(contact_name="Sanna Berg", email=f"sanna-{event.id}@example.se")
        registration = register(event.id, request, now=now - timedelta(days=6)).registration
        # 12:00 to 14:00 Stockholm time four days ago: one day, whatever the hour now.
        noon = local_midnight_utc(local_today() - timedelta(days=4)) + timedelta(hours=12)
        event.starts_at, event.ends_at = noon, noon + timedelta(hours=2)
        db.session.commit()
        return event.id, registration.id


@pytest.mark.parametrize("language", ["en", "sv"])
def test_the_door_page_warns_on_another_day_and_still_checks_in(
    new_page, live_server, assert_accessible, screenshot, past_event, language
):
    event_id, registration_id = past_event
    t = live_server.texts(language)
    page = new_page(**PHONE)
    log_in_as_process_leader(page, language)
    page.goto(f"/staff/events/{event_id}/checkin")

    warning = page.locator("#other-day-notice")
    expect(warning).to_be_visible()
    message = t(
        "This event is on %(day)s, not today. You can still check people in: each check-in is recorded with today's "
        "date and time.",
        day="DAY",
    )
    before_the_day, after_the_day = message.split("DAY")
    expect(warning).to_contain_text(before_the_day)
    expect(warning).to_contain_text(after_the_day)
    assert_accessible(page, f"door page on another day ({language})")
    screenshot(page, f"checkin-other-day-{language}")

    navigate(page, page.get_by_role("button", name="Sanna Berg").tap)
    expect(page.locator(".flashes")).to_contain_text("Sanna Berg")
    with live_server.app.app_context():
        assert db.session.get(Registration, registration_id).checked_in_at is not None
    expect(page.locator("#other-day-notice")).to_be_visible()
    assert_accessible(page, f"door page on another day after a check-in ({language})")
