from flask import current_app
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from dialogue.accounts.models import ACCOUNT_MIN_AGE, NAME_MAX_LENGTH, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH
from dialogue.forms import DialogueForm, email_field
from dialogue.safety import NoLinks


def new_password_field(label) -> PasswordField:
    return PasswordField(
        label,
        validators=[
            DataRequired(message=_l("Choose a password.")),
            Length(
                min=PASSWORD_MIN_LENGTH,
                max=PASSWORD_MAX_LENGTH,
                message=_l("The password must be between 8 and 200 characters."),
            ),
        ],
        render_kw={"autocomplete": "new-password"},
    )


def password_again_field(label, of: str) -> PasswordField:
    return PasswordField(
        label,
        validators=[
            DataRequired(message=_l("Write the password again.")),
            EqualTo(of, message=_l("The two passwords are not the same.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )


class SignupForm(DialogueForm):
    name = StringField(
        _l("Your name"),
        validators=[
            DataRequired(message=_l("Write your name.")),
            Length(min=1, max=NAME_MAX_LENGTH, message=_l("The name can be at most 120 characters.")),
            NoLinks(),
        ],
        render_kw={"autocomplete": "name"},
    )
    email = email_field()
    password = new_password_field(_l("Password"))
    password_again = password_again_field(_l("Repeat password"), "password")
    preferred_language = SelectField(_l("Language for messages to you"), choices=[], validate_choice=True)
    # Asked, never stored: nobody's age or date of birth is kept.
    old_enough = BooleanField(
        _l("I am %(age)s years old or older", age=ACCOUNT_MIN_AGE),
        validators=[
            DataRequired(
                message=_l(
                    "Only people aged %(age)s or older can have an account. Tick the box if you are.",
                    age=ACCOUNT_MIN_AGE,
                )
            )
        ],
    )
    next = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.preferred_language.choices = list(current_app.config["LANGUAGES"].items())


class ConfirmSignupForm(DialogueForm):
    """One button: a link checker that opens the emailed link in advance neither uses it up nor logs in."""

    next = HiddenField()


class LoginForm(DialogueForm):
    email = email_field()
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(message=_l("Write your password."))],
        render_kw={"autocomplete": "current-password"},
    )
    next = HiddenField()


class ChangePasswordForm(DialogueForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(message=_l("Write your current password."))],
        render_kw={"autocomplete": "current-password"},
    )
    new_password = new_password_field(_l("New password"))
    new_password_again = password_again_field(_l("Repeat new password"), "new_password")


class ForgotPasswordForm(DialogueForm):
    email = email_field()


class ResetPasswordForm(DialogueForm):
    new_password = new_password_field(_l("New password"))
    new_password_again = password_again_field(_l("Repeat new password"), "new_password")


class LanguageForm(DialogueForm):
    """The account's language, among the interface languages: its pages and every email to it are in it."""

    preferred_language = SelectField(
        _l("Language of the pages and of messages to you"), choices=[], validate_choice=True
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.preferred_language.choices = list(current_app.config["LANGUAGES"].items())
