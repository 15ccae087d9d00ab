"""The base of every form and the fields shared by every domain, with messages a person understands in their
language."""

from collections.abc import Callable
from typing import TypeVar

from flask import abort
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, FieldList, FormField, IntegerField, SelectField, SelectMultipleField
from wtforms.fields import EmailField
from wtforms.validators import DataRequired, Email, Length, Optional, StopValidation
from wtforms.widgets import CheckboxInput, ListWidget

from dialogue.database import EMAIL_MAX_LENGTH, MAX_DATABASE_ID
from dialogue.extensions import db
from dialogue.refusals import Forbidden, Refusal
from dialogue.text import has_control_characters

T = TypeVar("T")

# The days a date field takes: far enough for any project's history and plans. Beyond them a date is a typing
# mistake, and one such as 9999-12-31 would overflow the day after it.
FIRST_YEAR = 1900
LAST_YEAR = 2999
CONTROL_CHARACTERS_MESSAGE = _l("This holds invisible control characters that cannot be saved. Write it again.")


def strip_whitespace(value):
    return value.strip() if isinstance(value, str) else value


def _submitted_control_characters(field) -> bool:
    return any(
        isinstance(value, str) and has_control_characters(value) for value in getattr(field, "raw_data", None) or ()
    )


class DialogueForm(FlaskForm):
    """The base of every form: whatever a field checks, a value with a control character in it (NUL, escape, ...)
    is refused with one message next to the field, in every field of every form, rows of a field list included.
    Nothing of such a value reaches a rule or the database."""

    @property
    def has_required_fields(self) -> bool:
        """Whether a field, or a field in one of its rows, must be filled in (always or in some cases): the page
        then explains the mark of required fields once, at the top of the form."""
        return any(field.flags.required or field.flags.required_when for field in _fields_within(self))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        unreadable = [field for field in _fields_within(self) if _submitted_control_characters(field)]
        for field in unreadable:
            field.errors = [str(CONTROL_CHARACTERS_MESSAGE)]
        return valid and not unreadable


class RequiredWhen:
    """A field that the form requires only in some cases, such as a theme for a proposal but not for feedback in a
    row of the log-input form. `condition(form)` says when; then an empty value gets `message`, and no other check
    of the field runs. `when` says it in words ("Required for a proposal."): the page marks the field as required
    and shows these words in its hint (templates/_macros/forms.html)."""

    def __init__(self, condition: Callable[[object], bool], message, when):
        self.condition, self.message = condition, message
        self.field_flags = {"required_when": when}

    def __call__(self, form, field):
        value = field.data.strip() if isinstance(field.data, str) else field.data
        if value in (None, "") and self.condition(form):
            field.errors[:] = []
            raise StopValidation(str(self.message))


def database_id(text) -> int | None:
    """The id written in a form's value ("12"), or None when it cannot name a row: not a whole number, or larger
    than any id the database holds."""
    text = str(text or "").strip()
    if not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if 1 <= number <= MAX_DATABASE_ID else None


def email_field(label=_l("Email address")):
    return EmailField(
        label,
        filters=[strip_whitespace],
        validators=[
            DataRequired(message=_l("Write your email address.")),
            Length(max=EMAIL_MAX_LENGTH, message=_l("The email address is too long.")),
            Email(message=_l("Write an email address like name@example.se."), check_deliverability=False),
        ],
        render_kw={"autocomplete": "email"},  # the person's own address: a browser may fill it in (WCAG 1.3.5)
    )


class WholeNumberField(IntegerField):
    def process_formdata(self, valuelist):
        if not valuelist or valuelist[0] == "":
            self.data = None
            return
        try:
            self.data = int(valuelist[0].strip())
        except ValueError:
            self.data = None
            raise ValueError(str(_l("Write a whole number, like 2."))) from None


class DayField(DateField):
    """A calendar date written as YYYY-MM-DD (the format of <input type=date>); 2026-02-30 is refused, and so is a
    day outside the years FIRST_YEAR to LAST_YEAR: its data is then None, so no query or computation sees it."""

    def __init__(self, label=None, validators=None, first_year=FIRST_YEAR, last_year=LAST_YEAR, **kwargs):
        super().__init__(label, validators, format="%Y-%m-%d", **kwargs)
        self.first_year, self.last_year = first_year, last_year

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(str(_l("Write a date that exists, like 2026-12-24."))) from None
        if self.data is not None and not self.first_year <= self.data.year <= self.last_year:
            self.data = None
            raise ValueError(
                str(
                    _l(
                        "Choose a day between the years %(first)s and %(last)s.",
                        first=self.first_year,
                        last=self.last_year,
                    )
                )
            )


# The first choice of a filter: no narrowing.
EVERY_CHOICE = ("", _l("All"))


def filter_field(label) -> SelectField:
    """A filter's select; its choices are set when the form is made. A value of only whitespace is no choice, as
    an empty one is; an unknown value gets a message and is left out."""
    return SelectField(label, choices=[], filters=[strip_whitespace], validators=[Optional()], validate_choice=True)


class FilterForm(DialogueForm):
    """Filters above a list, read from the query string, so that a filtered list can be linked and bookmarked."""

    class Meta:
        csrf = False

    def value(self, name: str):
        """A filter's value when it is valid; a field with an error is left out, and its message is shown."""
        field = self[name]
        return field.data if field.data and not field.errors else None


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def add_error(field, message) -> None:
    field.errors = list(field.errors) + [str(message)]


def _fields_within(fields):
    """Every field, with the rows of field lists and the fields of nested forms."""
    for field in fields:
        yield field
        if isinstance(field, FieldList | FormField):
            yield from _fields_within(field)


def show_refusal(form, error: Refusal, within=None) -> None:
    """A service's refusal next to its field, or above the form when no such field is shown.

    `error.field` is a field's name in the form ("email", or "children-1-age" inside a field list); with `within`
    (one row of a field list) it is the name inside that row ("theme").
    """
    target = None
    if error.field:
        if within is not None:
            target = next((field for field in within if field.short_name == error.field), None)
        else:
            target = next((field for field in _fields_within(form) if field.name == error.field), None)
    if target is not None:
        add_error(target, error.message)
    else:
        form.form_errors.append(str(error.message))


def form_status(form) -> int:
    """422 when the page shows the form with an error (a field's, or the form's own), else 200."""
    return 422 if form.errors or form.form_errors else 200


# What commit_change answers when a rule refused the change (a service may itself answer None).
REFUSED = object()


def commit_change(form, change: Callable[[], T]) -> T | object:
    """Make a service's change for a submitted form and commit it: the view's one commit.

    When a rule refuses, everything is rolled back and the refusal is shown next to its field, and the answer is
    REFUSED; when the acting user may not make the change at all (Forbidden), the answer is a 403.
    """
    try:
        result = change()
    except Forbidden:
        db.session.rollback()
        abort(403)
    except Refusal as error:
        db.session.rollback()
        show_refusal(form, error)
        return REFUSED
    db.session.commit()
    return result
