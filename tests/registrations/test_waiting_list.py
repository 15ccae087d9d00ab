"""A party that does not fit: the waiting list when it is on, a clear refusal when it is off."""

from dialogue.events.models import Event
from dialogue.extensions import db
from tests.factories import make_event, make_registration
from tests.registrations.helpers import (
    element_text,
    manage_path,
    page_text,
    places_taken,
    register_http,
    registration_rows,
    statuses,
)
from tests.support import arrange, use_english


def test_party_that_does_not_fit_is_waitlisted_and_sees_its_position(any_app):
    with arrange(any_app):
        event = make_event(capacity=4)
        make_registration(event, email="first@example.se", adults=3)
        event_id = event.id
    client = any_app.test_client()
    use_english(client)

    first_in_queue = register_http(client, event_id, email="family@example.se", adults="2", children="1")
    second_in_queue = register_http(client, event_id, email="pair@example.se", adults="2")

    assert statuses(any_app, event_id) == {
        "first@example.se": "confirmed",
        "family@example.se": "waitlisted",
        "pair@example.se": "waitlisted",
    }
    assert places_taken(any_app, event_id) == 3  # waiting parties take no places
    assert "in place 1" in page_text(client.get(first_in_queue.headers["Location"]))
    assert "in place 2" in page_text(client.get(second_in_queue.headers["Location"]))


def test_smaller_party_that_fits_is_confirmed_while_a_larger_one_waits(app):
    with arrange(app):
        event = make_event(capacity=4)
        make_registration(event, email="first@example.se", adults=3)
        make_registration(event, email="family@example.se", adults=2, children=2)  # waitlisted
        event_id = event.id

    response = register_http(app.test_client(), event_id, email="single@example.se", adults="1")

    manage_path(response)
    assert statuses(app, event_id)["single@example.se"] == "confirmed"
    assert places_taken(app, event_id) == 4


def test_full_event_without_waiting_list_refuses_and_stores_nothing(app):
    with arrange(app):
        event = make_event(capacity=2, waitlist_enabled=False)
        make_registration(event, email="first@example.se", adults=2)
        event_id = event.id
    client = app.test_client()
    use_english(client)

    form_page = client.get(f"/events/{event_id}/register").get_data(as_text=True)
    response = register_http(client, event_id, email="late@example.se", adults="1")

    assert 'name="contact_name"' not in form_page  # no form to fill in for nothing
    assert "The event is full, and it has no waiting list." in form_page
    assert "The event is full, and it has no waiting list." in response.get_data(as_text=True)
    assert [row.email for row in registration_rows(app, event_id)] == ["first@example.se"]
    assert places_taken(app, event_id) == 2


def test_party_larger_than_the_places_left_without_waiting_list_is_told_how_many_are_left(app):
    with arrange(app):
        event = make_event(capacity=5, waitlist_enabled=False)
        make_registration(event, email="first@example.se", adults=2)
        event_id = event.id
    client = app.test_client()
    use_english(client)

    response = register_http(client, event_id, email="big@example.se", adults="2", children="2")

    assert response.status_code == 422
    summary = element_text(response.get_data(as_text=True), "error-summary")
    assert "3 places" in summary
    assert "no waiting list" in summary
    assert len(registration_rows(app, event_id)) == 1
    assert places_taken(app, event_id) == 2


def test_event_page_shows_places_left_and_waiting_list_length(app):
    with arrange(app):
        event = make_event(capacity=3)
        make_registration(event, adults=2)
        event_id = event.id
    client = app.test_client()
    use_english(client)
    text = page_text(client.get(f"/events/{event_id}"))
    assert "1 place left" in text
    assert "on the waiting list" not in text

    with arrange(app):
        event = db.session.get(Event, event_id)
        make_registration(event, adults=1)  # takes the last place
        make_registration(event, adults=1)  # waitlisted
        make_registration(event, adults=2)  # waitlisted

    text = page_text(client.get(f"/events/{event_id}"))
    assert "Full – waiting list open" in text
    assert "2 registrations on the waiting list" in text


def test_full_event_without_waiting_list_offers_no_registration(app):
    with arrange(app):
        event = make_event(capacity=1, waitlist_enabled=False)
        make_registration(event, adults=1)
        event_id = event.id
    client = app.test_client()
    use_english(client)

    page = client.get(f"/events/{event_id}")

    assert "The event is full, and it has no waiting list." in page_text(page)
    assert f'href="/events/{event_id}/register"' not in page.get_data(as_text=True)
