"""The public pages show an event in the reader's language when it is translated into it, otherwise in the
original with a note saying which language that is: the event page, the event list, the start page, the
neighbourhood page, registering, the registration's own page and a proposal tied to the event. The list pages load
the translations of all their events in one query."""

import pytest

from dialogue.events.models import Event
from dialogue.extensions import db
from dialogue.neighbourhoods.models import Neighbourhood
from tests.event_languages import (
    ARABIC,
    SWEDISH,
    Texts,
    app_in_four_languages,
    marked,
    read_as,
    translated_event,
    written_in,
)
from tests.factories import make_event, make_neighbourhood, make_proposal, make_registration
from tests.registrations.helpers import attributes, element_text
from tests.support import arrange, assert_same_statement_counts, page_and_statements


@pytest.fixture
def four_language_any_app(database_url):
    """On SQLite and, as a second run, on PostgreSQL."""
    with app_in_four_languages(database_url) as app:
        yield app


@pytest.fixture
def event_id(four_language_any_app):
    with arrange(four_language_any_app):
        return translated_event(neighbourhood=make_neighbourhood("Södra Sofielund (Seved)", slug="seved")).id


def test_an_arabic_reader_gets_the_event_page_in_arabic(four_language_any_app, event_id):
    client = read_as(four_language_any_app.test_client(), "ar")

    page = client.get(f"/events/{event_id}").get_data(as_text=True)

    assert '<html lang="ar" dir="rtl">' in page
    assert f'<h1 lang="ar" dir="auto">{ARABIC.title}</h1>' in page
    assert f"<title>{ARABIC.title}" in page
    description = attributes(page, "description")
    assert (description["lang"], description["dir"]) == ("ar", "auto")
    for paragraph in ARABIC.description.split("\n\n"):
        assert f"<p>{paragraph}</p>" in page
    assert marked(ARABIC.accessibility_info, "ar") in page
    assert attributes(page, "written-in") is None  # nothing to say: it is in the reader's language
    for swedish in (SWEDISH.title, "Vi dansar på torget", SWEDISH.accessibility_info):
        assert swedish not in page


def test_a_finnish_reader_gets_the_swedish_original_and_is_told_it_is_swedish(four_language_any_app, event_id):
    client = read_as(four_language_any_app.test_client(), "fi")

    page = client.get(f"/events/{event_id}").get_data(as_text=True)

    assert '<html lang="fi" dir="ltr">' in page
    assert f'<h1 lang="sv" dir="auto">{SWEDISH.title}</h1>' in page
    assert element_text(page, "written-in") == written_in(four_language_any_app, "fi", "sv")
    description = attributes(page, "description")
    assert (description["lang"], description["dir"]) == ("sv", "auto")
    assert marked(SWEDISH.accessibility_info, "sv") in page
    assert ARABIC.title not in page and ARABIC.accessibility_info not in page


def test_a_swedish_reader_gets_the_original_without_a_note(four_language_any_app, event_id):
    page = four_language_any_app.test_client().get(f"/events/{event_id}").get_data(as_text=True)

    assert f'<h1 lang="sv" dir="auto">{SWEDISH.title}</h1>' in page
    assert attributes(page, "written-in") is None
    assert ARABIC.title not in page


def test_a_text_the_translation_left_empty_is_the_swedish_one_with_its_note(four_language_any_app):
    with arrange(four_language_any_app):
        event_id = translated_event(Texts(title=ARABIC.title, description=ARABIC.description, accessibility_info="")).id
    client = read_as(four_language_any_app.test_client(), "ar")

    page = client.get(f"/events/{event_id}").get_data(as_text=True)

    assert f'<h1 lang="ar" dir="auto">{ARABIC.title}</h1>' in page
    accessibility = element_text(page, "accessibility-info")
    assert accessibility == f"{SWEDISH.accessibility_info} ({written_in(four_language_any_app, 'ar', 'sv')})"
    assert marked(SWEDISH.accessibility_info, "sv") in page


@pytest.mark.parametrize("path", ["/events/", "/", "/neighbourhoods/seved"])
def test_list_pages_show_each_event_in_the_readers_language(four_language_any_app, event_id, path):
    arabic = read_as(four_language_any_app.test_client(), "ar").get(path).get_data(as_text=True)
    finnish = read_as(four_language_any_app.test_client(), "fi").get(path).get_data(as_text=True)

    assert f'<a href="/events/{event_id}">{marked(ARABIC.title, "ar")}</a>' in arabic
    assert SWEDISH.title not in arabic
    assert f'<a href="/events/{event_id}">{marked(SWEDISH.title, "sv")}</a>' in finnish
    assert f'<p class="event-meta written-in">{written_in(four_language_any_app, "fi", "sv")}</p>' in finnish
    assert ARABIC.title not in finnish


def test_registering_and_the_registrations_page_name_the_event_in_the_readers_language(four_language_any_app, event_id):
    with arrange(four_language_any_app):
        guest = make_registration(db.session.get_one(Event, event_id))
    arabic = read_as(four_language_any_app.test_client(), "ar")
    finnish = read_as(four_language_any_app.test_client(), "fi")

    assert marked(ARABIC.title, "ar") in arabic.get(f"/events/{event_id}/register").get_data(as_text=True)
    register = finnish.get(f"/events/{event_id}/register").get_data(as_text=True)
    assert marked(SWEDISH.title, "sv") in register
    assert written_in(four_language_any_app, "fi", "sv") in register
    manage = arabic.get(f"/registrations/{guest.manage_token}").get_data(as_text=True)
    assert marked(ARABIC.title, "ar") in manage and marked(ARABIC.accessibility_info, "ar") in manage
    assert SWEDISH.title not in manage
    cancel = finnish.get(f"/registrations/{guest.manage_token}/cancel").get_data(as_text=True)
    assert marked(SWEDISH.title, "sv") in cancel


def test_a_proposal_names_its_event_in_the_readers_language(four_language_any_app, event_id):
    with arrange(four_language_any_app):
        seved = db.session.query(Neighbourhood).filter_by(slug="seved").one()
        proposal_id = make_proposal(seved, event_id=event_id).id
    arabic = read_as(four_language_any_app.test_client(), "ar")

    page = arabic.get(f"/proposals/{proposal_id}").get_data(as_text=True)
    feedback_form = arabic.get("/neighbourhoods/seved/feedback/new").get_data(as_text=True)

    assert f'<a href="/events/{event_id}">{marked(ARABIC.title, "ar")}</a>' in page
    assert ARABIC.title in feedback_form and SWEDISH.title not in feedback_form


def test_the_list_pages_load_the_translations_of_all_their_events_in_one_query(four_language_any_app):
    """With 4 and with 40 events, half of them translated, each list page runs as many statements, and every event
    it shows is in Arabic or says that it is in Swedish."""
    note = written_in(four_language_any_app, "ar", "sv")

    def add_events(count: int) -> None:
        with arrange(four_language_any_app):
            seved = db.session.query(Neighbourhood).filter_by(slug="seved").one_or_none()
            seved = seved or make_neighbourhood("Seved", slug="seved")
            for number in range(count // 2):
                translated_event(
                    Texts(title=f"حدث {number:03d}", description="", accessibility_info=""), neighbourhood=seved
                )
                make_event(seved, title=f"Otranslaterad {number:03d}")

    def measure() -> dict[str, list[str]]:
        client = read_as(four_language_any_app.test_client(), "ar")
        client.get("/")  # warm up: the first request may open a connection
        statements = {}
        for path in ("/events/", "/", "/neighbourhoods/seved"):
            page, statements[path] = page_and_statements(four_language_any_app, client, path)
            cards = page.count('<li class="event-card">')
            in_arabic = page.count('<span dir="auto" lang="ar">حدث')
            in_swedish = page.count(f'<p class="event-meta written-in">{note}</p>')
            assert cards > 0 and in_arabic > 0 and in_swedish > 0, path
            assert in_arabic + in_swedish == cards, path
        return statements

    add_events(4)
    few = measure()
    add_events(36)
    many = measure()

    assert_same_statement_counts(few, many, 4, 40)
