"""The registration flow puts its messages in the outbox in the same transaction as the change: one message per
registration, none when the registration fails or is rolled back, one for each person moved up."""

from urllib.parse import urlsplit

from dialogue.extensions import db
from dialogue.registrations import emails
from dialogue.registrations.cancellation import promote_from_waitlist
from dialogue.registrations.services import RegistrationRequest, lock_event, register
from tests.factories import make_event, make_registration
from tests.notifications.mail_helpers import outbox_count, queued, seved_event
from tests.registrations.helpers import manage_path, register_http, registration_rows
from tests.support import arrange


def _event(app, **fields) -> int:
    with arrange(app):
        return make_event(**fields).id


def _link_after(text: str, label: str) -> str:
    """The URL on the line after `label:` in a plain-text message."""
    lines = text.splitlines()
    return lines[lines.index(f"{label}:") + 1]


def test_registering_queues_one_confirmation_whose_link_opens_the_registration(app, client):
    event_id = _event(app, title="Dance workshop in Lindängen")

    response = register_http(client, event_id, email="Amira@Example.se", preferred_language="en")

    [message] = queued(app)
    assert (message.kind, message.to_address, message.to_name) == (
        "registration_confirmed",
        "amira@example.se",
        "Amira Hassan",
    )
    link = _link_after(message.body_text, "See or cancel your registration")
    assert link.startswith("http://localhost/registrations/")  # the address the person registered on
    assert urlsplit(link).path == manage_path(response)
    page = client.get(urlsplit(link).path)
    assert page.status_code == 200
    assert "Dance workshop in Lindängen" in page.get_data(as_text=True)


def test_joining_the_waiting_list_queues_the_waiting_list_message(app, client):
    event_id = _event(app, capacity=1)
    register_http(client, event_id, email="first@example.se")

    register_http(client, event_id, email="amira@example.se", preferred_language="en")

    [message] = queued(app, to="amira@example.se")
    assert message.kind == "waitlisted"
    assert "in place 1." in message.text


def test_a_refused_registration_queues_nothing(app, client):
    event_id = _event(app, capacity=1, waitlist_enabled=False)
    register_http(client, event_id, email="amira@example.se")

    register_http(client, event_id, email="amira@example.se")  # already registered
    register_http(client, event_id, email="bo@example.se")  # full, and no waiting list

    assert [row.email for row in registration_rows(app, event_id)] == ["amira@example.se"]
    assert [message.to_address for message in queued(app)] == ["amira@example.se"]


def test_a_registration_rolled_back_takes_its_message_with_it(app):
    event_id = _event(app)

    with app.app_context():
        register(event_id, RegistrationRequest(contact_name="Amira", email="amira@example.se"))
        assert outbox_count(app) == 0  # another connection sees nothing before the commit
        db.session.rollback()

    assert registration_rows(app, event_id) == []
    assert outbox_count(app) == 0


def test_cancelling_confirms_the_cancellation_and_tells_who_moved_up(app, client):
    with arrange(app):
        event = make_event(capacity=2)
        amira = make_registration(event, email="amira@example.se", adults=2)
        make_registration(event, email="bo@example.se")  # waiting, and fits in the freed places
        make_registration(event, email="cecilia@example.se", adults=2)  # waiting, does not fit after Bo
        token = amira.manage_token
    before = {message.id for message in queued(app)}

    response = client.post(f"/registrations/{token}/cancel")

    assert response.status_code == 302
    new = [(message.kind, message.to_address) for message in queued(app) if message.id not in before]
    assert new == [("cancellation_confirmed", "amira@example.se"), ("promoted", "bo@example.se")]


def test_a_refused_cancellation_queues_nothing(app, client):
    with arrange(app):
        event = make_event()
        token = make_registration(event, email="amira@example.se").manage_token
    client.post(f"/registrations/{token}/cancel")
    count = outbox_count(app)

    client.post(f"/registrations/{token}/cancel")  # already cancelled

    assert outbox_count(app) == count


def test_a_name_with_line_breaks_cannot_add_mail_headers(app, client):
    event_id = _event(app)

    register_http(client, event_id, contact_name="Eve\r\nBcc: victim@example.com\nX-Evil: 1")

    [message] = queued(app)
    assert message.to_name == "Eve Bcc: victim@example.com X-Evil: 1"
    assert "\r" not in message.subject and "\n" not in message.subject


def test_promotion_by_a_raised_capacity_is_announced_once(app):
    """Issue 4's planning service promotes when an event gets more places; the promoted person hears of it once,
    even if a caller also reports the promotion itself."""
    with arrange(app):
        event = seved_event(capacity=1)
        make_registration(event)
        make_registration(event, email="waiting@example.se")
        event = lock_event(event.id)
        event.capacity = 2
        [promoted] = promote_from_waitlist(event)
        emails.promoted(promoted)  # a second report of the same promotion

    assert [message.to_address for message in queued(app, kind="promoted")] == ["waiting@example.se"]
