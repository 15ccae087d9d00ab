from flask_babel import lazy_gettext as _l
from wtforms import BooleanField
from wtforms.validators import Optional, ValidationError

from dialogue import labels
from dialogue.events.models import EventKind
from dialogue.events.queries import EventFilters, languages_of_upcoming_events
from dialogue.forms import EVERY_CHOICE, DayField, FilterForm, filter_field
from dialogue.i18n import spoken_language_choices
from dialogue.neighbourhoods.queries import all_neighbourhoods


class EventFilterForm(FilterForm):
    """The filters above the event list: read from the query string, so results can be linked and bookmarked."""

    neighbourhood = filter_field(_l("Neighbourhood"))
    kind = filter_field(_l("Kind of event"))
    date_from = DayField(_l("From date"), validators=[Optional()])
    date_to = DayField(_l("To date"), validators=[Optional()])
    language = filter_field(_l("Language spoken"))
    free_places = BooleanField(_l("Only events with free places"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.neighbourhood.choices = [EVERY_CHOICE] + [(n.slug, n.name) for n in all_neighbourhoods()]
        self.kind.choices = [EVERY_CHOICE] + labels.choices(EventKind)
        offered = languages_of_upcoming_events() | {self.language.data}
        self.language.choices = [EVERY_CHOICE] + [
            (code, name) for code, name in spoken_language_choices() if code in offered
        ]

    def validate_date_to(self, field):
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(_l("The to date must be the same as the from date or later."))

    def filters(self) -> EventFilters:
        """The filters that are valid; a field with an error is left out, and its message is shown."""
        kind = self.value("kind")
        return EventFilters(
            neighbourhood_slug=self.value("neighbourhood"),
            kind=EventKind(kind) if kind else None,
            date_from=self.value("date_from"),
            date_to=self.value("date_to"),
            language=self.value("language"),
            only_free_places=bool(self.free_places.data),
        )
