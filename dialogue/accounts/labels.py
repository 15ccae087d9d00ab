"""What the values of this domain's enums are called on a page, translated (see dialogue.labels)."""

from flask_babel import lazy_gettext as _l

from dialogue.labels import register
from dialogue.permissions import Role

register(
    {
        Role: {
            Role.RESIDENT: _l("Resident"),
            Role.PROCESS_LEADER: _l("Process leader"),
            Role.DEVELOPER: _l("Property owner or builder"),
            Role.ADMIN: _l("Administrator"),
        }
    }
)
