"""The initiatives register: innovations, methods and learning formats developed together with partners.

Like every service: takes the acting user, adds and flushes, raises InitiativeError with a message a person
understands (and the form field it concerns); the view commits.
"""

from dataclasses import dataclass, field
from datetime import date

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from dialogue.accounts.models import User
from dialogue.audit.log import record
from dialogue.audit.models import AuditAction
from dialogue.events.models import Event
from dialogue.extensions import db
from dialogue.initiatives.models import Initiative, InitiativeKind, InitiativeStatus
from dialogue.local_time import local_today
from dialogue.neighbourhoods.models import Neighbourhood
from dialogue.organisations.models import Organisation
from dialogue.organisations.names import checked_name
from dialogue.permissions import is_staff
from dialogue.refusals import Forbidden, Refusal

DESCRIPTION_MAX_LENGTH = 5000
MAX_PARTNERS = 200
MAX_NEIGHBOURHOODS = 50
MAX_EVENTS = 200
TESTED_STATUSES = frozenset({InitiativeStatus.TESTED, InitiativeStatus.SPREAD})


class InitiativeError(Refusal):
    """A rule of the initiatives register refused the change."""


class NotAllowed(InitiativeError, Forbidden):
    pass


@dataclass
class InitiativeInput:
    name: str
    kind: InitiativeKind
    status: InitiativeStatus
    description: str = ""
    tested_on: date | None = None
    partners: list[Organisation] = field(default_factory=list)
    neighbourhoods: list[Neighbourhood] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)


def _check(data: InitiativeInput, initiative: Initiative | None, today: date) -> str:
    name = checked_name(
        Initiative,
        data.name,
        initiative.id if initiative else None,
        InitiativeError,
        missing=_l("Write the initiative's name."),
        taken=lambda other: _l("An initiative called “%(name)s” is already in the register.", name=other),
    )
    if len(data.description or "") > DESCRIPTION_MAX_LENGTH:
        raise InitiativeError(_l("At most %(max)d characters.", max=DESCRIPTION_MAX_LENGTH), field="description")
    if data.status in TESTED_STATUSES and data.tested_on is None:
        raise InitiativeError(
            _l("Write the date it was first tested: an initiative that is tested or spread has one."), field="tested_on"
        )
    if data.status == InitiativeStatus.IDEA and data.tested_on is not None:
        raise InitiativeError(
            _l("An idea has not been tested yet: leave the date empty, or choose “tested” or “spread”."),
            field="tested_on",
        )
    if data.tested_on is not None and data.tested_on > today:
        raise InitiativeError(
            _l("The date it was tested cannot be in the future (today is %(today)s).", today=format_date(today)),
            field="tested_on",
        )
    for items, maximum, name_of_field in (
        (data.partners, MAX_PARTNERS, "partners"),
        (data.neighbourhoods, MAX_NEIGHBOURHOODS, "neighbourhoods"),
        (data.events, MAX_EVENTS, "events"),
    ):
        if len(items) > maximum:
            raise InitiativeError(_l("Choose at most %(max)d.", max=maximum), field=name_of_field)
    return name


def _apply(initiative: Initiative, data: InitiativeInput, name: str) -> None:
    initiative.name = name
    initiative.kind = data.kind
    initiative.status = data.status
    initiative.description = (data.description or "").strip()
    initiative.tested_on = data.tested_on
    initiative.partners = list(data.partners)
    initiative.neighbourhoods = list(data.neighbourhoods)
    initiative.events = list(data.events)


def _flush(name: str) -> None:
    try:
        db.session.flush()
    except IntegrityError as error:
        # Someone saved the same name a moment ago; the unique constraint has the last word.
        raise InitiativeError(
            _l("An initiative called “%(name)s” is already in the register.", name=name), field="name"
        ) from error


def create_initiative(data: InitiativeInput, acting_user: User, today: date | None = None) -> Initiative:
    if not is_staff(acting_user):
        raise NotAllowed(_l("Only process leaders and administrators can change the initiatives register."))
    name = _check(data, None, today or local_today())
    initiative = Initiative()
    _apply(initiative, data, name)
    db.session.add(initiative)
    _flush(name)
    record(AuditAction.INITIATIVE_CREATED, initiative, actor=acting_user)
    return initiative


def update_initiative(
    initiative: Initiative, data: InitiativeInput, acting_user: User, today: date | None = None
) -> None:
    if not is_staff(acting_user):
        raise NotAllowed(_l("Only process leaders and administrators can change the initiatives register."))
    name = _check(data, initiative, today or local_today())
    _apply(initiative, data, name)
    _flush(name)
    record(AuditAction.INITIATIVE_UPDATED, initiative, actor=acting_user)
