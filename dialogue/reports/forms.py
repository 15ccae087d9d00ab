"""The period and neighbourhood of the indicators report, read from the query string (?from=&to=&neighbourhood=)."""

from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms.validators import Optional, ValidationError

from dialogue.forms import DayField, FilterForm, filter_field
from dialogue.local_time import local_today
from dialogue.reports.indicators import Period


def this_year_local() -> int:
    return local_today().year


def _show_day(field: DayField, day: date) -> None:
    """Fill in a day that was left empty, so the form shows the period the figures are for."""
    field.data = day
    field.raw_data = [day.isoformat()]


class PeriodForm(FilterForm):
    """Empty days are filled in: the calendar year of the other day, or the current year when both are empty."""

    # A day outside the years 1900 to 2999 gets the field's own message.
    first_day = DayField(_l("First day"), name="from", validators=[Optional()])
    last_day = DayField(_l("Last day"), name="to", validators=[Optional()])
    neighbourhood = filter_field(_l("Neighbourhood"))

    def __init__(self, *args, neighbourhoods=(), **kwargs):
        super().__init__(*args, **kwargs)
        self._neighbourhood_ids = {n.slug: n.id for n in neighbourhoods}
        self.neighbourhood.choices = [("", _l("All neighbourhoods"))] + [(n.slug, n.name) for n in neighbourhoods]

    def validate_last_day(self, field):
        if field.data and self.first_day.data and field.data < self.first_day.data:
            raise ValidationError(_l("The period ends before it starts: choose a last day on or after the first day."))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if valid:
            self._fill_in_defaults()
        return valid

    def _fill_in_defaults(self) -> None:
        first, last = self.first_day.data, self.last_day.data
        if first is None:
            _show_day(self.first_day, date(last.year if last else this_year_local(), 1, 1))
        if last is None:
            _show_day(self.last_day, date(self.first_day.data.year, 12, 31))

    def period(self) -> Period:
        """The chosen period; call after a successful validate()."""
        return Period(
            first_day=self.first_day.data,
            last_day=self.last_day.data,
            neighbourhood_id=self._neighbourhood_ids.get(self.neighbourhood.data or ""),
        )

    def neighbourhood_name(self) -> str | None:
        """The chosen neighbourhood's name, or None for all of them."""
        chosen = self.neighbourhood.data
        return str(dict(self.neighbourhood.choices)[chosen]) if chosen else None

    def query_args(self) -> dict[str, str]:
        """The chosen period as URL parameters, for links to the records and the downloads."""
        args = {"from": self.first_day.data.isoformat(), "to": self.last_day.data.isoformat()}
        if self.neighbourhood.data:
            args["neighbourhood"] = self.neighbourhood.data
        return args
