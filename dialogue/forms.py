"""Form fields shared by every domain, with messages a person understands in their language."""
from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, SelectMultipleField
from wtforms.fields import EmailField
from wtforms.validators import DataRequired, Email, Length
from wtforms.widgets import CheckboxInput, ListWidget

from dialogue.accounts.models import EMAIL_MAX_LENGTH


def strip_whitespace(value):
    return value.strip() if isinstance(value, str) else value


def email_field(label=_l("Email address")):
    return EmailField(
        label,
        filters=[strip_whitespace],
        validators=[
            DataRequired(message=_l("Write your email address.")),
            Length(max=EMAIL_MAX_LENGTH, message=_l("The email address is too long.")),
            Email(message=_l("Write an email address like name@example.se."), check_deliverability=False),
        ],
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
    """A calendar date written as YYYY-MM-DD (the format of <input type=date>); 2026-02-30 is refused."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, format="%Y-%m-%d", **kwargs)

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(str(_l("Write a date that exists, like 2026-12-24."))) from None


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def show_error(form, error) -> None:
    """A service's refusal (an error with `message` and, maybe, `field`) next to its field, or above the form."""
    target = form[error.field] if error.field and error.field in form else None
    if target is not None:
        target.errors = list(target.errors) + [str(error.message)]
    else:
        form.form_errors.append(str(error.message))
