"""The organisations register: create and change organisations, and link property owners and builders to the
neighbourhoods where they own or build.

Like every service: takes the acting user, adds and flushes, raises OrganisationError with a message a person
understands (and the form field it concerns); the view commits.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from dialogue.accounts.models import User
from dialogue.audit.log import record
from dialogue.audit.models import AuditAction
from dialogue.extensions import db
from dialogue.neighbourhoods.models import Neighbourhood
from dialogue.organisation_register.queries import site_count
from dialogue.organisations.models import Organisation, OrganisationKind, OrganisationNeighbourhood, SiteRelation
from dialogue.organisations.names import checked_name
from dialogue.organisations.queries import SITE_KINDS
from dialogue.permissions import Role, is_staff
from dialogue.refusals import Forbidden, Refusal

NAME_MAX_LENGTH = Organisation.__table__.c.name.type.length


class OrganisationError(Refusal):
    """A rule of the organisations register refused the change."""


class NotAllowed(OrganisationError, Forbidden):
    pass


@dataclass
class OrganisationInput:
    name: str
    kind: OrganisationKind


def _require_staff(acting_user: User) -> None:
    if not is_staff(acting_user):
        raise NotAllowed(_l("Only process leaders and administrators can change the organisations register."))


def _check(data: OrganisationInput, organisation: Organisation | None) -> str:
    name = checked_name(
        Organisation,
        data.name,
        organisation.id if organisation else None,
        OrganisationError,
        missing=_l("Write the organisation's name."),
        taken=lambda other: _l("An organisation called “%(name)s” is already in the register.", name=other),
    )
    if organisation is not None and data.kind not in SITE_KINDS and organisation.kind in SITE_KINDS:
        _check_may_stop_being_a_developer(organisation)
    return name


def _check_may_stop_being_a_developer(organisation: Organisation) -> None:
    """Neighbourhood links and developer accounts only make sense for property owners and builders."""
    sites = site_count(organisation.id)
    if sites:
        raise OrganisationError(
            lazy_ngettext(
                "It is linked to %(num)s neighbourhood as a property owner or builder. Remove that link first.",
                "It is linked to %(num)s neighbourhoods as a property owner or builder. Remove those links first.",
                sites,
            ),
            field="kind",
        )
    developers = db.session.scalar(
        select(func.count())
        .select_from(User)
        .where(User.organisation_id == organisation.id, User.role == Role.DEVELOPER)
    )
    if developers:
        raise OrganisationError(
            lazy_ngettext(
                "%(num)s property owner's or builder's account belongs to it. Move that account first.",
                "%(num)s property owners' or builders' accounts belong to it. Move those accounts first.",
                developers,
            ),
            field="kind",
        )


def _flush_name(name: str) -> None:
    try:
        db.session.flush()
    except IntegrityError as error:
        # Someone saved the same name a moment ago; the unique constraint has the last word.
        raise OrganisationError(
            _l("An organisation called “%(name)s” is already in the register.", name=name), field="name"
        ) from error


def create_organisation(data: OrganisationInput, acting_user: User) -> Organisation:
    _require_staff(acting_user)
    name = _check(data, None)
    organisation = Organisation(name=name, kind=data.kind)
    db.session.add(organisation)
    _flush_name(name)
    record(AuditAction.ORGANISATION_CREATED, organisation, actor=acting_user)
    return organisation


def update_organisation(organisation: Organisation, data: OrganisationInput, acting_user: User) -> None:
    _require_staff(acting_user)
    name = _check(data, organisation)
    organisation.name = name
    organisation.kind = data.kind
    _flush_name(name)
    record(AuditAction.ORGANISATION_UPDATED, organisation, actor=acting_user)


def link_neighbourhood(
    organisation: Organisation, neighbourhood: Neighbourhood, relation: SiteRelation, acting_user: User
) -> OrganisationNeighbourhood:
    """Record that the organisation owns property, or builds, in the neighbourhood."""
    _require_staff(acting_user)
    if organisation.kind not in SITE_KINDS:
        raise OrganisationError(
            _l("Only property owners and builders are linked to the neighbourhoods where they own or build."),
            field="neighbourhood",
        )
    key = (organisation.id, neighbourhood.id, relation)
    if db.session.get(OrganisationNeighbourhood, key) is not None:
        raise _already_linked(organisation, neighbourhood)
    link = OrganisationNeighbourhood(
        organisation_id=organisation.id, neighbourhood_id=neighbourhood.id, relation=relation
    )
    db.session.add(link)
    try:
        db.session.flush()
    except IntegrityError as error:  # a double click raced us
        raise _already_linked(organisation, neighbourhood) from error
    record(AuditAction.ORGANISATION_LINKED, organisation, actor=acting_user, detail=_site(neighbourhood, relation))
    return link


def _already_linked(organisation: Organisation, neighbourhood: Neighbourhood) -> OrganisationError:
    return OrganisationError(
        _l(
            "%(organisation)s is already linked to %(neighbourhood)s that way.",
            organisation=organisation.name,
            neighbourhood=neighbourhood.name,
        ),
        field="neighbourhood",
    )


def unlink_neighbourhood(
    organisation: Organisation, neighbourhood: Neighbourhood, relation: SiteRelation, acting_user: User
) -> bool:
    """Remove the link; False when it was not there (a second click), which is harmless."""
    _require_staff(acting_user)
    link = db.session.get(OrganisationNeighbourhood, (organisation.id, neighbourhood.id, relation))
    if link is None:
        return False
    db.session.delete(link)
    db.session.flush()
    record(AuditAction.ORGANISATION_UNLINKED, organisation, actor=acting_user, detail=_site(neighbourhood, relation))
    return True


def _site(neighbourhood: Neighbourhood, relation: SiteRelation) -> str:
    return f"{neighbourhood.name} ({relation.value})"
