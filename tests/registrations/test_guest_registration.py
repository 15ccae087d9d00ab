"""Signing up, as a guest or logged in: what is stored and what the person sees afterwards."""

from dialogue.extensions import db
from dialogue.registrations.models import AccessNeed, Registration
from tests.factories import login, make_event, make_user
from tests.registrations.helpers import (
    element_text,
    manage_path,
    page_text,
    places_taken,
    register_http,
    registration_rows,
)
from tests.support import arrange, use_english


def _stored(app, registration_id: int):
    """The registration with its children and access needs, as plain values."""
    with app.app_context():
        registration = db.session.get(Registration, registration_id)
        return {
            "children": [(child.position, child.first_name, child.age) for child in registration.child_details],
            "access_needs": {item.need for item in registration.access_needs},
            "interpreter_language": registration.interpreter_language,
            "access_note": registration.access_note,
            "contact_name": registration.contact_name,
            "preferred_language": registration.preferred_language,
        }


def test_guest_registration_is_confirmed_and_the_whole_party_takes_places(any_app):
    with arrange(any_app):
        event_id = make_event(capacity=10).id
    client = any_app.test_client()
    use_english(client)

    response = register_http(client, event_id, email="Amira@Example.se", adults="2", children="2")

    path = manage_path(response)
    [row] = registration_rows(any_app, event_id)
    assert (row.status, row.adults, row.children, row.user_id) == ("confirmed", 2, 2, None)
    assert row.email == "amira@example.se"
    assert places_taken(any_app, event_id) == 4

    confirmation = client.get(response.headers["Location"])
    assert confirmation.status_code == 200
    assert f"http://localhost{path}" in confirmation.get_data(as_text=True)  # the manage link, to keep
    event_page = client.get(f"/events/{event_id}")
    assert "6 places left" in page_text(event_page)


def test_manage_link_works_in_another_browser_without_logging_in(app):
    with arrange(app):
        event_id = make_event(capacity=10, title="Park walk in Seved").id
    path = manage_path(register_http(app.test_client(), event_id, contact_name="Jonas Lind", adults="1"))

    other_browser = app.test_client()
    page = other_browser.get(path)

    assert page.status_code == 200
    text = page_text(page)
    assert "Park walk in Seved" in text
    assert "Jonas Lind" in text


def test_event_page_shows_places_left_after_registrations(app):
    with arrange(app):
        event_id = make_event(capacity=12).id
    client = app.test_client()
    use_english(client)
    assert "12 places left" in page_text(client.get(f"/events/{event_id}"))

    register_http(client, event_id, email="a@example.se", adults="2", children="2")

    assert "8 places left" in page_text(client.get(f"/events/{event_id}"))


def test_children_first_names_and_ages_are_stored_and_shown(app):
    with arrange(app):
        event_id = make_event(capacity=10).id
    client = app.test_client()

    response = register_http(
        client,
        event_id,
        adults="1",
        children="3",
        **{"child_1-first_name": " Ali ", "child_1-age": "7", "child_2-age": "4", "child_4-first_name": "Sara"},
    )

    [row] = registration_rows(app, event_id)
    # Rows left empty are skipped; the described children are numbered in the order given.
    assert _stored(app, row.id)["children"] == [(1, "Ali", 7), (2, "", 4), (3, "Sara", None)]
    text = page_text(client.get(response.headers["Location"]))
    assert "(Ali, 7 år; 4 år; Sara)" in text
    assert "Sara" in text


def test_access_needs_and_interpreter_language_are_stored(app):
    with arrange(app):
        event_id = make_event(capacity=10).id
    client = app.test_client()
    use_english(client)

    response = register_http(
        client,
        event_id,
        access_needs=["wheelchair", "interpreter", "hearing_loop"],
        interpreter_language="ar",
        access_note="We come with a walking frame.",
        preferred_language="en",
    )

    [row] = registration_rows(app, event_id)
    stored = _stored(app, row.id)
    assert stored["access_needs"] == {AccessNeed.WHEELCHAIR, AccessNeed.INTERPRETER, AccessNeed.HEARING_LOOP}
    assert stored["interpreter_language"] == "ar"
    assert stored["access_note"] == "We come with a walking frame."
    assert stored["preferred_language"] == "en"
    text = page_text(client.get(response.headers["Location"]))
    assert "Interpreter (Arabic)" in text
    assert "We come with a walking frame." in text


def test_an_interpreter_language_without_ticking_interpreter_is_questioned_not_dropped(app):
    with arrange(app):
        event_id = make_event(capacity=10).id
    client = app.test_client()
    use_english(client)

    response = register_http(client, event_id, access_needs=["sign_language"], interpreter_language="fi")

    assert response.status_code == 422
    assert "Tick Interpreter as well" in element_text(response.get_data(as_text=True), "interpreter_language-error")
    assert registration_rows(app, event_id) == []


def test_logged_in_registration_belongs_to_the_account_and_is_listed(app):
    with arrange(app):
        user_id = make_user(email="lina@example.se", name="Lina Ek").id
        make_user(email="other@example.se")
        event_id = make_event(capacity=10, title="Lunch seminar on Sege Park").id
    client = app.test_client()
    login(client, "lina@example.se")

    form_page = client.get(f"/events/{event_id}/register").get_data(as_text=True)
    assert 'value="lina@example.se"' in form_page  # the form is filled in from the account
    assert 'value="Lina Ek"' in form_page
    response = register_http(client, event_id, contact_name="Lina Ek", email="lina@example.se", adults="2")

    manage_path(response)
    [row] = registration_rows(app, event_id)
    assert row.user_id == user_id
    mine = client.get("/my/registrations")
    assert mine.status_code == 200
    assert "Lunch seminar on Sege Park" in page_text(mine)

    someone_else = app.test_client()
    login(someone_else, "other@example.se")
    assert "Lunch seminar on Sege Park" not in page_text(someone_else.get("/my/registrations"))


def test_my_registrations_needs_a_login(client):
    response = client.get("/my/registrations")

    assert response.status_code == 302
    assert "/account/login" in response.headers["Location"]


def test_registration_form_offers_the_places_left(app):
    with arrange(app):
        event_id = make_event(capacity=6).id
    client = app.test_client()
    use_english(client)

    page = client.get(f"/events/{event_id}/register")

    assert page.status_code == 200
    assert "6 places left" in page_text(page)
    assert element_text(page.get_data(as_text=True), "contact_name") is not None  # the form is there
