from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField
from wtforms.validators import Optional, ValidationError

from dialogue import labels
from dialogue.events.models import EventKind
from dialogue.events.queries import EventFilters, languages_of_upcoming_events
from dialogue.forms import DayField
from dialogue.i18n import spoken_language_choices
from dialogue.neighbourhoods.queries import all_neighbourhoods


class EventFilterForm(FlaskForm):
    """The filters above the event list: read from the query string, so results can be linked and bookmarked."""

    class Meta:
        csrf = False

    neighbourhood = SelectField(_l("Neighbourhood"), choices=[], validators=[Optional()], validate_choice=True)
    kind = SelectField(_l("Kind of event"), choices=[], validators=[Optional()], validate_choice=True)
    date_from = DayField(_l("From date"), validators=[Optional()])
    date_to = DayField(_l("To date"), validators=[Optional()])
    language = SelectField(_l("Language spoken"), choices=[], validators=[Optional()], validate_choice=True)
    free_places = BooleanField(_l("Only events with free places"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        any_choice = ("", _l("All"))
        self.neighbourhood.choices = [any_choice] + [(n.slug, n.name) for n in all_neighbourhoods()]
        self.kind.choices = [any_choice] + labels.choices(EventKind)
        offered = languages_of_upcoming_events() | {self.language.data}
        self.language.choices = [any_choice] + [
            (code, name) for code, name in spoken_language_choices() if code in offered
        ]

    def validate_date_to(self, field):
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(_l("The to date must be the same as the from date or later."))

    def filters(self) -> EventFilters:
        """The filters that are valid; a field with an error is left out, and its message is shown."""
        def ok(field):
            return field.data if not field.errors else None

        kind = ok(self.kind)
        return EventFilters(
            neighbourhood_slug=ok(self.neighbourhood) or None,
            kind=EventKind(kind) if kind else None,
            date_from=ok(self.date_from),
            date_to=ok(self.date_to),
            language=ok(self.language) or None,
            only_free_places=bool(self.free_places.data),
        )

