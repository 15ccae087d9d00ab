"""What each enum value is called on a page, translated.

Grouped by enum class: members of str enums are equal to their values, so EventKind.OTHER and another enum's
"other" would be one key in a flat dict.
"""
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from dialogue.contributions.models import (
    Channel,
    ContributionKind,
    ModerationAction,
    ProposalStatus,
    Theme,
)
from dialogue.events.models import Audience, EventKind, EventStatus
from dialogue.initiatives.models import InitiativeKind, InitiativeStatus
from dialogue.organisations.models import OrganisationKind, SiteRelation
from dialogue.permissions import Role
from dialogue.registrations.models import AccessNeed, RegistrationStatus

LABELS = {
    EventKind: {
        EventKind.CITIZEN_DIALOGUE: _l("Citizen dialogue"),
        EventKind.EXHIBITION: _l("Exhibition"),
        EventKind.LUNCH_SEMINAR: _l("Lunch seminar"),
        EventKind.DANCE_WORKSHOP: _l("Dance workshop"),
        EventKind.OTHER: _l("Other event"),
    },
    Audience: {
        Audience.EVERYONE: _l("Open to everyone"),
        Audience.CHILDREN_WITH_GUARDIAN: _l("For children with a guardian"),
        Audience.PROPERTY_OWNERS_AND_BUILDERS: _l("For property owners and builders"),
    },
    EventStatus: {
        EventStatus.DRAFT: _l("Draft"),
        EventStatus.PUBLISHED: _l("Published"),
        EventStatus.CANCELLED: lazy_pgettext("event status", "Cancelled"),
        EventStatus.HELD: _l("Held"),
    },
    RegistrationStatus: {
        RegistrationStatus.CONFIRMED: _l("Confirmed"),
        RegistrationStatus.WAITLISTED: _l("On the waiting list"),
        RegistrationStatus.CANCELLED: lazy_pgettext("registration status", "Cancelled"),
    },
    AccessNeed: {
        AccessNeed.WHEELCHAIR: _l("Wheelchair access"),
        AccessNeed.SIGN_LANGUAGE: _l("Sign language interpreter"),
        AccessNeed.INTERPRETER: _l("Interpreter"),
        AccessNeed.HEARING_LOOP: _l("Hearing loop"),
        AccessNeed.CHILDCARE: _l("Childcare"),
    },
    Role: {
        Role.RESIDENT: _l("Resident"),
        Role.PROCESS_LEADER: _l("Process leader"),
        Role.DEVELOPER: _l("Property owner or builder"),
        Role.ADMIN: _l("Administrator"),
    },
    OrganisationKind: {
        OrganisationKind.PROPERTY_OWNER: _l("Property owner"),
        OrganisationKind.BUILDER: _l("Builder"),
        OrganisationKind.ASSOCIATION: _l("Association"),
        OrganisationKind.BUSINESS: _l("Business"),
        OrganisationKind.PUBLIC_BODY: _l("Public body"),
        OrganisationKind.ACADEMIA: _l("Academia"),
    },
    ContributionKind: {
        ContributionKind.PROPOSAL: _l("Proposal"),
        ContributionKind.FEEDBACK: _l("Feedback"),
    },
    Theme: {
        Theme.HOUSING: _l("Housing"),
        Theme.GREEN_SPACE_AND_PLAY: _l("Green space and play"),
        Theme.SAFETY: _l("Safety"),
        Theme.STREETS_AND_TRAFFIC: _l("Streets and traffic"),
        Theme.MEETING_PLACES: _l("Meeting places"),
        Theme.SERVICES_AND_SHOPS: _l("Services and shops"),
        Theme.CULTURE_AND_LEISURE: _l("Culture and leisure"),
        Theme.OTHER: _l("Other"),
    },
    Channel: {
        Channel.ONLINE: _l("Online"),
        Channel.SAID_AT_EVENT: _l("Said at an event"),
        Channel.DANCE_OR_MOVEMENT: _l("Dance or movement"),
        Channel.DRAWING: _l("Drawing"),
        Channel.WALK: _l("Walk"),
        Channel.PAPER_CARD: _l("Paper card"),
        Channel.OTHER: _l("Other channel"),
    },
    ProposalStatus: {
        ProposalStatus.NEW: _l("New"),
        ProposalStatus.UNDER_REVIEW: _l("Under review"),
        ProposalStatus.PLANNED: _l("Planned"),
        ProposalStatus.IMPLEMENTED: _l("Implemented"),
        ProposalStatus.NOT_PLANNED: _l("Not planned"),
        ProposalStatus.ALREADY_EXISTS: _l("Already exists"),
    },
    SiteRelation: {
        SiteRelation.OWNS: _l("Owns property here"),
        SiteRelation.BUILDS: _l("Builds here"),
    },
    InitiativeKind: {
        InitiativeKind.INNOVATION: _l("Innovation"),
        InitiativeKind.METHOD: _l("Method"),
        InitiativeKind.LEARNING_FORMAT: _l("Learning format"),
    },
    InitiativeStatus: {
        InitiativeStatus.IDEA: _l("Idea"),
        InitiativeStatus.TESTED: _l("Tested"),
        InitiativeStatus.SPREAD: _l("Spread"),
    },
    ModerationAction: {
        ModerationAction.HIDE: _l("Hidden"),
        ModerationAction.RESTORE: _l("Restored"),
        ModerationAction.MERGE: _l("Merged"),
    },
}


def label(value) -> str:
    return str(LABELS[type(value)][value])


def choices(enum_class) -> list[tuple[str, str]]:
    return [(member.value, label(member)) for member in enum_class]
