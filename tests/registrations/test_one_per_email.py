"""One active registration per email address and event, whatever the letter case."""

from tests.factories import make_event, make_registration
from tests.registrations.helpers import field_error, manage_path, places_taken, register_http, registration_rows
from tests.support import arrange, use_english


def test_second_registration_with_the_same_email_in_other_case_is_refused(any_app):
    with arrange(any_app):
        event_id = make_event(capacity=10).id
    client = any_app.test_client()
    use_english(client)
    manage_path(register_http(client, event_id, email="Anna.Berg@Example.se", adults="2"))

    response = register_http(client, event_id, email="anna.berg@EXAMPLE.SE", adults="1")

    assert response.status_code == 422
    message = field_error(response, "email")
    assert "already registered" in message
    assert "My registrations" in message  # and how to manage the registration
    assert [row.email for row in registration_rows(any_app, event_id)] == ["anna.berg@example.se"]
    assert places_taken(any_app, event_id) == 2


def test_a_waitlisted_registration_also_blocks_a_second_one(app):
    with arrange(app):
        event = make_event(capacity=1)
        make_registration(event, adults=1)
        make_registration(event, email="waiting@example.se")
        event_id = event.id

    response = register_http(app.test_client(), event_id, email="Waiting@example.se")

    assert response.status_code == 422
    assert field_error(response, "email")
    assert len(registration_rows(app, event_id)) == 2


def test_the_same_email_may_register_for_another_event(app):
    with arrange(app):
        first_event = make_event(capacity=5)
        make_registration(first_event, email="anna@example.se")
        second_event_id = make_event(capacity=5).id

    response = register_http(app.test_client(), second_event_id, email="anna@example.se")

    manage_path(response)
    assert [row.status for row in registration_rows(app, second_event_id)] == ["confirmed"]


def test_after_cancelling_the_same_email_can_register_again(any_app):
    with arrange(any_app):
        event = make_event(capacity=5)
        token = make_registration(event, email="anna@example.se", adults=3).manage_token
        event_id = event.id
    client = any_app.test_client()
    client.post(f"/registrations/{token}/cancel")

    response = register_http(client, event_id, email="ANNA@example.se", adults="1")

    manage_path(response)
    rows = registration_rows(any_app, event_id)
    assert [(row.email, row.status, row.adults) for row in rows] == [
        ("anna@example.se", "cancelled", 3),
        ("anna@example.se", "confirmed", 1),
    ]
    assert places_taken(any_app, event_id) == 1
