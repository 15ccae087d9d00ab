"""Staff forms for an event's people: a registration taken by phone, cancelling several at once, walk-ins, and the
closing report."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields import EmailField
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional

from dialogue import labels
from dialogue.accounts.models import EMAIL_MAX_LENGTH, NAME_MAX_LENGTH
from dialogue.attendance.models import MAX_ATTENDEES, MAX_WALK_IN_PARTY, MINUTES_MAX_LENGTH
from dialogue.attendance.services import WALK_IN_NAME_MAX_LENGTH, ReportInput
from dialogue.forms import DialogueForm, MultiCheckboxField, WholeNumberField, strip_whitespace
from dialogue.registrations.forms import adults_field, children_field, offer_party_choices
from dialogue.registrations.models import ACCESS_NOTE_MAX_LENGTH, AccessNeed
from dialogue.registrations.services import RegistrationRequest
from dialogue.safety import NoLinks


class PhoneRegistrationForm(DialogueForm):
    """What staff ask someone who phones. No children's details: those are the family's to add, if at all."""

    contact_name = StringField(
        _l("Name"),
        filters=[strip_whitespace],
        validators=[
            DataRequired(message=_l("Write the name of the person who phoned.")),
            Length(max=NAME_MAX_LENGTH, message=_l("The name can be at most 120 characters.")),
            NoLinks(),
        ],
    )
    # Every registration needs an address: the confirmation, the link to cancel and any change of time or
    # place go there, and it keeps one registration per person and event. A made-up address would send
    # those messages to nobody, so staff ask for a real one (a relative's will do).
    email = EmailField(
        _l("Email address"),
        filters=[strip_whitespace],
        validators=[
            DataRequired(message=_l("Write an email address: the confirmation and the link to cancel go there.")),
            Length(max=EMAIL_MAX_LENGTH, message=_l("The email address is too long.")),
            Email(message=_l("Write an email address like name@example.se."), check_deliverability=False),
        ],
    )
    adults = adults_field()
    children = children_field()
    access_needs = MultiCheckboxField(_l("Access needs"), choices=[], validate_choice=True)
    interpreter_language = SelectField(_l("Interpreter language"), choices=[], validate_choice=True)
    access_note = TextAreaField(
        _l("Note about access needs"),
        filters=[strip_whitespace],
        validators=[Optional(), Length(max=ACCESS_NOTE_MAX_LENGTH, message=_l("At most 500 characters.")), NoLinks()],
    )
    preferred_language = SelectField(_l("Language for messages to them"), choices=[], validate_choice=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offer_party_choices(self)

    def to_request(self) -> RegistrationRequest:
        return RegistrationRequest(
            contact_name=self.contact_name.data,
            email=self.email.data,
            adults=self.adults.data,
            children=self.children.data,
            access_needs={AccessNeed(value) for value in self.access_needs.data or []},
            interpreter_language=self.interpreter_language.data or None,
            access_note=self.access_note.data or "",
            preferred_language=self.preferred_language.data,
        )


class CancelRegistrationsForm(DialogueForm):
    """The registrations to cancel without an email; the choices are those the staff member picked in the list."""

    registrations = MultiCheckboxField(_l("Registrations to cancel"), coerce=int, choices=[], validate_choice=True)

    def __init__(self, *args, registrations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.registrations.choices = [(registration.id, registration.contact_name) for registration in registrations]


class WalkInForm(DialogueForm):
    name = StringField(
        _l("Name (optional)"),
        filters=[strip_whitespace],
        validators=[
            Optional(),
            Length(max=WALK_IN_NAME_MAX_LENGTH, message=_l("The name can be at most 120 characters.")),
        ],
    )
    party_size = WholeNumberField(
        _l("People in the group"),
        default=1,
        validators=[
            InputRequired(message=_l("Write how many people came, 1 or more.")),
            NumberRange(
                min=1, max=MAX_WALK_IN_PARTY, message=_l("Between 1 and %(max)s people.", max=MAX_WALK_IN_PARTY)
            ),
        ],
    )


class ClosingReportForm(DialogueForm):
    attendees = WholeNumberField(
        _l("People who came"),
        validators=[
            InputRequired(message=_l("Write how many people came (0 if nobody).")),
            NumberRange(min=0, max=MAX_ATTENDEES, message=_l("Between 0 and %(max)s people.", max=MAX_ATTENDEES)),
        ],
    )
    organisations = MultiCheckboxField(_l("Organisations that took part"), coerce=int, choices=[], validate_choice=True)
    minutes = TextAreaField(
        _l("Minutes"), validators=[Optional(), Length(max=MINUTES_MAX_LENGTH, message=_l("At most 20000 characters."))]
    )

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations.choices = [
            (organisation.id, f"{organisation.name} ({labels.label(organisation.kind)})")
            for organisation in organisations
        ]

    def to_input(self) -> ReportInput:
        return ReportInput(
            attendees=self.attendees.data,
            organisation_ids=set(self.organisations.data or []),
            minutes=self.minutes.data or "",
        )
