"""dialogue.events.texts decides which of an event's texts a reader is shown: the translation into their language,
otherwise the original marked with its language; a text the translation left empty is the original's."""

import pytest
from flask_babel import force_locale

from dialogue.events.models import EventTranslation
from dialogue.events.texts import localised
from tests.event_languages import ARABIC, SWEDISH, Texts, app_in_four_languages, translated_event
from tests.support import look


@pytest.fixture
def four_language_app(sqlite_url):
    with app_in_four_languages(sqlite_url) as app:
        yield app


def test_a_reader_of_the_translations_language_gets_the_translation(four_language_app):
    with look(four_language_app):
        texts = localised(translated_event(), "ar")

        assert (texts.title, texts.description, texts.accessibility_info) == (
            ARABIC.title,
            ARABIC.description,
            ARABIC.accessibility_info,
        )
        assert texts.language == texts.description_language == texts.accessibility_language == "ar"
        assert texts.is_translation
        assert not texts.in_another_language


def test_a_reader_of_another_language_gets_the_original_marked_as_swedish(four_language_app):
    with look(four_language_app):
        texts = localised(translated_event(), "fi")

        assert (texts.title, texts.description, texts.accessibility_info) == (
            SWEDISH.title,
            SWEDISH.description,
            SWEDISH.accessibility_info,
        )
        assert texts.language == "sv" and not texts.is_translation
        assert texts.in_another_language
        # The title's note covers the other texts: they are in the same language.
        assert not texts.description_in_another_language
        assert not texts.accessibility_in_another_language


def test_a_reader_of_the_original_language_gets_it_without_a_note(four_language_app):
    with look(four_language_app):
        texts = localised(translated_event(), "sv")

        assert texts.title == SWEDISH.title
        assert not texts.is_translation and not texts.in_another_language


def test_an_empty_text_of_the_translation_is_the_originals_with_its_language(four_language_app):
    with look(four_language_app):
        event = translated_event(Texts(title=ARABIC.title, description="", accessibility_info=""))
        texts = localised(event, "ar")

        assert texts.title == ARABIC.title and texts.language == "ar"
        assert texts.description == SWEDISH.description and texts.description_language == "sv"
        assert texts.accessibility_info == SWEDISH.accessibility_info and texts.accessibility_language == "sv"
        assert texts.description_in_another_language and texts.accessibility_in_another_language
        assert not texts.in_another_language


def test_the_language_an_event_is_written_in_is_the_one_no_note_is_needed_for(four_language_app):
    with look(four_language_app):
        event = translated_event(title="Dance the square")
        event.original_language = "en"
        event.translations.append(EventTranslation(language="sv", title="Dansa torget"))

        assert localised(event, "en").title == "Dance the square"
        assert not localised(event, "en").in_another_language
        assert localised(event, "sv").title == "Dansa torget"
        finnish = localised(event, "fi")
        assert finnish.title == "Dance the square" and finnish.language == "en" and finnish.in_another_language


def test_without_a_language_the_current_locale_decides(four_language_app):
    """Pages pass none: the page's locale is the reader's; emails are written under the recipient's locale."""
    with four_language_app.test_request_context(), look(four_language_app):
        event = translated_event()
        with force_locale("ar"):
            assert localised(event).title == ARABIC.title
        with force_locale("fi"):
            assert localised(event).title == SWEDISH.title
            assert localised(event).reader_language == "fi"
