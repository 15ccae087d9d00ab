"""Every domain's models in one import, so that Alembic and the shell see them all."""
from dialogue.accounts.models import User
from dialogue.attendance.models import ClosingReport, WalkIn
from dialogue.contributions.models import (
    Answer,
    Contribution,
    ModerationLog,
    NeighbourhoodAssignment,
    Photo,
    Report,
    Support,
)
from dialogue.events.models import Event, EventLanguage
from dialogue.initiatives.models import Initiative
from dialogue.neighbourhoods.models import Neighbourhood
from dialogue.notifications.models import OutboxAttachment, OutboxMessage
from dialogue.organisations.models import Organisation, OrganisationNeighbourhood
from dialogue.registrations.models import (
    Registration,
    RegistrationAccessNeed,
    RegistrationChild,
)

__all__ = [
    "OutboxAttachment",
    "OutboxMessage",
    "ClosingReport",
    "WalkIn",
    "Initiative",
    "OrganisationNeighbourhood",
    "Answer",
    "Contribution",
    "ModerationLog",
    "NeighbourhoodAssignment",
    "Photo",
    "Report",
    "Support",
    "Event",
    "EventLanguage",
    "Neighbourhood",
    "Organisation",
    "Registration",
    "RegistrationAccessNeed",
    "RegistrationChild",
    "User",
]
