"""What the values of this domain's enums are called on a page, translated (see dialogue.labels)."""

from flask_babel import lazy_gettext as _l

from dialogue.contributions.models import Channel, ContributionKind, ModerationAction, ProposalStatus, Theme
from dialogue.labels import register

register(
    {
        ContributionKind: {ContributionKind.PROPOSAL: _l("Proposal"), ContributionKind.FEEDBACK: _l("Feedback")},
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
        ModerationAction: {
            ModerationAction.HIDE: _l("Hidden"),
            ModerationAction.RESTORE: _l("Restored"),
            ModerationAction.MERGE: _l("Merged"),
        },
    }
)
