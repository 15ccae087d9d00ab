"""Forms of the initiatives register. The rules (unique name, the date of testing) are in services.py."""

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from wtforms import SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from dialogue import labels
from dialogue.forms import DayField, DialogueForm, FilterForm, MultiCheckboxField, filter_field, strip_whitespace
from dialogue.initiatives.models import NAME_MAX_LENGTH, InitiativeKind, InitiativeStatus
from dialogue.initiatives.services import DESCRIPTION_MAX_LENGTH, InitiativeInput


class InitiativeForm(DialogueForm):
    name = StringField(
        _l("Name"),
        filters=[strip_whitespace],
        validators=[
            DataRequired(message=_l("Write the initiative's name.")),
            Length(max=NAME_MAX_LENGTH, message=_l("At most %(max)d characters.")),
        ],
    )
    kind = SelectField(
        _l("Kind"), validate_choice=True, validators=[DataRequired(message=_l("Choose what kind of initiative it is."))]
    )
    status = SelectField(
        _l("Status"),
        validate_choice=True,
        default=InitiativeStatus.IDEA.value,
        validators=[DataRequired(message=_l("Choose how far it has come."))],
    )
    tested_on = DayField(_l("First tested on"), validators=[Optional()])
    description = TextAreaField(
        _l("Description"),
        filters=[strip_whitespace],
        validators=[Length(max=DESCRIPTION_MAX_LENGTH, message=_l("At most %(max)d characters."))],
    )
    partners = MultiCheckboxField(_l("Partner organisations"), coerce=int, choices=[], validate_choice=True)
    neighbourhoods = MultiCheckboxField(_l("Neighbourhoods"), coerce=int, choices=[], validate_choice=True)
    events = SelectMultipleField(_l("Related events"), coerce=int, choices=[], validate_choice=True)

    def __init__(self, *args, organisations=(), neighbourhoods=(), events=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = [("", _l("Choose a kind"))] + labels.choices(InitiativeKind)
        self.status.choices = labels.choices(InitiativeStatus)
        self.partners.choices = [
            (organisation.id, f"{organisation.name} ({labels.label(organisation.kind)})")
            for organisation in organisations
        ]
        self.neighbourhoods.choices = [(neighbourhood.id, neighbourhood.name) for neighbourhood in neighbourhoods]
        self.events.choices = [
            (event.id, f"{format_date(event.starts_at, 'short')} · {event.title} ({event.neighbourhood.name})")
            for event in events
        ]
        self._organisations = {organisation.id: organisation for organisation in organisations}
        self._neighbourhoods = {neighbourhood.id: neighbourhood for neighbourhood in neighbourhoods}
        self._events = {event.id: event for event in events}

    def fill_from(self, initiative) -> None:
        self.name.data = initiative.name
        self.kind.data = initiative.kind.value
        self.status.data = initiative.status.value
        self.tested_on.data = initiative.tested_on
        self.description.data = initiative.description
        self.partners.data = [organisation.id for organisation in initiative.partners]
        self.neighbourhoods.data = [neighbourhood.id for neighbourhood in initiative.neighbourhoods]
        self.events.data = [event.id for event in initiative.events]

    def to_input(self) -> InitiativeInput:
        # Every id was checked against the choices, which are exactly these objects.
        return InitiativeInput(
            name=self.name.data,
            kind=InitiativeKind(self.kind.data),
            status=InitiativeStatus(self.status.data),
            description=self.description.data or "",
            tested_on=self.tested_on.data,
            partners=[self._organisations[item] for item in dict.fromkeys(self.partners.data or [])],
            neighbourhoods=[self._neighbourhoods[item] for item in dict.fromkeys(self.neighbourhoods.data or [])],
            events=[self._events[item] for item in dict.fromkeys(self.events.data or [])],
        )


class InitiativeFilterForm(FilterForm):
    """The filters above the list, read from the query string."""

    kind = filter_field(_l("Kind"))
    status = filter_field(_l("Status"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = [("", _l("All kinds"))] + labels.choices(InitiativeKind)
        self.status.choices = [("", _l("Every status"))] + labels.choices(InitiativeStatus)
