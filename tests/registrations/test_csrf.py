"""With CSRF protection on, as in production: forms without the page's token are refused and write nothing."""

from tests.factories import make_event, make_registration
from tests.registrations.helpers import form_data, manage_path, places_taken, registration_rows, statuses
from tests.support import arrange, csrf_token_from


def test_registration_without_the_token_is_refused_and_nothing_is_written(csrf_app):
    with arrange(csrf_app):
        event_id = make_event(capacity=5).id
    client = csrf_app.test_client()
    client.get(f"/events/{event_id}/register")  # a session exists, but the form is forged elsewhere

    without_token = client.post(f"/events/{event_id}/register", data=form_data())
    wrong_token = client.post(f"/events/{event_id}/register", data=form_data(csrf_token="forged"))

    assert without_token.status_code == 400
    assert wrong_token.status_code == 400
    assert registration_rows(csrf_app, event_id) == []
    assert places_taken(csrf_app, event_id) == 0


def test_registration_with_the_token_from_the_form_works(csrf_app):
    with arrange(csrf_app):
        event_id = make_event(capacity=5).id
    client = csrf_app.test_client()
    token = csrf_token_from(client.get(f"/events/{event_id}/register"))

    response = client.post(f"/events/{event_id}/register", data=form_data(csrf_token=token, adults="2"))

    manage_path(response)
    assert [row.status for row in registration_rows(csrf_app, event_id)] == ["confirmed"]
    assert places_taken(csrf_app, event_id) == 2


def test_a_token_from_another_session_is_refused(csrf_app):
    with arrange(csrf_app):
        event_id = make_event(capacity=5).id
    attacker = csrf_app.test_client()
    token = csrf_token_from(attacker.get(f"/events/{event_id}/register"))
    victim = csrf_app.test_client()
    victim.get("/")

    response = victim.post(f"/events/{event_id}/register", data=form_data(csrf_token=token))

    assert response.status_code == 400
    assert registration_rows(csrf_app, event_id) == []


def test_cancelling_needs_the_token_from_the_manage_page(csrf_app):
    with arrange(csrf_app):
        event = make_event(capacity=5)
        manage_token = make_registration(event, email="a@example.se").manage_token
        event_id = event.id
    client = csrf_app.test_client()
    page = client.get(f"/registrations/{manage_token}")

    refused = client.post(f"/registrations/{manage_token}/cancel")

    assert refused.status_code == 400
    assert statuses(csrf_app, event_id) == {"a@example.se": "confirmed"}

    accepted = client.post(f"/registrations/{manage_token}/cancel", data={"csrf_token": csrf_token_from(page)})

    assert accepted.status_code == 302
    assert statuses(csrf_app, event_id) == {"a@example.se": "cancelled"}
