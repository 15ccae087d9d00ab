"""What the values of this domain's enums are called on a page, translated (see dialogue.labels)."""

from flask_babel import lazy_gettext as _l

from dialogue.initiatives.models import InitiativeKind, InitiativeStatus
from dialogue.labels import register

register(
    {
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
    }
)
