"""The days an event can be planned on: from 1 January 2000, and at most EVENT_YEARS_AHEAD years (configuration)
after today, in Stockholm.

A year typed as 0001 or 9999 is a mistake, and an event then is one that no calendar app can show; the form and
the services refuse such a day with the same message (the form next to its field, the services for every other
caller).
"""

from datetime import date

from flask import current_app
from flask_babel import format_date, lazy_ngettext
from flask_babel import lazy_gettext as _l

FIRST_EVENT_DAY = date(2000, 1, 1)


def last_event_day(today: date) -> date:
    """The last day an event can be planned on: EVENT_YEARS_AHEAD years after `today`."""
    years = current_app.config["EVENT_YEARS_AHEAD"]
    try:
        return today.replace(year=today.year + years)
    except ValueError:  # 29 February, in a year without one
        return today.replace(year=today.year + years, day=28)


def day_refusal(day: date, today: date):
    """Why an event cannot be planned on `day`, or None when it can."""
    if day < FIRST_EVENT_DAY:
        return _l("Choose a date on or after %(first)s.", first=format_date(FIRST_EVENT_DAY, "long"))
    last = last_event_day(today)
    if day > last:
        return lazy_ngettext(
            "Events are planned at most %(num)s year ahead: choose a date on or before %(last)s.",
            "Events are planned at most %(num)s years ahead: choose a date on or before %(last)s.",
            current_app.config["EVENT_YEARS_AHEAD"],
            last=format_date(last, "long"),
        )
    return None
