from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, RadioField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from dialogue import labels
from dialogue.contributions.models import ANSWER_MAX_LENGTH, ProposalStatus, Theme
from dialogue.contributions.services import allowed_next_statuses
from dialogue.forms import EVERY_CHOICE, DialogueForm, FilterForm, MultiCheckboxField, filter_field, strip_whitespace
from dialogue.reviews.queries import QueueFilters


class QueueFilterForm(FilterForm):
    """The filters above the review queue: read from the query string, so a view can be linked and bookmarked."""

    neighbourhood = filter_field(_l("Neighbourhood"))
    theme = filter_field(_l("Theme"))
    status = filter_field(_l("Status"))
    unanswered = BooleanField(_l("Only unanswered proposals"))

    def __init__(self, *args, neighbourhoods=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.neighbourhood.choices = [EVERY_CHOICE] + [(str(n.id), n.name) for n in neighbourhoods]
        self.theme.choices = [EVERY_CHOICE] + labels.choices(Theme)
        self.status.choices = [EVERY_CHOICE] + labels.choices(ProposalStatus)

    def filters(self) -> QueueFilters:
        """The filters that are valid; a field with an error is left out, and its message is shown."""
        neighbourhood, theme, status = self.value("neighbourhood"), self.value("theme"), self.value("status")
        return QueueFilters(
            neighbourhood_id=int(neighbourhood) if neighbourhood else None,
            theme=Theme(theme) if theme else None,
            status=ProposalStatus(status) if status else None,
            only_unanswered=bool(self.unanswered.data),
        )


class AnswerForm(DialogueForm):
    """A public answer and the status it gives the proposal; only the statuses the workflow allows are offered."""

    status = RadioField(
        _l("New status"),
        choices=[],
        validate_choice=False,
        validators=[DataRequired(message=_l("Choose the status the proposal gets with this answer."))],
    )
    text = TextAreaField(
        _l("Your answer"),
        filters=[strip_whitespace],
        validators=[
            DataRequired(message=_l("Write an answer: every change of status is explained in public.")),
            Length(max=ANSWER_MAX_LENGTH, message=_l("The answer can be at most 4000 characters.")),
        ],
    )
    # The status the person saw when they opened the page: if someone else answered meanwhile, they are told.
    seen_status = HiddenField()

    def __init__(self, *args, current_status: ProposalStatus, **kwargs):
        super().__init__(*args, **kwargs)
        self.current_status = current_status
        self.allowed = allowed_next_statuses(current_status)
        self.status.choices = [(status.value, labels.label(status)) for status in self.allowed]
        if not self.is_submitted():
            self.seen_status.data = current_status.value
            if current_status in self.allowed:
                self.status.data = current_status.value  # a progress update keeps the status unless changed

    def validate_status(self, field):
        if field.data not in {status.value for status in self.allowed}:
            raise ValidationError(
                _l(
                    "A proposal that is “%(current)s” cannot become that. Choose one of the statuses shown.",
                    current=labels.label(self.current_status),
                )
            )

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.seen_status.data and self.seen_status.data != self.current_status.value:
            self.form_errors.append(
                _l(
                    "Someone answered this proposal while you were writing: it is now “%(current)s”. "
                    "Read the latest answer below, then send yours again.",
                    current=labels.label(self.current_status),
                )
            )
            self.seen_status.data = self.current_status.value  # the next attempt answers what is shown now
            valid = False
        return valid

    def chosen_status(self) -> ProposalStatus:
        return ProposalStatus(self.status.data)


class DeveloperForm(DialogueForm):
    organisation = SelectField(_l("Organisation"), choices=[], validate_choice=True)
    neighbourhoods = MultiCheckboxField(_l("Neighbourhoods whose proposals they review"), choices=[], coerce=int)

    def __init__(self, *args, organisations=(), neighbourhoods=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation.choices = [("", _l("No organisation (cannot review yet)"))] + [
            (str(organisation.id), f"{organisation.name} ({labels.label(organisation.kind)})")
            for organisation in organisations
        ]
        self.neighbourhoods.choices = [(neighbourhood.id, neighbourhood.name) for neighbourhood in neighbourhoods]
