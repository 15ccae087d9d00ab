"""What the values of this domain's enums are called on a page, translated (see dialogue.labels)."""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from dialogue.events.models import Audience, EventKind, EventStatus
from dialogue.labels import register

register(
    {
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
    }
)
