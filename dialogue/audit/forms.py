"""The filters above the audit log, read from the query string, so that a filtered log can be linked."""

from flask_babel import lazy_gettext as _l
from wtforms.validators import NumberRange, Optional, ValidationError

from dialogue import labels
from dialogue.audit.models import AuditAction, SubjectType
from dialogue.forms import EVERY_CHOICE, DayField, FilterForm, WholeNumberField, filter_field
from dialogue.routing import MAX_DATABASE_ID

# The value of the person filter for entries without an actor.
NOBODY = "nobody"
# Dates outside these years find nothing and would overflow a calendar computation: they get a message.
FIRST_YEAR, LAST_YEAR = 2000, 2100


class _BlankableDay(DayField):
    """A date that may be left empty, or blank, without a message; a wrong one gets its message."""

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        super().process_formdata([valuelist[0].strip()])


class _BlankableWholeNumber(WholeNumberField):
    def process_formdata(self, valuelist):
        super().process_formdata([valuelist[0].strip()] if valuelist else valuelist)


def _within_the_years(form, field) -> None:
    if field.data and not FIRST_YEAR <= field.data.year <= LAST_YEAR:
        raise ValidationError(
            _l("Choose a date between the years %(first)s and %(last)s.", first=FIRST_YEAR, last=LAST_YEAR)
        )


class AuditFilterForm(FilterForm):
    actor = filter_field(_l("Person"))
    action = filter_field(_l("Action"))
    subject_type = filter_field(_l("Kind of record"))
    subject_id = _BlankableWholeNumber(
        _l("Record number"),
        validators=[Optional(), NumberRange(min=1, max=MAX_DATABASE_ID, message=_l("No record has this number."))],
    )
    date_from = _BlankableDay(_l("From date"), validators=[Optional(), _within_the_years])
    date_to = _BlankableDay(_l("To date"), validators=[Optional(), _within_the_years])

    def __init__(self, *args, accounts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.actor.choices = [
            EVERY_CHOICE,
            (NOBODY, _l("Someone not logged in, or the command line")),
            *((str(account.id), f"{account.name} ({account.email})") for account in accounts),
        ]
        self.action.choices = [EVERY_CHOICE] + labels.choices(AuditAction)
        self.subject_type.choices = [EVERY_CHOICE] + labels.choices(SubjectType)

    def validate_subject_id(self, field):
        if field.data and not self.subject_type.data:
            raise ValidationError(_l("Choose the kind of record as well."))

    def validate_date_to(self, field):
        if field.data and self.date_from.data and not self.date_from.errors and field.data < self.date_from.data:
            raise ValidationError(_l("The to date must be the same as the from date or later."))
