"""Who may do what with contributions."""

from sqlalchemy import select

from dialogue.extensions import db
from dialogue.permissions import Role, is_staff


def can_moderate(user) -> bool:
    return is_staff(user)


def can_see_contact_details(user) -> bool:
    """Proposers' contact emails are for staff only, never for property developers."""
    return is_staff(user)


def assigned_neighbourhood_ids(user) -> set[int]:
    from dialogue.contributions.models import NeighbourhoodAssignment

    if not (user and user.is_authenticated and user.role == Role.DEVELOPER):
        return set()
    return set(
        db.session.scalars(
            select(NeighbourhoodAssignment.neighbourhood_id).where(NeighbourhoodAssignment.user_id == user.id)
        )
    )


def can_review(user, neighbourhood_id: int) -> bool:
    """Staff everywhere; a developer in the neighbourhoods assigned to them, if they belong to an organisation."""
    if is_staff(user):
        return True
    if not (user and user.is_authenticated and user.role == Role.DEVELOPER and user.organisation_id):
        return False
    return neighbourhood_id in assigned_neighbourhood_ids(user)


def can_answer(user, proposal) -> bool:
    return can_review(user, proposal.neighbourhood_id)
