"""Registrations made up by a script, in Chromium with axe-core: the process leader sees them flagged with the
reasons, picks one in the list to look at, then selects every flagged one, confirms, and they are cancelled
without an email while the waiting list moves up.

The event is made here, in a neighbourhood the other browser tests do not count, and stays in the future, so the
demo data the other tests read stays as it was.
"""

import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from dialogue.database import utcnow
from dialogue.events.models import Event, EventKind, EventLanguage, EventStatus
from dialogue.extensions import db
from dialogue.neighbourhoods.models import Neighbourhood
from dialogue.outbox.models import OutboxMessage
from dialogue.registrations.models import Registration
from dialogue.registrations.services import RegistrationRequest, register
from tests.browser.steps import log_in_as_process_leader, navigate

NEIGHBOURHOOD = "fredriksborg"  # the registration journey counts the events of Segevång and Amiralsstaden


@dataclass(frozen=True)
class Scripted:
    event_id: int
    script: dict[str, int]  # email -> registration id of the made-up ones
    waiting: dict[str, int]  # email -> registration id of the real people on the waiting list


@pytest.fixture
def scripted(live_server) -> Scripted:
    """Capacity 6: Samir (2) registered; then a script sent three parties of 2 within half a minute, which filled
    the event and put the third on the waiting list; then Tove (2) joined the waiting list."""
    start = utcnow() - timedelta(hours=2)
    with live_server.app.app_context():
        neighbourhood = db.session.scalars(select(Neighbourhood).where(Neighbourhood.slug == NEIGHBOURHOOD)).one()
        event = Event(
            kind=EventKind.LUNCH_SEMINAR,
            title="Lunchseminarium om gårdarna",
            description="Vi pratar om gårdarna.",
            neighbourhood=neighbourhood,
            venue="Fredriksborgs kvarterslokal",
            address="Fredriksborgsgatan 8, Malmö",
            starts_at=utcnow() + timedelta(days=3),
            ends_at=utcnow() + timedelta(days=3, hours=1),
            capacity=6,
            status=EventStatus.PUBLISHED,
            languages=[EventLanguage(code="sv")],
        )
        db.session.add(event)
        db.session.flush()
        people = [
            ("Samir Haddad", f"samir-{event.id}@example.se", "192.0.2.30", start - timedelta(hours=1)),
            *[
                (
                    f"Bot {number}",
                    f"bot{number}-{event.id}@x.example",
                    "203.0.113.40",
                    start + timedelta(seconds=number),
                )
                for number in range(1, 4)
            ],
            ("Tove Berg", f"tove-{event.id}@example.se", "192.0.2.31", start + timedelta(hours=1)),
        ]
        ids = {}
        for name, email, address, at in people:
            request = RegistrationRequest(contact_name=name, email=email, adults=2)
            ids[email] = register(event.id, request, now=at, client_address=address).registration.id
        db.session.commit()
        script = {email: id_ for email, id_ in ids.items() if email.startswith("bot")}
        return Scripted(event.id, script, {f"tove-{event.id}@example.se": ids[f"tove-{event.id}@example.se"]})


def stored(live_server, registration_ids) -> dict[int, str]:
    with live_server.app.app_context():
        return {
            registration.id: registration.status.value
            for registration in db.session.scalars(select(Registration).where(Registration.id.in_(registration_ids)))
        }


def kinds_sent_to(live_server, addresses) -> list[tuple[str, str]]:
    with live_server.app.app_context():
        return sorted(
            db.session.execute(
                select(OutboxMessage.to_address, OutboxMessage.kind).where(OutboxMessage.to_address.in_(addresses))
            ).all()
        )


def test_staff_cancel_what_a_script_made_up(new_page, live_server, assert_accessible, screenshot, scripted):
    page = new_page(locale="en-GB", viewport={"width": 1280, "height": 900})
    log_in_as_process_leader(page, "en")
    t = live_server.texts("en")
    list_path = f"/staff/events/{scripted.event_id}/registrations"

    # The list: the script's rows flagged, with the reasons; a real person's not.
    page.goto(list_path)
    expect(page.locator("#flagged")).to_contain_text("3 registrations look as if a script made them")
    bot_1, bot_2, bot_3 = scripted.script.values()
    expect(page.locator(f"#flags-{bot_1}")).to_contain_text("3 registrations from the same internet connection")
    expect(page.locator(f"#flags-{bot_1}")).to_contain_text("3 registrations within a minute")
    [tove] = scripted.waiting.values()
    expect(page.locator(f"#flags-{tove}")).to_have_count(0)
    assert_accessible(page, "registrations with flagged rows")
    screenshot(page, "made-up-1-flagged")

    # One ticked in the list leads to the confirmation with that one; going back changes nothing.
    page.get_by_label(t("Select %(name)s", name="Bot 2")).check()
    navigate(page, page.get_by_role("button", name=t("Cancel the selected registrations")).click)
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Cancel these registrations without an email?"))
    expect(page.locator("input[name=registrations]")).to_have_count(1)
    navigate(page, page.get_by_role("link", name=t("No, go back to the list")).click)
    assert set(stored(live_server, scripted.script.values()).values()) == {"confirmed", "waitlisted"}

    # Every flagged one at once, and the confirmation.
    navigate(page, page.get_by_role("button", name=t("Select all flagged registrations")).click)
    choices = page.get_by_role("group", name=t("Registrations to cancel"))
    expect(choices.get_by_role("checkbox")).to_have_count(3)
    for checkbox in choices.get_by_role("checkbox").all():
        expect(checkbox).to_be_checked()
    assert_accessible(page, "confirming the cancellation")
    screenshot(page, "made-up-2-confirm")
    navigate(page, page.get_by_role("button", name=t("Yes, cancel them without an email")).click)

    expect(page).to_have_url(re.compile(re.escape(list_path) + "$"))
    expect(page.locator(".flashes")).to_contain_text(
        t.plural(
            "%(num)s registration is cancelled, and nobody was emailed about it.",
            "%(num)s registrations are cancelled, and nobody was emailed about them.",
            3,
        )
    )
    expect(page.locator("#flagged")).to_have_count(0)
    assert_accessible(page, "registrations after cancelling")
    screenshot(page, "made-up-3-cancelled")
    assert stored(live_server, scripted.script.values()) == dict.fromkeys(scripted.script.values(), "cancelled")
    assert stored(live_server, [tove]) == {tove: "confirmed"}
    # The script's addresses got their first confirmation only; Tove is told that she has a place.
    assert {kind for _, kind in kinds_sent_to(live_server, scripted.script)} <= {"registration_confirmed", "waitlisted"}
    assert "promoted" in {kind for _, kind in kinds_sent_to(live_server, scripted.waiting)}
