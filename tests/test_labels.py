from dialogue import labels
from dialogue.events.models import EventStatus
from dialogue.registrations.models import RegistrationStatus


def test_every_enum_value_has_its_own_label(app):
    with app.test_request_context():
        for enum_class, names in labels.LABELS.items():
            assert set(names) == set(enum_class), enum_class
            assert all(labels.label(member) for member in enum_class)


def test_values_shared_by_two_enums_keep_their_own_words(app):
    with app.test_request_context():  # Swedish, the default
        assert labels.label(EventStatus.CANCELLED) == "Inställd"
        assert labels.label(RegistrationStatus.CANCELLED) == "Avbokad"
