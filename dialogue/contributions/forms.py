"""Residents' forms: propose, give feedback, report, and the filters above the proposal list.

Limits come from the model (TITLE_MAX_LENGTH, ...), so the form, the database and the messages agree.
"""

from flask import current_app
from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.fields import EmailField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from dialogue import labels
from dialogue.accounts.models import EMAIL_MAX_LENGTH
from dialogue.contributions.models import (
    PLACE_MAX_LENGTH,
    REASON_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Channel,
    ProposalStatus,
    Theme,
)
from dialogue.contributions.queries import ProposalFilters, ProposalSort
from dialogue.contributions.services import FeedbackInput, ProposalInput
from dialogue.events.models import Event
from dialogue.events.texts import localised
from dialogue.forms import EVERY_CHOICE, DialogueForm, FilterForm, filter_field, strip_whitespace

RATINGS = range(1, 6)


def _event_choices(events: list[Event]) -> list[tuple[str, str]]:
    """Each event by its title in the reader's language (or its original), and its date."""
    return [("", _l("No particular event"))] + [
        (str(event.id), f"{localised(event).title} ({format_date(event.starts_at, format='medium')})")
        for event in events
    ]


def _chosen_event_id(field) -> int | None:
    return int(field.data) if field.data else None


class _EventChoice:
    """An optional event of the neighbourhood, offered as a select of its events."""

    def set_events(self, events: list[Event]) -> None:
        self.event_id.choices = _event_choices(events)

    def validate_event_id(self, field):
        if field.data and field.data not in {value for value, _ in field.choices}:
            raise ValidationError(_l("Choose an event in this neighbourhood."))

    def preselect_event(self, event_id: str | None) -> None:
        """Pre-fill the event from a link such as ?event=12, if it is one of the choices."""
        if event_id and event_id in {value for value, _ in self.event_id.choices}:
            self.event_id.data = event_id


class ProposalForm(_EventChoice, DialogueForm):
    title = StringField(
        _l("Title"),
        validators=[
            DataRequired(message=_l("Write a title for your proposal.")),
            Length(max=TITLE_MAX_LENGTH, message=_l("The title can be at most 140 characters.")),
        ],
    )
    body = TextAreaField(
        _l("Your proposal"),
        validators=[
            DataRequired(message=_l("Describe your proposal.")),
            Length(max=TEXT_MAX_LENGTH, message=_l("The text can be at most 4000 characters.")),
        ],
    )
    theme = SelectField(
        _l("Theme"), choices=[], validate_choice=False, validators=[DataRequired(message=_l("Choose a theme."))]
    )
    place_description = StringField(
        _l("Place (optional)"),
        validators=[Optional(), Length(max=PLACE_MAX_LENGTH, message=_l("The place can be at most 200 characters."))],
    )
    event_id = SelectField(_l("Event where it came up (optional)"), choices=[], validate_choice=False)
    language = SelectField(_l("Language of your proposal"), choices=[], validate_choice=False)
    contact_email = EmailField(
        _l("Email for follow-up (optional)"),
        filters=[strip_whitespace],
        validators=[
            Optional(),
            Length(max=EMAIL_MAX_LENGTH, message=_l("The email address is too long.")),
            Email(message=_l("Write an email address like name@example.se."), check_deliverability=False),
        ],
    )

    def __init__(self, *args, events: list[Event], **kwargs):
        super().__init__(*args, **kwargs)
        self.theme.choices = [("", _l("Choose a theme"))] + labels.choices(Theme)
        self.set_events(events)
        self.language.choices = list(current_app.config["LANGUAGES"].items())

    def validate_theme(self, field):
        if field.data not in {theme.value for theme in Theme}:
            raise ValidationError(_l("Choose one of the themes in the list."))

    def validate_language(self, field):
        if field.data not in current_app.config["LANGUAGES"]:
            raise ValidationError(_l("Choose one of the languages in the list."))

    def to_input(self) -> ProposalInput:
        return ProposalInput(
            title=self.title.data.strip(),
            body=self.body.data.strip(),
            theme=Theme(self.theme.data),
            place_description=(self.place_description.data or "").strip(),
            event_id=_chosen_event_id(self.event_id),
            channel=Channel.ONLINE,
            language=self.language.data,
            contact_email=(self.contact_email.data or "").strip() or None,
        )


class FeedbackForm(_EventChoice, DialogueForm):
    rating = RadioField(
        _l("Your rating"), choices=[], filters=[strip_whitespace], validators=[Optional()], validate_choice=False
    )
    body = TextAreaField(
        _l("Comment"),
        validators=[Optional(), Length(max=TEXT_MAX_LENGTH, message=_l("The comment can be at most 4000 characters."))],
    )
    event_id = SelectField(_l("Event (optional)"), choices=[], validate_choice=False)

    def __init__(self, *args, events: list[Event], **kwargs):
        super().__init__(*args, **kwargs)
        self.set_events(events)
        names = {1: _l("1 – poor"), 5: _l("5 – very good")}
        self.rating.choices = [(str(number), names.get(number, str(number))) for number in RATINGS]

    def validate_rating(self, field):
        if field.data not in {str(number) for number in RATINGS}:
            raise ValidationError(_l("Choose a rating from 1 to 5."))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not self.rating.data and not (self.body.data or "").strip() and not self.rating.errors:
            self.body.errors = list(self.body.errors) + [str(_l("Give a rating or write a comment, or both."))]
            valid = False
        return valid

    def to_input(self, language: str) -> FeedbackInput:
        return FeedbackInput(
            rating=int(self.rating.data) if self.rating.data else None,
            body=(self.body.data or "").strip(),
            event_id=_chosen_event_id(self.event_id),
            channel=Channel.ONLINE,
            language=language,
        )


class ReportForm(DialogueForm):
    reason = TextAreaField(
        _l("Why is it inappropriate?"),
        validators=[
            DataRequired(message=_l("Tell us why this is inappropriate.")),
            Length(max=REASON_MAX_LENGTH, message=_l("The reason can be at most 500 characters.")),
        ],
    )


class ProposalFilterForm(FilterForm):
    """The filters above the proposal list: read from the query string, so a filtered list can be linked."""

    theme = filter_field(_l("Theme"))
    status = filter_field(_l("Status"))
    channel = filter_field(_l("How it was given"))
    sort = filter_field(_l("Sort by"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.theme.choices = [EVERY_CHOICE] + labels.choices(Theme)
        self.status.choices = [EVERY_CHOICE] + labels.choices(ProposalStatus)
        self.channel.choices = [EVERY_CHOICE] + labels.choices(Channel)
        self.sort.choices = [
            (ProposalSort.NEWEST.value, _l("Newest first")),
            (ProposalSort.MOST_SUPPORTED.value, _l("Most supported")),
            (ProposalSort.RECENTLY_ANSWERED.value, _l("Recently answered")),
        ]

    def filters(self) -> ProposalFilters:
        """The filters that are valid; a field with an error is left out, and its message is shown."""

        theme, status, channel, sort = (
            self.value("theme"),
            self.value("status"),
            self.value("channel"),
            self.value("sort"),
        )
        return ProposalFilters(
            theme=Theme(theme) if theme else None,
            status=ProposalStatus(status) if status else None,
            channel=Channel(channel) if channel else None,
            sort=ProposalSort(sort) if sort else ProposalSort.NEWEST,
        )
