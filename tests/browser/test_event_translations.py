"""Events in several languages in Chromium, on the demo data, checked by axe-core: a process leader opens an event's
languages from its staff menu, sends the translation form with a mistake and then right, and readers see the event
page in their language, or in Swedish with a note saying so; an Arabic reader on a right-to-left page.

Whatever a test adds to the demo data it removes again (the translation through the page's own button), so the other
browser tests read the demo as seeded. Arabic and Finnish are switched on for one test only, by the setting every
request reads (LANGUAGES), and switched off again.
"""

import pytest
from playwright.sync_api import expect
from sqlalchemy import delete, select

from dialogue.events.models import Event, EventStatus, EventTranslation
from dialogue.extensions import db
from tests.browser.steps import log_in_as_process_leader, navigate
from tests.event_languages import ARABIC, FOUR_LANGUAGES

ENGLISH_TITLE = "Dance the square"
ENGLISH_DESCRIPTION = "Children show with their bodies what the square needs."


def a_published_event(live_server) -> tuple[int, str]:
    with live_server.app.app_context():
        event = db.session.scalars(
            select(Event).where(Event.status == EventStatus.PUBLISHED).order_by(Event.starts_at.desc())
        ).first()
        return event.id, event.title


def translations_of(live_server, event_id: int) -> dict[str, str]:
    with live_server.app.app_context():
        rows = db.session.scalars(select(EventTranslation).where(EventTranslation.event_id == event_id))
        return {row.language: row.title for row in rows}


def remove_translations(live_server, event_id: int) -> None:
    with live_server.app.app_context():
        db.session.execute(delete(EventTranslation).where(EventTranslation.event_id == event_id))
        db.session.commit()


def switch_language(page, code: str) -> None:
    """Chooses `code` with the switcher, unless the browser's language already chose it."""
    if page.locator("html").get_attribute("lang") != code:
        navigate(page, page.locator(f'button[name="language"][value="{code}"]').click)
    expect(page.locator("html")).to_have_attribute("lang", code)


def test_a_process_leader_translates_an_event_and_an_english_reader_sees_it(
    new_page, live_server, assert_accessible, screenshot
):
    event_id, title = a_published_event(live_server)
    assert translations_of(live_server, event_id) == {}
    page = new_page(locale="sv-SE", viewport={"width": 1280, "height": 900})
    t = live_server.texts(log_in_as_process_leader(page, "sv"))
    try:
        page.goto(f"/staff/events/{event_id}/edit")
        menu_link = page.locator(".planning-actions").get_by_role("link", name=t("Languages and translations"))
        navigate(page, menu_link.click)
        expect(page.get_by_role("heading", level=1)).to_contain_text(title)
        expect(page.locator("#translation-en")).to_contain_text(t("Not translated"))
        assert_accessible(page, "an event's languages")
        screenshot(page, "event-languages")

        english = page.locator("#translation-en")
        navigate(page, english.get_by_role("link", name=t("Add a translation"), exact=False).click)
        expect(page.get_by_role("heading", level=1)).to_have_text(
            t("Translation into %(language)s", language="engelska")
        )
        expect(page.locator("#original-title")).to_have_text(title)
        expect(page.get_by_label(t("Title"), exact=True)).to_have_attribute("lang", "en")
        assert_accessible(page, "the translation form")

        # A mistake: no title. It is named next to the field; nothing is saved.
        page.get_by_label(t("Description"), exact=True).fill(ENGLISH_DESCRIPTION)
        navigate(page, page.get_by_role("button", name=t("Save the translation")).click)
        expect(page.locator("#error-summary")).to_be_visible()
        expect(page.locator("#title-error")).to_have_text(t("Write a title."))
        expect(page.get_by_label(t("Description"), exact=True)).to_have_value(ENGLISH_DESCRIPTION)
        assert translations_of(live_server, event_id) == {}
        assert_accessible(page, "the translation form with a mistake")
        screenshot(page, "event-translation-errors")

        page.get_by_label(t("Title"), exact=True).fill(ENGLISH_TITLE)
        navigate(page, page.get_by_role("button", name=t("Save the translation")).click)
        expect(page.locator(".flash-success")).to_be_visible()
        assert translations_of(live_server, event_id) == {"en": ENGLISH_TITLE}

        reader = new_page(locale="en-GB", viewport={"width": 390, "height": 844})
        reader.goto(f"/events/{event_id}")
        switch_language(reader, "en")
        heading = reader.get_by_role("heading", level=1)
        expect(heading).to_have_text(ENGLISH_TITLE)
        expect(heading).to_have_attribute("lang", "en")
        expect(reader.locator("#description")).to_contain_text(ENGLISH_DESCRIPTION)
        expect(reader.locator("#written-in")).to_have_count(0)
        assert_accessible(reader, "an event page showing its English translation")
        screenshot(reader, "event-page-english-translation")

        # Removed with the page's own button: English readers see the Swedish original again, with the note.
        page.goto(f"/staff/events/{event_id}/translations/en")
        navigate(page, page.get_by_role("button", name=t("Remove the translation"), exact=False).click)
        assert translations_of(live_server, event_id) == {}
        reader.goto(f"/events/{event_id}")
        expect(reader.get_by_role("heading", level=1)).to_have_attribute("lang", "sv")
        expect(reader.locator("#written-in")).to_have_text(
            live_server.texts("en")("Written in %(language)s", language="Swedish")
        )
    finally:
        remove_translations(live_server, event_id)


@pytest.fixture
def four_languages(live_server):
    """Arabic and Finnish switched on for the test, as their configuration line will."""
    shipped = live_server.app.config["LANGUAGES"]
    live_server.app.config["LANGUAGES"] = FOUR_LANGUAGES
    yield
    live_server.app.config["LANGUAGES"] = shipped


@pytest.fixture
def arabic_translation(live_server):
    event_id, title = a_published_event(live_server)
    with live_server.app.app_context():
        db.session.add(
            EventTranslation(
                event_id=event_id,
                language="ar",
                title=ARABIC.title,
                description=ARABIC.description,
                accessibility_info=ARABIC.accessibility_info,
            )
        )
        db.session.commit()
    yield event_id, title
    remove_translations(live_server, event_id)


def test_an_arabic_reader_sees_the_arabic_translation_and_a_finnish_one_the_swedish_original(
    new_page, live_server, assert_accessible, screenshot, four_languages, arabic_translation
):
    event_id, title = arabic_translation
    page = new_page(viewport={"width": 390, "height": 844})
    page.goto(f"/events/{event_id}")

    switch_language(page, "ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(ARABIC.title)
    expect(heading).to_have_attribute("lang", "ar")
    expect(page.locator("#description")).to_have_attribute("lang", "ar")
    expect(page.locator("#written-in")).to_have_count(0)
    assert title not in page.content()
    assert_accessible(page, "an event page in Arabic")
    screenshot(page, "event-page-arabic-translation")

    switch_language(page, "fi")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(title)
    expect(heading).to_have_attribute("lang", "sv")
    expect(heading).to_have_attribute("dir", "auto")
    expect(page.locator("#written-in")).to_be_visible()
    assert ARABIC.title not in page.content()
    assert_accessible(page, "an event page in Swedish for a Finnish reader")
    screenshot(page, "event-page-finnish-reader")

    page.goto("/events/")
    card = page.locator(".event-card", has=page.locator(f'a[href="/events/{event_id}"]'))
    expect(card.locator(".written-in")).to_be_visible()
    switch_language(page, "ar")
    card = page.locator(".event-card", has=page.locator(f'a[href="/events/{event_id}"]'))
    expect(card.get_by_role("link")).to_have_text(ARABIC.title)
    assert_accessible(page, "the event list in Arabic")
