"""What the values of this domain's enums are called on a page, translated (see dialogue.labels)."""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from dialogue.labels import register
from dialogue.registrations.models import AccessNeed, RegistrationStatus

register(
    {
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
    }
)
