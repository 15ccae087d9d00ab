"""Setting up a property developer's account: their organisation and the neighbourhoods they review.

Like every service: takes the acting user, adds and flushes; the view commits.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from dialogue.accounts.models import User
from dialogue.audit.log import record
from dialogue.audit.models import AuditAction
from dialogue.contributions.models import NeighbourhoodAssignment
from dialogue.contributions.services import ContributionError, NotAllowed, assign, unassign
from dialogue.extensions import db
from dialogue.neighbourhoods.models import Neighbourhood
from dialogue.organisations.models import Organisation
from dialogue.permissions import Role, is_staff
from dialogue.reviews.queries import DEVELOPER_ORGANISATION_KINDS


def update_developer(
    developer: User, organisation: Organisation | None, neighbourhoods: list[Neighbourhood], acting_user: User
) -> None:
    """Give `developer` this organisation (or none) and exactly these assigned neighbourhoods."""
    if not is_staff(acting_user):
        raise NotAllowed(_l("Only process leaders and administrators can set up developers."))
    if developer.role != Role.DEVELOPER:
        raise ContributionError(_l("This account is not a property owner's or builder's account."))
    if organisation is not None and organisation.kind not in DEVELOPER_ORGANISATION_KINDS:
        raise ContributionError(_l("Choose a property owner or a builder."), field="organisation")
    organisation_before = developer.organisation_id
    developer.organisation = organisation
    wanted = {neighbourhood.id: neighbourhood for neighbourhood in neighbourhoods}
    current = set(
        db.session.scalars(
            select(NeighbourhoodAssignment.neighbourhood_id).where(NeighbourhoodAssignment.user_id == developer.id)
        )
    )
    added = [neighbourhood for neighbourhood_id, neighbourhood in wanted.items() if neighbourhood_id not in current]
    removed = [db.session.get(Neighbourhood, neighbourhood_id) for neighbourhood_id in current - wanted.keys()]
    for neighbourhood in added:
        assign(developer, neighbourhood, assigned_by=acting_user)
    for neighbourhood in removed:
        unassign(developer, neighbourhood)
    db.session.flush()
    organisation_after = organisation.id if organisation else None
    if added or removed or organisation_after != organisation_before:
        record(
            AuditAction.DEVELOPER_UPDATED,
            developer,
            actor=acting_user,
            detail=_changes(organisation_before, organisation, added, removed),
        )


def _changes(organisation_before: int | None, organisation: Organisation | None, added, removed) -> str:
    """For the audit log: "organisation #3 → #5; + Lindängen; − Seved"."""
    parts = []
    organisation_after = organisation.id if organisation else None
    if organisation_after != organisation_before:
        parts.append(f"organisation #{organisation_before or '–'} → #{organisation_after or '–'}")
    if added:
        parts.append("+ " + ", ".join(sorted(neighbourhood.name for neighbourhood in added)))
    if removed:
        parts.append("− " + ", ".join(sorted(neighbourhood.name for neighbourhood in removed)))
    return "; ".join(parts)
