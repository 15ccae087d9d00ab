"""Forms of the organisations register. Lengths come from the model; the rules are in services.py."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length

from dialogue import labels
from dialogue.forms import DialogueForm, FilterForm, filter_field, strip_whitespace
from dialogue.organisation_register.services import NAME_MAX_LENGTH, OrganisationInput
from dialogue.organisations.models import OrganisationKind, SiteRelation


class OrganisationForm(DialogueForm):
    name = StringField(
        _l("Name"),
        filters=[strip_whitespace],
        validators=[
            DataRequired(message=_l("Write the organisation's name.")),
            Length(max=NAME_MAX_LENGTH, message=_l("At most %(max)d characters.")),
        ],
    )
    kind = SelectField(
        _l("Kind"),
        validate_choice=True,
        validators=[DataRequired(message=_l("Choose what kind of organisation it is."))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = [("", _l("Choose a kind"))] + labels.choices(OrganisationKind)

    def fill_from(self, organisation) -> None:
        self.name.data = organisation.name
        self.kind.data = organisation.kind.value

    def to_input(self) -> OrganisationInput:
        return OrganisationInput(name=self.name.data, kind=OrganisationKind(self.kind.data))


class OrganisationFilterForm(FilterForm):
    """The filter above the list, read from the query string, so a filtered list can be linked."""

    kind = filter_field(_l("Kind"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = [("", _l("All kinds"))] + labels.choices(OrganisationKind)

    def chosen_kind(self) -> OrganisationKind | None:
        """The kind when it is valid; a value with an error is left out, and its message is shown."""
        return OrganisationKind(self.kind.data) if self.kind.data and not self.kind.errors else None


class SiteLinkForm(DialogueForm):
    """Link a property owner or builder to a neighbourhood where it owns or builds."""

    neighbourhood = SelectField(
        _l("Neighbourhood"), validate_choice=True, validators=[DataRequired(message=_l("Choose a neighbourhood."))]
    )
    relation = SelectField(
        _l("What it does there"),
        validate_choice=True,
        default=SiteRelation.OWNS.value,
        validators=[DataRequired(message=_l("Choose whether it owns property or builds there."))],
    )

    def __init__(self, *args, neighbourhoods=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.neighbourhood.choices = [("", _l("Choose a neighbourhood"))] + [
            (str(neighbourhood.id), neighbourhood.name) for neighbourhood in neighbourhoods
        ]
        self.relation.choices = labels.choices(SiteRelation)
