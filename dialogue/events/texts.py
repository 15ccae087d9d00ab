"""Which of an event's texts a reader is shown: the one place that decides it, for pages, emails and calendars.

Staff write an event's title, description and accessibility information in one language (Event.original_language)
and may translate them into the other interface languages (EventTranslation). A reader is shown the translation
into their language when there is one, otherwise the original, marked with the language it is written in, so
that a page can say so ("Written in Swedish") and give the text its `lang`. A translation may leave the
description or the accessibility information empty: the reader then gets the original's, marked the same way,
rather than nothing.

The reader's language is the page's locale for pages, and the recipient's for emails and calendar files (they
are written under force_locale), so `localised(event)` without a language is right in both.

Lists load the translations of every event they show in one query (dialogue.events.queries), so choosing costs no
query per event.
"""

from dataclasses import dataclass

from flask_babel import get_locale

from dialogue.events import bp
from dialogue.events.models import Event, EventTranslation


@dataclass(frozen=True)
class EventTexts:
    """An event's texts as one reader is shown them."""

    title: str
    description: str
    accessibility_info: str
    language: str  # what the title is written in, and the other texts unless their own language says otherwise
    is_translation: bool
    reader_language: str
    description_language: str
    accessibility_language: str

    @property
    def in_another_language(self) -> bool:
        """The reader is shown the title in a language other than their own: the page says which."""
        return self.language != self.reader_language

    # A translation that left a text empty is shown with the original's: that text alone then says its language.
    @property
    def description_in_another_language(self) -> bool:
        return self.description_language not in (self.reader_language, self.language)

    @property
    def accessibility_in_another_language(self) -> bool:
        return self.accessibility_language not in (self.reader_language, self.language)


def translation_into(event: Event, language: str) -> EventTranslation | None:
    return next((translation for translation in event.translations if translation.language == language), None)


def localised(event: Event, language: str | None = None) -> EventTexts:
    """The event's texts for a reader of `language` (default: the current locale)."""
    reader = language or str(get_locale())
    original = event.original_language
    translation = None if reader == original else translation_into(event, reader)
    if translation is None:
        return EventTexts(
            title=event.title,
            description=event.description or "",
            accessibility_info=event.accessibility_info or "",
            language=original,
            is_translation=False,
            reader_language=reader,
            description_language=original,
            accessibility_language=original,
        )
    # A text the translation leaves empty is the original's, in the original's language.
    description, description_language = translation.description, reader
    if not description and event.description:
        description, description_language = event.description, original
    accessibility, accessibility_language = translation.accessibility_info, reader
    if not accessibility and event.accessibility_info:
        accessibility, accessibility_language = event.accessibility_info, original
    return EventTexts(
        title=translation.title,
        description=description,
        accessibility_info=accessibility,
        language=reader,
        is_translation=True,
        reader_language=reader,
        description_language=description_language,
        accessibility_language=accessibility_language,
    )


@bp.app_template_filter("localised")
def localised_filter(event: Event) -> EventTexts:
    """`event | localised` in a template: the texts for the page's reader, or an email's recipient."""
    return localised(event)
