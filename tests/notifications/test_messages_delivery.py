"""From the registration form to the inbox: a registration is posted, `flask outbox send` delivers, and the
message that arrives at a real SMTP server (aiosmtpd on 127.0.0.1) is what the person needs."""

from urllib.parse import urlsplit

from icalendar import Calendar

from tests.notifications.mail_helpers import ACCESSIBILITY, ADDRESS, STARTS_AT, VENUE, WHEN, seved_event
from tests.notifications.outbox_helpers import run_worker
from tests.registrations.helpers import register_http
from tests.support import arrange


def _event(app, **fields) -> int:
    with arrange(app):
        return seved_event(**fields).id


def test_a_registration_arrives_as_an_email_with_everything_needed(mail_app, client, smtp_server):
    event_id = _event(mail_app, title="Dialogkväll i Seved")

    register_http(client, event_id, contact_name="Amira Hassan", email="amira@example.se", preferred_language="sv")
    assert smtp_server.received == []  # the web request only queued it
    report = run_worker(mail_app)

    assert report.sent == 1
    [mail] = smtp_server.received
    assert mail.rcpt_tos == ("amira@example.se",)
    email = mail.message
    [to] = email["To"].addresses
    assert (to.display_name, to.addr_spec) == ("Amira Hassan", "amira@example.se")
    assert "Dialogkväll i Seved" in mail.subject
    for part in (mail.text(), mail.html()):
        assert WHEN["sv"] in part
        assert VENUE in part and ADDRESS in part and ACCESSIBILITY in part
    [attachment] = email.iter_attachments()
    assert attachment.get_content_type() == "text/calendar"
    [vevent] = Calendar.from_ical(attachment.get_payload(decode=True)).walk("VEVENT")
    assert str(vevent["UID"]) == f"event-{event_id}@dialogue.malmo.se"
    assert vevent["DTSTART"].dt == STARTS_AT
    assert vevent["DTSTART"].params["TZID"] == "Europe/Stockholm"
    # The link in the email opens the registration.
    [link] = [line for line in mail.text().splitlines() if "/registrations/" in line]
    page = client.get(urlsplit(link.strip()).path)
    assert page.status_code == 200 and "Dialogkväll i Seved" in page.get_data(as_text=True)


def test_a_cancellation_that_moves_someone_up_mails_both(mail_app, client, smtp_server):
    event_id = _event(mail_app, capacity=1)
    first = register_http(client, event_id, email="amira@example.se", preferred_language="en")
    register_http(client, event_id, email="bo@example.se", preferred_language="en")
    run_worker(mail_app)
    manage = urlsplit(first.headers["Location"]).path

    client.post(f"{manage}/cancel")
    run_worker(mail_app)

    [to_amira_now] = smtp_server.to("amira@example.se")[1:]
    assert to_amira_now.subject.startswith("Your registration is cancelled")
    [_, to_bo_now] = smtp_server.to("bo@example.se")
    assert to_bo_now.subject.startswith("You have a place")
    assert "Tuesday, June 10, 2031, 18:00–20:00" in to_bo_now.text()
    assert [part.get_content_type() for part in to_bo_now.message.iter_attachments()] == ["text/calendar"]


def test_a_name_with_line_breaks_adds_no_recipient_and_no_header(mail_app, client, smtp_server):
    event_id = _event(mail_app)

    register_http(client, event_id, contact_name="Eve\r\nBcc: victim@example.com", email="eve@example.se")
    run_worker(mail_app)

    [mail] = smtp_server.received
    assert mail.rcpt_tos == ("eve@example.se",)
    assert mail.message["Bcc"] is None
    assert "victim@example.com" not in str(mail.message["To"].addresses[0].addr_spec)
