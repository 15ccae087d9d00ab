"""Forms of an event's languages page: the language its own texts are written in, and a translation of them.

The fields are the event form's own (dialogue.planning.forms.EventForm), so a translation fits wherever the
original does; the services check the same rules again for callers without a form.
"""

from flask_babel import lazy_gettext as _l
from wtforms import SelectField

from dialogue.forms import DialogueForm
from dialogue.planning.forms import EventForm
from dialogue.planning.translations import TranslatedTexts


class TranslationForm(DialogueForm):
    # The event form's own fields, with their labels, filters and limits: a translation is checked as the original is.
    title = EventForm.title
    description = EventForm.description
    accessibility_info = EventForm.accessibility_info

    def fill_from(self, translation) -> None:
        self.title.data = translation.title
        self.description.data = translation.description
        self.accessibility_info.data = translation.accessibility_info

    def to_texts(self) -> TranslatedTexts:
        return TranslatedTexts(
            title=self.title.data or "",
            description=self.description.data or "",
            accessibility_info=self.accessibility_info.data or "",
        )


class TextLanguageForm(DialogueForm):
    """The language of the event's own title, description and accessibility information."""

    language = SelectField(_l("The event's texts are written in"), validate_choice=True)

    def __init__(self, *args, languages: list[tuple[str, str]] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.language.choices = list(languages)
