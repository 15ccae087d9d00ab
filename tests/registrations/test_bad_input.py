"""Bad input gets a 422 with the message next to the field it concerns, and nothing is written."""

import re

import pytest

from dialogue.events.models import Audience
from tests.factories import make_event, make_user
from tests.registrations.helpers import (
    attributes,
    field_error,
    form_data,
    manage_path,
    page_text,
    places_taken,
    register_http,
    registration_rows,
)
from tests.support import arrange, log_in_directly, use_english


def error_fields(response) -> set[str]:
    """The fields that show an error next to them."""
    return set(re.findall(r'id="([\w-]+)-error"', response.get_data(as_text=True)))


BAD_INPUT = [
    ("name-empty", {"contact_name": ""}, "contact_name"),
    ("name-blank", {"contact_name": "   "}, "contact_name"),
    ("name-missing", {"contact_name": None}, "contact_name"),
    ("name-121-chars", {"contact_name": "N" * 121}, "contact_name"),
    ("email-no-at", {"email": "anna.example.se"}, "email"),
    ("email-no-domain", {"email": "anna@"}, "email"),
    ("email-two-ats", {"email": "anna@@example.se"}, "email"),
    ("email-empty", {"email": ""}, "email"),
    ("email-too-long", {"email": "a" * 64 + "@" + "b" * 190 + ".se"}, "email"),
    ("adults-0", {"adults": "0"}, "adults"),
    ("adults-11", {"adults": "11"}, "adults"),
    ("adults-abc", {"adults": "abc"}, "adults"),
    ("adults-empty", {"adults": ""}, "adults"),
    ("adults-fraction", {"adults": "1.5"}, "adults"),
    ("children-negative", {"children": "-1"}, "children"),
    ("children-10", {"adults": "1", "children": "10"}, "children"),
    ("party-over-10", {"adults": "6", "children": "5"}, "children"),
    ("party-11-with-10-adults", {"adults": "10", "children": "1"}, "children"),
    ("child-age-18", {"children": "1", "child_1-age": "18"}, "child_1-age"),
    ("child-age-negative", {"children": "1", "child_1-age": "-1"}, "child_1-age"),
    ("child-age-words", {"children": "1", "child_1-age": "seven"}, "child_1-age"),
    ("child-name-61-chars", {"children": "1", "child_1-first_name": "C" * 61}, "child_1-first_name"),
    (
        "more-children-described",
        {"children": "1", "child_1-first_name": "Ali", "child_2-first_name": "Sara"},
        "children",
    ),
    ("described-child-but-none-coming", {"children": "0", "child_1-age": "5"}, "children"),
    ("note-501-chars", {"access_note": "n" * 501}, "access_note"),
    (
        "interpreter-without-language",
        {"access_needs": ["interpreter"], "interpreter_language": ""},
        "interpreter_language",
    ),
    ("unknown-access-need", {"access_needs": ["teleport"]}, "access_needs"),
    (
        "unknown-interpreter-language",
        {"access_needs": ["interpreter"], "interpreter_language": "xx"},
        "interpreter_language",
    ),
    ("unknown-preferred-language", {"preferred_language": "de"}, "preferred_language"),
]


@pytest.mark.parametrize(("overrides", "field"), [case[1:] for case in BAD_INPUT], ids=[case[0] for case in BAD_INPUT])
def test_bad_input_is_refused_next_to_its_field_and_nothing_is_written(app, overrides, field):
    with arrange(app):
        event_id = make_event(capacity=20).id

    response = register_http(app.test_client(), event_id, **overrides)

    assert response.status_code == 422
    assert error_fields(response) == {field}
    assert field_error(response, field)  # a message a person can read, not just a red frame
    # Screen readers announce the message with the field.
    described_by = (attributes(response.get_data(as_text=True), field) or {}).get("aria-describedby") or ""
    assert f"{field}-error" in described_by.split()
    assert registration_rows(app, event_id) == []
    assert places_taken(app, event_id) == 0


def test_children_with_guardian_event_needs_a_child(app):
    with arrange(app):
        event_id = make_event(capacity=20, audience=Audience.CHILDREN_WITH_GUARDIAN).id
    client = app.test_client()

    refused = register_http(client, event_id, adults="2", children="0")
    accepted = register_http(client, event_id, adults="1", children="1")

    assert refused.status_code == 422
    assert error_fields(refused) == {"children"}
    manage_path(accepted)
    assert [(row.adults, row.children) for row in registration_rows(app, event_id)] == [(1, 1)]


def test_messages_are_in_the_readers_language(app):
    with arrange(app):
        event_id = make_event(capacity=20).id
    client = app.test_client()
    use_english(client)

    response = register_http(client, event_id, contact_name="", adults="11", access_note="n" * 501)

    assert field_error(response, "contact_name") == "Write your name."
    assert field_error(response, "adults") == "Between 1 and 10 adults."
    assert field_error(response, "access_note") == "At most 500 characters."
    assert "Please correct the following" in page_text(response)


def test_what_was_typed_is_kept_after_an_error(app):
    with arrange(app):
        event_id = make_event(capacity=20).id

    response = register_http(
        app.test_client(), event_id, contact_name="Amira Hassan", email="amira@", access_note="Vi kommer tidigt."
    )

    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'value="Amira Hassan"' in html
    assert "Vi kommer tidigt." in html


@pytest.mark.parametrize(
    ("overrides", "with_account"),
    [
        ({"contact_name": "N" * 120}, False),
        ({"access_note": "n" * 500}, False),
        ({"adults": "4"}, False),
        ({"adults": "1", "children": "3", "child_1-age": "0", "child_2-age": "17"}, False),
        ({"adults": "10"}, True),
        ({"adults": "1", "children": "9", "child_1-age": "0", "child_2-age": "17"}, True),
        ({"email": "a.b-c+d@sub.example.se"}, False),
    ],
    ids=[
        "name-120-chars",
        "note-500-chars",
        "4-adults-as-a-guest",
        "guest-party-of-4-ages-0-and-17",
        "10-adults-with-an-account",
        "party-of-10-ages-0-and-17-with-an-account",
        "plus-address",
    ],
)
def test_values_at_the_limits_are_accepted(app, overrides, with_account):
    with arrange(app):
        event_id = make_event(capacity=20).id
        user_id = make_user().id if with_account else None
    client = app.test_client()
    if user_id is not None:
        log_in_directly(client, user_id)

    response = register_http(client, event_id, **overrides)

    manage_path(response)
    assert [row.status for row in registration_rows(app, event_id)] == ["confirmed"]


def test_form_data_defaults_are_a_valid_registration(app):
    """Guards the cases above: each one differs from an accepted form only by its overrides."""
    with arrange(app):
        event_id = make_event(capacity=20).id

    response = app.test_client().post(f"/events/{event_id}/register", data=form_data())

    manage_path(response)
