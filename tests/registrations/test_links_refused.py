"""No email carries a link that someone typed as a name: a web address ("://", "www.", a bare domain with a path)
is refused in the registration's contact name, the children's names and the access note, in the form taken by
phone and in the name at sign-up, by the form and by the service behind it. Ordinary names still go through, and
the confirmation still greets the person by name."""

import pytest

from dialogue.accounts.services import AccountError, checked_details
from dialogue.permissions import Role
from dialogue.registrations.services import ChildDetail, RegistrationError, RegistrationRequest, register
from dialogue.safety import contains_link
from tests.factories import PASSWORD, make_event, make_user
from tests.notifications.mail_helpers import queued
from tests.registrations.helpers import field_error, manage_path, register_http, registration_rows
from tests.support import arrange, log_in_directly, use_english

REFUSED = "Links and web addresses cannot be written here."


@pytest.mark.parametrize(
    "text",
    [
        "Hej Visit http://evil.example now",
        "HTTPS://EVIL.EXAMPLE",
        "ftp://files.example",
        "see www.evil.example",
        "WWW.EVIL.EXAMPLE",
        "evil.example/win",
        "Amira bit.ly/3xYz",
        "prize at sub.evil.example/claim?now=1",
        "bücher.example/x",
        "ｗｗｗ．evil．example",  # fullwidth forms look the same in a mail program
        "evil.example：／／",
    ],
)
def test_web_addresses_are_links(text):
    assert contains_link(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        None,
        "Amira Hassan",
        "Anna-Karin Öberg",
        "J. R. R. Tolkien",
        "Anna.Svensson",  # a bare domain without a path is let through: names look like one
        "Eva/Olle Lind",
        "We come at 18:00 / the stroller is 1.5 m wide",
        "Wheelchair, and a ramp if possible.Thanks",
        "Dr. Ahmed al-Sayed",
        "Åsa & Per, 2 p.m./3 p.m.",
    ],
)
def test_names_and_notes_without_addresses_are_not_links(text):
    assert not contains_link(text)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"contact_name": "Hej Visit http://evil.example now"}, "contact_name"),
        ({"contact_name": "www.evil.example"}, "contact_name"),
        ({"children": "1", "child_1-first_name": "evil.example/win"}, "child_1-first_name"),
        ({"access_note": "Details at https://evil.example/claim"}, "access_note"),
    ],
    ids=["name-with-scheme", "name-with-www", "child-with-path", "note-with-scheme"],
)
def test_a_registration_with_a_link_is_refused_next_to_the_field_and_queues_nothing(app, overrides, field):
    with arrange(app):
        event_id = make_event(capacity=20).id
    client = app.test_client()
    use_english(client)

    response = register_http(client, event_id, **overrides)

    assert response.status_code == 422
    assert field_error(response, field) == REFUSED
    assert registration_rows(app, event_id) == []
    assert queued(app) == []


@pytest.mark.parametrize(
    ("request_fields", "field"),
    [
        ({"contact_name": "Hej Visit http://evil.example now"}, "contact_name"),
        ({"children": 1, "child_details": ["www.evil.example"]}, "children"),
        ({"access_note": "evil.example/win"}, "access_note"),
    ],
)
def test_the_service_refuses_a_link_too(app, request_fields, field):
    """Whatever sends the registration (a form, the phone form, a command), the service has the last word."""
    details = [ChildDetail(first_name=name) for name in request_fields.pop("child_details", [])]
    with arrange(app):
        event_id = make_event(capacity=20).id
    with app.app_context():
        request = RegistrationRequest(
            **{"contact_name": "Amira", "email": "amira@example.se", **request_fields}, child_details=details
        )
        with pytest.raises(RegistrationError) as refused:
            register(event_id, request, client_address="192.0.2.1")
    assert refused.value.field == field
    assert registration_rows(app, event_id) == []


def test_staff_taking_a_call_cannot_write_a_link_either(app):
    with arrange(app):
        event_id = make_event(capacity=20).id
        leader_id = make_user(Role.PROCESS_LEADER).id
    staff = app.test_client()
    log_in_directly(staff, leader_id)
    use_english(staff)

    response = staff.post(
        f"/staff/events/{event_id}/registrations/new",
        data={
            "contact_name": "Caller www.evil.example",
            "email": "caller@example.se",
            "adults": "1",
            "children": "0",
            "interpreter_language": "",
            "access_note": "",
            "preferred_language": "sv",
        },
    )

    assert response.status_code == 422
    assert field_error(response, "contact_name") == REFUSED
    assert registration_rows(app, event_id) == []


def test_a_sign_up_with_a_link_in_the_name_is_refused_and_sends_nothing(app):
    client = app.test_client()
    use_english(client)

    response = client.post(
        "/account/signup",
        data={
            "name": "Hej Visit http://evil.example now",
            "email": "victim@example.se",
            "password": PASSWORD,
            "password_again": PASSWORD,
            "preferred_language": "sv",
            "old_enough": "y",
        },
    )

    assert response.status_code == 422
    assert field_error(response, "name") == REFUSED
    assert queued(app) == []


def test_the_account_service_refuses_a_name_with_a_link(app):
    with app.app_context():
        with pytest.raises(AccountError) as refused:
            checked_details("victim@example.se", "Prize at evil.example/claim", PASSWORD)
        assert refused.value.field == "name"
        assert checked_details("amira@example.se", " Amira Hassan ", PASSWORD) == "Amira Hassan"


def test_a_normal_registration_still_greets_the_person_by_name(app):
    with arrange(app):
        event_id = make_event(capacity=20).id
    client = app.test_client()

    manage_path(
        register_http(
            client, event_id, contact_name="Anna-Karin Öberg", preferred_language="en", access_note="A ramp, please."
        )
    )

    [message] = queued(app)
    assert message.kind == "registration_confirmed"
    assert message.to_name == "Anna-Karin Öberg"
    assert "Hello Anna-Karin Öberg," in message.text
    assert "Hello Anna-Karin Öberg," in message.html_text
    assert registration_rows(app, event_id)[0].status == "confirmed"
