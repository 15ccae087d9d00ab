"""Cancelling gives places away at once, so both ways of cancelling ask first; asking changes nothing."""

from dialogue.registrations.models import RegistrationStatus
from tests.factories import login, make_event, make_registration, make_user
from tests.registrations.helpers import manage_path, page_text, places_taken, register_http, registration_rows
from tests.support import arrange, use_english


def test_the_manage_link_asks_before_cancelling(app):
    with arrange(app):
        event_id = make_event(capacity=5).id
    client = app.test_client()
    use_english(client)
    path = manage_path(register_http(client, event_id, adults="2"))

    question = client.get(f"{path}/cancel")

    assert question.status_code == 200
    assert "You give up 2 places at" in page_text(question)
    assert places_taken(app, event_id) == 2
    assert client.post(f"{path}/cancel").status_code == 302
    assert places_taken(app, event_id) == 0


def test_my_registrations_asks_before_cancelling_and_only_the_owner_is_asked(app):
    with arrange(app):
        event = make_event(capacity=5)
        owner = make_user(email="owner@example.se")
        make_user(email="other@example.se")
        registration_id = make_registration(event, email="owner@example.se", user=owner).registration.id
        event_id = event.id
    owner_client, other_client = app.test_client(), app.test_client()
    login(owner_client, "owner@example.se")
    login(other_client, "other@example.se")

    assert other_client.get(f"/my/registrations/{registration_id}/cancel").status_code == 403
    assert owner_client.get(f"/my/registrations/{registration_id}/cancel").status_code == 200
    assert [row.status for row in registration_rows(app, event_id)] == [RegistrationStatus.CONFIRMED]


def test_a_cancelled_registration_is_not_asked_about_again(app):
    with arrange(app):
        event_id = make_event(capacity=5).id
    client = app.test_client()
    path = manage_path(register_http(client, event_id))
    client.post(f"{path}/cancel")

    response = client.get(f"{path}/cancel")

    assert response.status_code == 302
    assert response.headers["Location"].endswith(path)


def test_the_event_page_tells_a_waiting_account_holder_they_are_waiting(app):
    with arrange(app):
        event = make_event(capacity=1)
        make_registration(event, email="first@example.se")
        user = make_user(email="waiting@example.se")
        make_registration(event, email="waiting@example.se", user=user)
        event_id = event.id
    client = app.test_client()
    use_english(client)
    login(client, "waiting@example.se")

    text = page_text(client.get(f"/events/{event_id}"))

    assert "You are on the waiting list for this event." in text
    assert "You are registered for this event." not in text


def test_a_guest_registration_with_the_account_email_is_explained_not_claimed(app):
    with arrange(app):
        event = make_event(capacity=5)
        make_registration(event, email="guest@example.se")
        make_user(email="guest@example.se")
        event_id = event.id
    client = app.test_client()
    use_english(client)
    login(client, "guest@example.se")

    text = page_text(client.get(f"/events/{event_id}"))

    assert "already registered for this event, without an account" in text
    assert "guest@example.se" not in page_text(client.get("/my/registrations"))
