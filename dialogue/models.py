"""Every domain's models in one import, so that Alembic and the shell see them all, and the words for their
enums (each domain's labels.py), so that every page can name them."""

import importlib

from dialogue.accounts.models import LoginThrottle, PasswordResetToken, User
from dialogue.attendance.models import ClosingReport, WalkIn
from dialogue.audit import guard  # noqa: F401  (the log stays append-only in every session)
from dialogue.audit.models import AuditEntry
from dialogue.contributions import counts  # noqa: F401  (proposal counts change with the proposals, in every session)
from dialogue.contributions.models import (
    Answer,
    Contribution,
    ModerationLog,
    NeighbourhoodAssignment,
    Photo,
    ProposalCount,
    Report,
    Support,
)
from dialogue.events.models import Event, EventLanguage
from dialogue.initiatives.models import Initiative
from dialogue.neighbourhoods.models import Neighbourhood
from dialogue.organisations.models import Organisation, OrganisationNeighbourhood
from dialogue.outbox.models import OutboxAttachment, OutboxMessage
from dialogue.registrations.models import Registration, RegistrationAccessNeed, RegistrationChild

# The words for each domain's enums: importing a labels module registers them (dialogue.labels).
for _domain in ("accounts", "events", "registrations", "organisations", "contributions", "initiatives", "audit"):
    importlib.import_module(f"dialogue.{_domain}.labels")

__all__ = [
    "AuditEntry",
    "LoginThrottle",
    "PasswordResetToken",
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
    "ProposalCount",
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
