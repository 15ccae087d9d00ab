"""Staff forms: logging an event's input, editing, merging, moderating, and the filters of the staff list."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import (
    AnyOf,
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    StopValidation,
    ValidationError,
)

from dialogue import labels
from dialogue.contributions.models import (
    MAX_PEOPLE_BEHIND,
    PLACE_MAX_LENGTH,
    REASON_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Channel,
    ContributionKind,
    ProposalStatus,
    Theme,
)
from dialogue.contributions.photos import photo_from_upload
from dialogue.contributions.services import (
    ContributionChanges,
    ContributionError,
    FeedbackInput,
    LoggedItem,
    ProposalInput,
)
from dialogue.forms import (
    EVERY_CHOICE,
    DialogueForm,
    FilterForm,
    RequiredWhen,
    WholeNumberField,
    database_id,
    filter_field,
)

LOG_ROWS_START = 5
LOG_ROWS_STEP = 5
LOG_ROWS_MAX = 50
RATING_CHOICES = [("", _l("No rating"))] + [(str(number), str(number)) for number in range(1, 6)]


def _text_length(maximum: int):
    return Length(max=maximum, message=_l("At most %(max)d characters."))


def _stop_if_unreadable(form, field):
    """A value that could not be read already has its message; the range check would only repeat it."""
    if field.process_errors:
        raise StopValidation()


def _people_count_field():
    return WholeNumberField(
        _l("People behind it"),
        default=1,
        validators=[
            _stop_if_unreadable,
            InputRequired(message=_l("Write how many people stood behind it.")),
            NumberRange(min=1, max=MAX_PEOPLE_BEHIND, message=_l("Between 1 and 10000 people.")),
        ],
    )


def _photo_to_store(form, field):
    """Re-encode an uploaded photo while validating, so a refused file gets its message next to the field."""
    form.photo_to_store = None
    if field.data:
        try:
            form.photo_to_store = photo_from_upload(field.data.stream)
        except ContributionError as error:
            raise ValidationError(str(error.message)) from None


def _for_a_proposal(message) -> RequiredWhen:
    """Required in a row of the log-input form that is a proposal; feedback needs neither title nor theme."""
    return RequiredWhen(lambda row: row.is_proposal, message, when=_l("Required for a proposal."))


class LogItemForm(Form):
    """One row of the log-input form. A row left empty is ignored; a filled row is checked in full."""

    kind = SelectField(_l("Kind"), default=ContributionKind.PROPOSAL.value, validate_choice=True)
    theme = SelectField(
        _l("Theme"),
        default="",
        validate_choice=True,
        validators=[_for_a_proposal(_l("Choose a theme for the proposal."))],
    )
    title = StringField(
        _l("Title"), validators=[_for_a_proposal(_l("A proposal needs a title.")), _text_length(TITLE_MAX_LENGTH)]
    )
    body = TextAreaField(
        _l("What was said"), validators=[_for_a_proposal(_l("Write what was proposed.")), _text_length(TEXT_MAX_LENGTH)]
    )
    channel = SelectField(_l("Channel"), default=Channel.SAID_AT_EVENT.value, validate_choice=True)
    people_count = _people_count_field()
    rating = SelectField(_l("Rating (feedback)"), default="", validate_choice=True)
    photo = FileField(_l("Photo of a card or drawing"))

    photo_to_store = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = labels.choices(ContributionKind)
        self.theme.choices = [("", _l("Choose a theme"))] + labels.choices(Theme)
        self.channel.choices = labels.choices(Channel)
        self.rating.choices = RATING_CHOICES

    @property
    def is_proposal(self) -> bool:
        return self.kind.data == ContributionKind.PROPOSAL.value

    @property
    def is_blank(self) -> bool:
        return not (
            (self.title.data or "").strip() or (self.body.data or "").strip() or self.rating.data or self.photo.data
        )

    def validate(self, extra_validators=None):
        if self.is_blank:
            return True
        return super().validate(extra_validators)

    def validate_body(self, field):
        if not self.is_proposal and not self.rating.data and not (field.data or "").strip():
            raise ValidationError(_l("Give a rating or write a comment."))

    validate_photo = _photo_to_store

    def to_item(self) -> LoggedItem:
        theme = Theme(self.theme.data) if self.theme.data else None
        channel = Channel(self.channel.data)
        if self.is_proposal:
            data = ProposalInput(
                title=self.title.data,
                body=self.body.data or "",
                theme=theme,
                channel=channel,
                people_count=self.people_count.data,
            )
        else:
            data = FeedbackInput(
                rating=int(self.rating.data) if self.rating.data else None,
                body=self.body.data or "",
                theme=theme,
                channel=channel,
                people_count=self.people_count.data,
            )
        return LoggedItem(data=data, photo=self.photo_to_store)


class LogInputForm(DialogueForm):
    # Rows are topped up to LOG_ROWS_START here rather than by min_entries: WTForms renumbers the submitted rows
    # and then fills min_entries from the submitted data again, which would read a row twice from a form whose
    # row numbers have gaps.
    rows = FieldList(FormField(LogItemForm), max_entries=LOG_ROWS_MAX)
    more_rows = SubmitField(_l("Add 5 more rows"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        while len(self.rows) < LOG_ROWS_START:
            self.rows.append_entry()

    @property
    def can_add_rows(self) -> bool:
        return len(self.rows) < LOG_ROWS_MAX

    def add_rows(self) -> None:
        for _ in range(min(LOG_ROWS_STEP, LOG_ROWS_MAX - len(self.rows))):
            self.rows.append_entry()

    def filled_rows(self) -> list[LogItemForm]:
        return [entry.form for entry in self.rows if not entry.form.is_blank]


class EditContributionForm(DialogueForm):
    title = StringField(_l("Title"), validators=[_text_length(TITLE_MAX_LENGTH)])
    body = TextAreaField(_l("Text"), validators=[_text_length(TEXT_MAX_LENGTH)])
    theme = SelectField(_l("Theme"), default="", validate_choice=True)
    place_description = StringField(_l("Place"), validators=[_text_length(PLACE_MAX_LENGTH)])
    channel = SelectField(_l("Channel"), validate_choice=True)
    people_count = _people_count_field()
    rating = SelectField(_l("Rating"), default="", validate_choice=True)
    photo = FileField(_l("New photo"))
    remove_photo = BooleanField(_l("Remove the photo"))

    photo_to_store = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.theme.choices = [("", _l("No theme"))] + labels.choices(Theme)
        self.channel.choices = labels.choices(Channel)
        self.rating.choices = RATING_CHOICES

    validate_photo = _photo_to_store

    def fill_from(self, contribution) -> None:
        self.title.data = contribution.title or ""
        self.body.data = contribution.body
        self.theme.data = contribution.theme.value if contribution.theme else ""
        self.place_description.data = contribution.place_description
        self.channel.data = contribution.channel.value
        self.people_count.data = contribution.people_count
        self.rating.data = str(contribution.rating) if contribution.rating else ""

    def to_changes(self) -> ContributionChanges:
        return ContributionChanges(
            title=self.title.data or "",
            body=self.body.data or "",
            theme=Theme(self.theme.data) if self.theme.data else None,
            place_description=self.place_description.data or "",
            channel=Channel(self.channel.data),
            people_count=self.people_count.data,
            rating=int(self.rating.data) if self.rating.data else None,
        )


class MergeForm(DialogueForm):
    target_id = SelectField(
        _l("Merge into"),
        choices=[],
        validate_choice=False,  # any number is looked up; the rules give the message
        validators=[DataRequired(message=_l("Choose the proposal to merge into."))],
    )
    reason = TextAreaField(_l("Why (optional)"), validators=[Optional(), _text_length(REASON_MAX_LENGTH)])

    def validate_target_id(self, field):
        if database_id(field.data) is None:  # a number no row can have is looked up nowhere
            raise ValidationError(_l("Choose the proposal to merge into."))


class ModerateForm(DialogueForm):
    action = HiddenField(validators=[AnyOf(["hide", "restore"], message=_l("Use the button on the page."))])
    reason = TextAreaField(
        _l("Reason"),
        validators=[
            DataRequired(message=_l("Write a reason: it is kept in the moderation log.")),
            _text_length(REASON_MAX_LENGTH),
        ],
    )


VISIBILITY_CHOICES = [
    ("public", _l("Public")),
    ("hidden", _l("Hidden")),
    ("merged", _l("Merged into another proposal")),
]


class StaffFilterForm(FilterForm):
    """Filters above the staff list, read from the query string."""

    kind = filter_field(_l("Kind"))
    status = filter_field(_l("Status"))
    visibility = filter_field(_l("Visibility"))
    event = filter_field(_l("Event"))

    def __init__(self, *args, events=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = [EVERY_CHOICE] + labels.choices(ContributionKind)
        self.status.choices = [EVERY_CHOICE] + labels.choices(ProposalStatus)
        self.visibility.choices = [EVERY_CHOICE] + VISIBILITY_CHOICES
        self.event.choices = [EVERY_CHOICE] + [(str(event.id), event.title) for event in events]
