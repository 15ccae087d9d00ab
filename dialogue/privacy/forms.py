"""The forms of "download my data", "delete me" and the requests by email or letter. Erasing cannot be undone,
so each asks once more: the password for an account, a ticked box for a registration or an address."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, PasswordField
from wtforms.validators import DataRequired

from dialogue.forms import DialogueForm, email_field


class DeleteAccountForm(DialogueForm):
    password = PasswordField(
        _l("Your password"),
        validators=[DataRequired(message=_l("Write your password."))],
        render_kw={"autocomplete": "current-password"},
    )


class EraseRegistrationForm(DialogueForm):
    confirm = BooleanField(
        _l("I understand that the registration is erased for good and cannot be brought back"),
        validators=[DataRequired(message=_l("Tick the box to confirm that the registration is to be erased."))],
    )


class DataRequestForm(DialogueForm):
    email = email_field(_l("The email address the request is about"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Someone else's address: a browser should not offer the administrator's own.
        self.email.render_kw = {"autocomplete": "off"}


class EraseRequestForm(DialogueForm):
    confirm = BooleanField(
        _l("I have checked that the request comes from the person this address belongs to"),
        validators=[DataRequired(message=_l("Tick the box to confirm that the request has been checked."))],
    )
