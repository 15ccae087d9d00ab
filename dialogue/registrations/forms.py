from flask import current_app
from flask_babel import lazy_gettext as _l
from wtforms import Form, FormField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from dialogue import labels
from dialogue.accounts.models import NAME_MAX_LENGTH
from dialogue.forms import DialogueForm, MultiCheckboxField, WholeNumberField, email_field
from dialogue.i18n import spoken_language_choices
from dialogue.registrations.models import (
    ACCESS_NOTE_MAX_LENGTH,
    CHILD_NAME_MAX_LENGTH,
    MAX_CHILD_AGE,
    MAX_PARTY_SIZE,
    AccessNeed,
)
from dialogue.registrations.services import ChildDetail, RegistrationRequest
from dialogue.safety import NoLinks

# Rows offered for children's details; the party is at most MAX_PARTY_SIZE with one adult.
CHILD_ROWS = MAX_PARTY_SIZE - 1


class ChildForm(Form):
    first_name = StringField(
        _l("First name"),
        validators=[
            Optional(),
            Length(max=CHILD_NAME_MAX_LENGTH, message=_l("At most %(max)d characters.")),
            NoLinks(),
        ],
    )
    age = WholeNumberField(
        _l("Age"),
        validators=[Optional(), NumberRange(min=0, max=MAX_CHILD_AGE, message=_l("Age must be between 0 and 17."))],
    )

    @property
    def is_filled(self) -> bool:
        return bool((self.first_name.data or "").strip()) or self.age.data is not None


def adults_field() -> WholeNumberField:
    return WholeNumberField(
        _l("Adults"),
        default=1,
        validators=[
            InputRequired(message=_l("Write how many adults are coming.")),
            NumberRange(min=1, max=MAX_PARTY_SIZE, message=_l("Between 1 and 10 adults.")),
        ],
    )


def children_field() -> WholeNumberField:
    return WholeNumberField(
        _l("Children (under 18)"),
        default=0,
        validators=[
            InputRequired(message=_l("Write how many children are coming (0 if none).")),
            NumberRange(min=0, max=MAX_PARTY_SIZE - 1, message=_l("Between 0 and 9 children.")),
        ],
    )


def offer_party_choices(form) -> None:
    """The choices of a registration form's access needs, interpreter and message languages."""
    form.access_needs.choices = labels.choices(AccessNeed)
    form.interpreter_language.choices = [("", _l("No interpreter needed"))] + spoken_language_choices()
    form.preferred_language.choices = list(current_app.config["LANGUAGES"].items())


class RegistrationForm(DialogueForm):
    contact_name = StringField(
        _l("Your name"),
        validators=[
            DataRequired(message=_l("Write your name.")),
            Length(min=1, max=NAME_MAX_LENGTH, message=_l("The name can be at most 120 characters.")),
            NoLinks(),
        ],
    )
    email = email_field()
    adults = adults_field()
    children = children_field()
    child_1 = FormField(ChildForm, label=_l("Child 1"))
    child_2 = FormField(ChildForm, label=_l("Child 2"))
    child_3 = FormField(ChildForm, label=_l("Child 3"))
    child_4 = FormField(ChildForm, label=_l("Child 4"))
    child_5 = FormField(ChildForm, label=_l("Child 5"))
    child_6 = FormField(ChildForm, label=_l("Child 6"))
    child_7 = FormField(ChildForm, label=_l("Child 7"))
    child_8 = FormField(ChildForm, label=_l("Child 8"))
    child_9 = FormField(ChildForm, label=_l("Child 9"))
    access_needs = MultiCheckboxField(_l("Access needs"), choices=[], validate_choice=True)
    interpreter_language = SelectField(_l("Interpreter language"), choices=[], validate_choice=True)
    access_note = TextAreaField(
        _l("Anything else we should know to make the event work for you?"),
        validators=[Optional(), Length(max=ACCESS_NOTE_MAX_LENGTH, message=_l("At most 500 characters.")), NoLinks()],
    )
    preferred_language = SelectField(_l("Language for messages to you"), choices=[], validate_choice=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offer_party_choices(self)

    @property
    def child_rows(self) -> list[FormField]:
        return [getattr(self, f"child_{number}") for number in range(1, CHILD_ROWS + 1)]

    def to_request(self) -> RegistrationRequest:
        return RegistrationRequest(
            contact_name=self.contact_name.data.strip(),
            email=self.email.data.strip(),
            adults=self.adults.data,
            children=self.children.data,
            child_details=[
                ChildDetail(first_name=(row.form.first_name.data or "").strip(), age=row.form.age.data)
                for row in self.child_rows
                if row.form.is_filled
            ],
            access_needs={AccessNeed(value) for value in self.access_needs.data or []},
            interpreter_language=self.interpreter_language.data or None,
            access_note=self.access_note.data or "",
            preferred_language=self.preferred_language.data,
        )


class LinksAgainForm(DialogueForm):
    """The address a guest registered with, to send the registration links to again."""

    email = email_field()
