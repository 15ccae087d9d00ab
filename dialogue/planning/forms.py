"""Forms of the event management pages: the event, cancelling, a series, and the list's filters.

Times are written as a Stockholm date and clock time and checked here, so that every mistake in the form is
shown at once, next to its field; the services check the same rules again for callers without a form.
"""

from datetime import date, datetime, time

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    StopValidation,
    ValidationError,
)
from wtforms.widgets import TimeInput

from dialogue import labels
from dialogue.events.models import DESCRIPTION_MAX_LENGTH, TITLE_MAX_LENGTH, Audience, EventKind, EventStatus
from dialogue.forms import (
    EVERY_CHOICE,
    DayField,
    DialogueForm,
    FilterForm,
    MultiCheckboxField,
    WholeNumberField,
    filter_field,
    strip_whitespace,
)
from dialogue.i18n import spoken_language_choices
from dialogue.local_time import local_today
from dialogue.planning.clock import NonexistentLocalTime, local_clock, local_day, local_to_utc
from dialogue.planning.series import MAX_INTERVAL_WEEKS
from dialogue.planning.services import (
    ACCESSIBILITY_INFO_MAX_LENGTH,
    ADDRESS_MAX_LENGTH,
    CANCELLATION_MESSAGE_MAX_LENGTH,
    INCLUSIVE_NOTE_MAX_LENGTH,
    MAX_CAPACITY,
    VENUE_MAX_LENGTH,
    EventDetails,
)
from dialogue.planning.window import day_refusal


def _at_most(maximum: int):
    return Length(max=maximum, message=_l("At most %(max)d characters."))


def _stop_if_unreadable(form, field):
    """A value that could not be read already has its message; the checks after it would only repeat it."""
    if field.process_errors:
        raise StopValidation()


def _on_a_planning_day(form, field):
    """From 2000 to EVENT_YEARS_AHEAD years ahead (dialogue.planning.window), as the services check again."""
    refusal = day_refusal(field.data, local_today()) if field.data else None
    if refusal is not None:
        raise ValidationError(refusal)


class BlankableDayField(DayField):
    """A date that may be left empty (None) without an extra message; a wrong one still gets its message."""

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        super().process_formdata([valuelist[0].strip()])


class ClockField(StringField):
    """A clock time written as 18:00 (the format of <input type=time>; a browser may add seconds)."""

    widget = TimeInput()

    def process_formdata(self, valuelist):
        self.data = None
        text = valuelist[0].strip() if valuelist else ""
        if not text:
            return
        for pattern in ("%H:%M", "%H:%M:%S"):
            try:
                self.data = datetime.strptime(text, pattern).time()
                return
            except ValueError:
                continue
        raise ValueError(str(_l("Write a time like 18:00.")))

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return self.data.strftime("%H:%M") if isinstance(self.data, time) else ""


def _nonexistent(day: date, clock: time) -> ValidationError:
    return ValidationError(
        _l(
            "%(time)s does not exist on %(date)s: the clocks are put forward an hour that night. Choose another time.",
            time=clock.strftime("%H:%M"),
            date=format_date(day, "long"),
        )
    )


class EventForm(DialogueForm):
    kind = SelectField(_l("Kind of event"), validate_choice=True)
    title = StringField(
        _l("Title"),
        filters=[strip_whitespace],
        validators=[DataRequired(message=_l("Write a title.")), _at_most(TITLE_MAX_LENGTH)],
    )
    description = TextAreaField(
        _l("Description"), filters=[strip_whitespace], validators=[_at_most(DESCRIPTION_MAX_LENGTH)]
    )
    neighbourhood = SelectField(
        _l("Neighbourhood"), validate_choice=True, validators=[DataRequired(message=_l("Choose a neighbourhood."))]
    )
    venue = StringField(
        _l("Venue"),
        filters=[strip_whitespace],
        validators=[DataRequired(message=_l("Write where the event takes place.")), _at_most(VENUE_MAX_LENGTH)],
    )
    address = StringField(
        _l("Address"),
        filters=[strip_whitespace],
        validators=[DataRequired(message=_l("Write the address.")), _at_most(ADDRESS_MAX_LENGTH)],
    )
    accessibility_info = TextAreaField(
        _l("Accessibility"), filters=[strip_whitespace], validators=[_at_most(ACCESSIBILITY_INFO_MAX_LENGTH)]
    )
    start_date = BlankableDayField(
        _l("Date"),
        validators=[_stop_if_unreadable, DataRequired(message=_l("Write the date of the event.")), _on_a_planning_day],
    )
    start_time = ClockField(
        _l("Starts at"), validators=[_stop_if_unreadable, DataRequired(message=_l("Write when the event starts."))]
    )
    end_date = BlankableDayField(_l("Ends on another day"), validators=[_stop_if_unreadable, _on_a_planning_day])
    end_time = ClockField(
        _l("Ends at"), validators=[_stop_if_unreadable, DataRequired(message=_l("Write when the event ends."))]
    )
    capacity = WholeNumberField(
        _l("Places"),
        validators=[
            Optional(),
            _stop_if_unreadable,
            NumberRange(
                min=1,
                max=MAX_CAPACITY,
                message=_l("Between 1 and %(max)d places, or leave it empty for no limit.", max=MAX_CAPACITY),
            ),
        ],
    )
    waitlist_enabled = BooleanField(_l("Waiting list when the event is full"), default=True)
    registration_opens_date = BlankableDayField(
        _l("Registration opens, date"), validators=[_stop_if_unreadable, _on_a_planning_day]
    )
    registration_opens_time = ClockField(_l("Registration opens, time"), validators=[_stop_if_unreadable])
    registration_closes_date = BlankableDayField(
        _l("Registration closes, date"), validators=[_stop_if_unreadable, _on_a_planning_day]
    )
    registration_closes_time = ClockField(_l("Registration closes, time"), validators=[_stop_if_unreadable])
    audience = SelectField(_l("Audience"), validate_choice=True, default=Audience.EVERYONE.value)
    languages = MultiCheckboxField(_l("Languages spoken"), validate_choice=True)
    cohosts = MultiCheckboxField(_l("Co-hosting organisations"), validate_choice=True)
    inclusive_method = BooleanField(_l("Inclusive methods"))
    inclusive_methods_note = TextAreaField(
        _l("Which inclusive methods"), filters=[strip_whitespace], validators=[_at_most(INCLUSIVE_NOTE_MAX_LENGTH)]
    )

    def __init__(self, *args, neighbourhoods=(), organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = labels.choices(EventKind)
        self.audience.choices = labels.choices(Audience)
        self.neighbourhood.choices = [("", _l("Choose a neighbourhood"))] + [
            (str(neighbourhood.id), neighbourhood.name) for neighbourhood in neighbourhoods
        ]
        self.languages.choices = spoken_language_choices()
        self.cohosts.choices = [(str(organisation.id), organisation.name) for organisation in organisations]

    # Moments in UTC; None where a part is missing or was refused (its field then has the message).
    def _moment(self, day: date | None, clock: time | None) -> datetime | None:
        if day is None or clock is None:
            return None
        try:
            return local_to_utc(day, clock)
        except NonexistentLocalTime:
            return None

    @property
    def starts_at(self) -> datetime | None:
        return self._moment(self.start_date.data, self.start_time.data)

    @property
    def ends_at(self) -> datetime | None:
        return self._moment(self.end_date.data or self.start_date.data, self.end_time.data)

    @property
    def registration_opens_at(self) -> datetime | None:
        return self._moment(self.registration_opens_date.data, self.registration_opens_time.data)

    @property
    def registration_closes_at(self) -> datetime | None:
        return self._moment(self.registration_closes_date.data, self.registration_closes_time.data)

    def _check_exists(self, day: date | None, clock: time | None) -> None:
        if day is not None and clock is not None and self._moment(day, clock) is None:
            raise _nonexistent(day, clock)

    def validate_start_time(self, field):
        self._check_exists(self.start_date.data, field.data)

    def validate_end_time(self, field):
        self._check_exists(self.end_date.data or self.start_date.data, field.data)
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError(_l("The event must end after it starts."))

    def _check_pair(self, day_field, time_field) -> None:
        if day_field.data is not None and time_field.data is None and not time_field.process_errors:
            raise ValidationError(_l("Write a time as well, like 09:00."))
        if time_field.data is not None and day_field.data is None and not day_field.process_errors:
            raise ValidationError(_l("Write a date as well, or leave the time empty."))
        self._check_exists(day_field.data, time_field.data)

    def validate_registration_opens_time(self, field):
        self._check_pair(self.registration_opens_date, field)
        if self.registration_opens_at and self.starts_at and self.registration_opens_at >= self.starts_at:
            raise ValidationError(_l("Registration must open before the event starts."))

    def validate_registration_closes_time(self, field):
        self._check_pair(self.registration_closes_date, field)
        opens, closes = self.registration_opens_at, self.registration_closes_at
        if opens and closes and closes <= opens:
            raise ValidationError(_l("Registration must close after it opens."))

    def validate_inclusive_methods_note(self, field):
        if self.inclusive_method.data and not field.data:
            raise ValidationError(_l("Describe the inclusive methods, for example dance or an interpreter."))
        if field.data and not self.inclusive_method.data:
            raise ValidationError(_l("Tick “Inclusive methods” as well, or leave the description empty."))

    def fill_from(self, event) -> None:
        self.kind.data = event.kind.value
        self.title.data = event.title
        self.description.data = event.description
        self.neighbourhood.data = str(event.neighbourhood_id)
        self.venue.data = event.venue
        self.address.data = event.address
        self.accessibility_info.data = event.accessibility_info
        self.start_date.data = local_day(event.starts_at)
        self.start_time.data = local_clock(event.starts_at)
        end_day = local_day(event.ends_at)
        self.end_date.data = end_day if end_day != self.start_date.data else None
        self.end_time.data = local_clock(event.ends_at)
        self.capacity.data = event.capacity
        self.waitlist_enabled.data = event.waitlist_enabled
        self.registration_opens_date.data = local_day(event.registration_opens_at)
        self.registration_opens_time.data = local_clock(event.registration_opens_at)
        self.registration_closes_date.data = local_day(event.registration_closes_at)
        self.registration_closes_time.data = local_clock(event.registration_closes_at)
        self.audience.data = event.audience.value
        self.languages.data = event.language_codes
        self.cohosts.data = [str(organisation.id) for organisation in event.cohosts]
        self.inclusive_method.data = event.inclusive_method
        self.inclusive_methods_note.data = event.inclusive_methods_note

    def to_details(self) -> EventDetails:
        return EventDetails(
            kind=EventKind(self.kind.data),
            title=self.title.data,
            description=self.description.data or "",
            neighbourhood_id=int(self.neighbourhood.data),
            venue=self.venue.data,
            address=self.address.data,
            accessibility_info=self.accessibility_info.data or "",
            starts_at=self.starts_at,
            ends_at=self.ends_at,
            capacity=self.capacity.data,
            registration_opens_at=self.registration_opens_at,
            registration_closes_at=self.registration_closes_at,
            waitlist_enabled=bool(self.waitlist_enabled.data),
            audience=Audience(self.audience.data),
            language_codes=list(self.languages.data or []),
            cohost_ids=[int(value) for value in self.cohosts.data or []],
            inclusive_method=bool(self.inclusive_method.data),
            inclusive_methods_note=self.inclusive_methods_note.data or "",
        )


class CancelForm(DialogueForm):
    message = TextAreaField(
        _l("Message to the people who registered"),
        filters=[strip_whitespace],
        validators=[
            DataRequired(message=_l("Write a message for the people who registered.")),
            _at_most(CANCELLATION_MESSAGE_MAX_LENGTH),
        ],
    )


SERIES_STATUS_CHOICES = [
    (EventStatus.DRAFT.value, _l("As drafts, to check before publishing")),
    (EventStatus.PUBLISHED.value, _l("Published at once")),
]


class SeriesForm(DialogueForm):
    every_weeks = WholeNumberField(
        _l("Every how many weeks"),
        default=1,
        validators=[
            _stop_if_unreadable,
            InputRequired(message=_l("Write how many weeks apart the events are.")),
            NumberRange(min=1, max=MAX_INTERVAL_WEEKS, message=_l("Every 1 to %(max)d weeks.", max=MAX_INTERVAL_WEEKS)),
        ],
    )
    until = BlankableDayField(
        _l("Until"),
        validators=[
            _stop_if_unreadable,
            DataRequired(message=_l("Write the date of the last event.")),
            _on_a_planning_day,
        ],
    )
    status = RadioField(_l("The new events are"), default=EventStatus.DRAFT.value, validate_choice=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.status.choices = SERIES_STATUS_CHOICES

    @property
    def publish(self) -> bool:
        return self.status.data == EventStatus.PUBLISHED.value


class PlanningFilterForm(FilterForm):
    """The filters above the staff event list, read from the query string."""

    status = filter_field(_l("Status"))
    neighbourhood = filter_field(_l("Neighbourhood"))
    kind = filter_field(_l("Kind of event"))
    date_from = BlankableDayField(_l("From date"), validators=[Optional()])
    date_to = BlankableDayField(_l("To date"), validators=[Optional()])

    def __init__(self, *args, neighbourhoods=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.status.choices = [EVERY_CHOICE] + labels.choices(EventStatus)
        self.neighbourhood.choices = [EVERY_CHOICE] + [
            (neighbourhood.slug, neighbourhood.name) for neighbourhood in neighbourhoods
        ]
        self.kind.choices = [EVERY_CHOICE] + labels.choices(EventKind)

    def validate_date_to(self, field):
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(_l("The to date must be the same as the from date or later."))
