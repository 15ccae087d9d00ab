"""Cancelling frees the places and promotes the waiting list, in sign-up order, in the same transaction."""

from datetime import timedelta

from dialogue.database import utcnow
from dialogue.registrations.services import RegistrationRequest, register
from tests.factories import login, make_event, make_registration, make_user
from tests.registrations.helpers import page_text, places_taken, statuses
from tests.support import arrange, use_english


def test_cancelling_through_the_manage_link_needs_no_login_and_frees_the_places(app):
    with arrange(app):
        event = make_event(capacity=10)
        token = make_registration(event, email="guest@example.se", adults=2, children=1).manage_token
        event_id = event.id
    client = app.test_client()  # never logged in
    use_english(client)

    response = client.post(f"/registrations/{token}/cancel")

    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/registrations/{token}")
    assert statuses(app, event_id) == {"guest@example.se": "cancelled"}
    assert places_taken(app, event_id) == 0
    page = client.get(response.headers["Location"])
    assert "This registration is cancelled." in page_text(page)
    assert f"/registrations/{token}/cancel" not in page.get_data(as_text=True)  # nothing left to cancel
    assert "10 places left" in page_text(client.get(f"/events/{event_id}"))


def test_cancelling_from_my_registrations(app):
    with arrange(app):
        user = make_user(email="lina@example.se")
        event = make_event(capacity=5)
        registration_id = make_registration(event, email="lina@example.se", adults=2, user=user).registration.id
        event_id = event.id
    client = app.test_client()
    login(client, "lina@example.se")

    response = client.post(f"/my/registrations/{registration_id}/cancel")

    assert response.status_code == 302
    assert response.headers["Location"].endswith("/my/registrations")
    assert statuses(app, event_id) == {"lina@example.se": "cancelled"}
    assert places_taken(app, event_id) == 0
    mine = client.get("/my/registrations").get_data(as_text=True)
    assert f"/my/registrations/{registration_id}/cancel" not in mine


def test_cancellation_promotes_the_waiting_list_in_sign_up_order(any_app):
    with arrange(any_app):
        event = make_event(capacity=1)
        token = make_registration(event, email="a@example.se").manage_token
        make_registration(event, email="b@example.se")
        make_registration(event, email="c@example.se")
        event_id = event.id

    any_app.test_client().post(f"/registrations/{token}/cancel")

    assert statuses(any_app, event_id) == {
        "a@example.se": "cancelled",
        "b@example.se": "confirmed",
        "c@example.se": "waitlisted",
    }
    assert places_taken(any_app, event_id) == 1


def test_a_party_too_big_keeps_its_turn_while_the_next_that_fits_is_promoted(any_app):
    with arrange(any_app):
        event = make_event(capacity=3)
        family_of_two = make_registration(event, email="two@example.se", adults=1, children=1).manage_token
        single = make_registration(event, email="single@example.se").manage_token
        make_registration(event, email="big@example.se", adults=2)  # waitlisted, first
        make_registration(event, email="small@example.se")  # waitlisted, second
        make_registration(event, email="last@example.se")  # waitlisted, third
        event_id = event.id
    client = any_app.test_client()
    use_english(client)

    client.post(f"/registrations/{single}/cancel")  # one place free: too few for "big"

    assert statuses(any_app, event_id) == {
        "two@example.se": "confirmed",
        "single@example.se": "cancelled",
        "big@example.se": "waitlisted",
        "small@example.se": "confirmed",
        "last@example.se": "waitlisted",
    }
    assert places_taken(any_app, event_id) == 3

    client.post(f"/registrations/{family_of_two}/cancel")  # two places free: "big" still comes first

    assert statuses(any_app, event_id)["big@example.se"] == "confirmed"
    assert statuses(any_app, event_id)["last@example.se"] == "waitlisted"
    assert places_taken(any_app, event_id) == 3


def test_waiting_positions_move_up_after_a_promotion(app):
    with arrange(app):
        event = make_event(capacity=1)
        first = make_registration(event, email="a@example.se").manage_token
        make_registration(event, email="b@example.se")
        third = make_registration(event, email="c@example.se").manage_token
        event_id = event.id
    client = app.test_client()
    use_english(client)
    assert "in place 2" in page_text(client.get(f"/registrations/{third}"))

    client.post(f"/registrations/{first}/cancel")

    assert "in place 1" in page_text(client.get(f"/registrations/{third}"))
    assert "1 registration on the waiting list" in page_text(client.get(f"/events/{event_id}"))


def test_cancelling_a_waitlisted_registration_frees_no_places(app):
    with arrange(app):
        event = make_event(capacity=2)
        make_registration(event, email="a@example.se", adults=2)
        waiting = make_registration(event, email="b@example.se").manage_token
        make_registration(event, email="c@example.se")
        event_id = event.id

    app.test_client().post(f"/registrations/{waiting}/cancel")

    assert statuses(app, event_id) == {
        "a@example.se": "confirmed",
        "b@example.se": "cancelled",
        "c@example.se": "waitlisted",
    }
    assert places_taken(app, event_id) == 2


def test_cancelling_twice_is_harmless_and_says_so(app):
    with arrange(app):
        event = make_event(capacity=2)
        token = make_registration(event, email="a@example.se").manage_token
        make_registration(event, email="b@example.se")
        make_registration(event, email="c@example.se", adults=2)  # waitlisted
        make_registration(event, email="d@example.se")  # waitlisted
        event_id = event.id
    client = app.test_client()
    use_english(client)
    client.post(f"/registrations/{token}/cancel")
    after_first = statuses(app, event_id)

    response = client.post(f"/registrations/{token}/cancel", follow_redirects=True)

    assert response.status_code == 200
    assert "already cancelled" in page_text(response)
    assert statuses(app, event_id) == after_first  # nothing freed twice, nobody promoted twice
    assert after_first["d@example.se"] == "confirmed"
    assert places_taken(app, event_id) == 2


def test_someone_elses_registration_cannot_be_cancelled_from_my_registrations(app):
    with arrange(app):
        owner = make_user(email="owner@example.se")
        make_user(email="intruder@example.se")
        event = make_event(capacity=5)
        registration_id = make_registration(event, email="owner@example.se", user=owner).registration.id
        event_id = event.id
    client = app.test_client()
    login(client, "intruder@example.se")

    response = client.post(f"/my/registrations/{registration_id}/cancel")

    assert response.status_code == 403
    assert statuses(app, event_id) == {"owner@example.se": "confirmed"}
    assert places_taken(app, event_id) == 1


def test_a_guest_registration_with_my_email_is_not_mine_to_cancel_by_id(app):
    with arrange(app):
        make_user(email="same@example.se")
        event = make_event(capacity=5)
        registration_id = make_registration(event, email="same@example.se").registration.id  # no account
        event_id = event.id
    client = app.test_client()
    login(client, "same@example.se")

    assert client.post(f"/my/registrations/{registration_id}/cancel").status_code == 403
    assert statuses(app, event_id) == {"same@example.se": "confirmed"}


def test_cancelling_an_unknown_registration_id_is_a_404(app):
    with arrange(app):
        make_user(email="lina@example.se")
    client = app.test_client()
    login(client, "lina@example.se")

    assert client.post("/my/registrations/999999/cancel").status_code == 404


def test_cancelling_from_my_registrations_needs_a_login(app):
    with arrange(app):
        event = make_event(capacity=5)
        registration_id = make_registration(event, email="a@example.se").registration.id
        event_id = event.id

    response = app.test_client().post(f"/my/registrations/{registration_id}/cancel")

    assert response.status_code == 302
    assert "/account/login" in response.headers["Location"]
    assert statuses(app, event_id) == {"a@example.se": "confirmed"}


def test_tampered_or_unknown_manage_tokens_give_the_404_page(app):
    with arrange(app):
        event = make_event(capacity=5)
        token = make_registration(event, email="a@example.se").manage_token
        event_id = event.id
    client = app.test_client()
    use_english(client)
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")

    for bad in (tampered, "unknown-token", token.upper(), "x" * 500):
        page = client.get(f"/registrations/{bad}")
        assert page.status_code == 404, bad
        assert "Page not found" in page_text(page)
        assert client.post(f"/registrations/{bad}/cancel").status_code == 404, bad

    assert statuses(app, event_id) == {"a@example.se": "confirmed"}
    assert client.get(f"/registrations/{token}").status_code == 200


def test_a_registration_cannot_be_cancelled_after_the_event(app):
    starts_at = utcnow() - timedelta(days=2)
    with arrange(app):
        event = make_event(starts_at=starts_at, ends_at=starts_at + timedelta(hours=2), capacity=5)
        request = RegistrationRequest(contact_name="Early Bird", email="early@example.se")
        token = register(event.id, request, now=starts_at - timedelta(days=5)).manage_token
        event_id = event.id
    client = app.test_client()
    use_english(client)

    response = client.post(f"/registrations/{token}/cancel", follow_redirects=True)

    assert response.status_code == 200
    assert "already taken place" in page_text(response)
    assert statuses(app, event_id) == {"early@example.se": "confirmed"}
    assert places_taken(app, event_id) == 1
