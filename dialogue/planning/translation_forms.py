"""Forms of an event's languages page: the language its own texts are written in, and a translation of them.

The lengths are those of the event's own texts (dialogue.events.models), so a translation fits wherever the
original does; the services check the same rules again for callers without a form.
"""

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from dialogue.events.models import ACCESSIBILITY_INFO_MAX_LENGTH, DESCRIPTION_MAX_LENGTH, TITLE_MAX_LENGTH
from dialogue.forms import DialogueForm, strip_whitespace
from dialogue.planning.translations import TranslatedTexts


def _at_most(maximum: int):
    return Length(max=maximum, message=_l("At most %(max)d characters."))


class TranslationForm(DialogueForm):
    title = StringField(
        _l("Title"),
        filters=[strip_whitespace],
        validators=[DataRequired(message=_l("Write a title.")), _at_most(TITLE_MAX_LENGTH)],
    )
    description = TextAreaField(
        _l("Description"), filters=[strip_whitespace], validators=[_at_most(DESCRIPTION_MAX_LENGTH)]
    )
    accessibility_info = TextAreaField(
        _l("Accessibility"), filters=[strip_whitespace], validators=[_at_most(ACCESSIBILITY_INFO_MAX_LENGTH)]
    )

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
