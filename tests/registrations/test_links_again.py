"""The form "Send me my registration links again" on the event page: the same answer whether or not the address is
registered; when it is, every active registration of the address for the event gets a new manage link by email
and the old link stops working. The confirmation page says where the email went, and a second registration with
the same address points to the form. On SQLite and PostgreSQL."""

import re

from dialogue.extensions import db
from dialogue.registrations.cancellation import cancel
from dialogue.registrations.emails import LINKS_AGAIN
from dialogue.registrations.models import Registration
from tests.factories import make_event
from tests.notifications.mail_helpers import queued
from tests.registrations.helpers import element_text, manage_path, page_text, register_http
from tests.support import arrange, csrf_token_from, use_english

_FLASH = re.compile(r'<p class="flash flash-info">([^<]*)</p>')


def _ask_again(client, event_id: int, email: str):
    return client.post(f"/events/{event_id}/registration-links", data={"email": email})


def _answer(client, response) -> str:
    """The message flashed on the event page that the answer leads back to."""
    assert response.status_code == 302, response.status_code
    assert re.fullmatch(r"/events/\d+", response.headers["Location"])
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    [flashed] = _FLASH.findall(page)
    return flashed


def _registered(app, client, **overrides) -> tuple[int, str]:
    with arrange(app):
        event_id = make_event(capacity=10, title="Park walk").id
    return event_id, manage_path(register_http(client, event_id, **overrides))


def test_a_registered_address_gets_a_new_link_and_the_old_one_stops_working(any_app):
    client = any_app.test_client()
    use_english(client)
    event_id, old_path = _registered(any_app, client, email="amira@example.se", contact_name="Amira Hassan")
    assert client.get(old_path).status_code == 200

    response = _ask_again(client, event_id, " Amira@Example.se ")

    assert "we have sent it a new link" in _answer(client, response)
    [message] = queued(any_app, kind=LINKS_AGAIN)
    assert message.to_address == "amira@example.se" and "Park walk" in message.subject
    [new_link] = [link for link in message.links() if "/registrations/" in link]
    new_path = new_link.removeprefix("http://localhost")
    assert new_path != old_path and new_path in message.body_text
    assert client.get(old_path).status_code == 404
    new_page = client.get(new_path)
    assert new_page.status_code == 200 and "Amira Hassan" in page_text(new_page)


def test_the_answer_is_the_same_whether_or_not_the_address_is_registered(any_app):
    client = any_app.test_client()
    use_english(client)
    event_id, _path = _registered(any_app, client, email="amira@example.se")
    with arrange(any_app):
        other_event_id = make_event().id
    _path_elsewhere = manage_path(register_http(client, other_event_id, email="bo@example.se"))

    answers = []
    for address in ("amira@example.se", "nobody@example.se", "bo@example.se"):  # bo: for another event only
        answers.append(_answer(client, _ask_again(client, event_id, address)).replace(address, "ADDRESS"))
    assert answers[0] == answers[1] == answers[2]
    assert [message.to_address for message in queued(any_app, kind=LINKS_AGAIN)] == ["amira@example.se"]


def test_a_cancelled_registration_gets_no_link(any_app):
    client = any_app.test_client()
    event_id, path = _registered(any_app, client, email="amira@example.se")
    with arrange(any_app):
        registration_id = db.session.query(Registration.id).filter_by(event_id=event_id).scalar()
        cancel(registration_id)
    response = _ask_again(client, event_id, "amira@example.se")
    assert response.status_code == 302
    assert queued(any_app, kind=LINKS_AGAIN) == []
    assert client.get(path).status_code == 200  # the old link still shows the cancelled registration


def test_a_wrong_address_gets_a_message_next_to_the_field(app):
    client = app.test_client()
    use_english(client)
    event_id, _path = _registered(app, client)
    response = _ask_again(client, event_id, "not an address")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert element_text(html, "email-error") == "Write an email address like name@example.se."
    assert queued(app, kind=LINKS_AGAIN) == []


def test_the_form_is_on_the_event_page_and_keeps_csrf(csrf_app):
    with arrange(csrf_app):
        event_id = make_event().id
    client = csrf_app.test_client()
    page = client.get(f"/events/{event_id}")
    html = page.get_data(as_text=True)
    assert f'action="/events/{event_id}/registration-links"' in html
    assert element_text(html, "links-again-heading") == "Skicka mina anmälningslänkar igen"
    assert _ask_again(client, event_id, "amira@example.se").status_code == 400
    response = client.post(
        f"/events/{event_id}/registration-links",
        data={"email": "amira@example.se", "csrf_token": csrf_token_from(page)},
    )
    assert response.status_code == 302


def test_a_second_registration_with_the_address_points_to_the_form(app):
    client = app.test_client()
    use_english(client)
    event_id, _path = _registered(app, client, email="amira@example.se")
    response = register_http(client, event_id, email="amira@example.se", contact_name="Someone Else")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Use “Send me my registration links again” on the event's page" in element_text(html, "email-error")
    assert f'href="/events/{event_id}#links-again"' in html
    assert 'id="links-again"' in client.get(f"/events/{event_id}").get_data(as_text=True)


def test_the_confirmation_page_says_where_the_email_went(app):
    client = app.test_client()
    use_english(client)
    with arrange(app):
        event_id = make_event(capacity=10).id
    response = register_http(client, event_id, email="Amira@Example.se")
    confirmation = client.get(response.headers["Location"]).get_data(as_text=True)
    assert element_text(confirmation, "email-sent").startswith(
        "We have sent this link, with everything about the registration, to amira@example.se."
    )
    later = client.get(manage_path(response)).get_data(as_text=True)  # the link opened another day
    assert element_text(later, "email-sent") is None


def test_too_many_requests_from_one_address_are_refused(app):
    app.config["RATE_LIMIT_ACCOUNT_EMAIL"] = "2 per 10 minutes"
    client = app.test_client()
    event_id, _path = _registered(app, client)
    assert [_ask_again(client, event_id, f"person{number}@example.se").status_code for number in range(3)] == [
        302,
        302,
        429,
    ]
