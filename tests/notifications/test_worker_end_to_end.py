"""From the registration form to the inbox: a person registers on the web page, `flask outbox send` runs, and
the confirmation that the SMTP server received has the date, time and place in both parts and a calendar file
that icalendar reads as the right event."""

from datetime import UTC, datetime, timedelta

from icalendar import Calendar

from dialogue.events.ics import event_uid
from dialogue.extensions import db
from tests.factories import make_event
from tests.registrations.helpers import register_http

STARTS_AT = datetime(2031, 6, 10, 16, 0, tzinfo=UTC)  # 18:00 in Malmö


def test_a_registration_on_the_web_arrives_as_an_email_with_its_calendar_file(mail_app, smtp_server):
    with mail_app.test_request_context():
        event = make_event(
            title="Dialogue evening in Seved",
            venue="Seveds bibliotek",
            address="Rasmusgatan 5, Malmö",
            starts_at=STARTS_AT,
            ends_at=STARTS_AT + timedelta(hours=2),
        )
        db.session.commit()
        event_id, uid = event.id, event_uid(event)
    response = register_http(
        mail_app.test_client(), event_id, contact_name="Amira Hassan", email="amira@example.se", preferred_language="en"
    )
    assert response.status_code == 302
    assert smtp_server.received == []  # the request only queued it

    result = mail_app.test_cli_runner().invoke(args=["outbox", "send"])

    assert result.exit_code == 0, result.output
    [mail] = smtp_server.received
    assert mail.rcpt_tos == ("amira@example.se",)
    assert mail.message["To"].addresses[0].display_name == "Amira Hassan"
    assert "Dialogue evening in Seved" in mail.subject
    for part in (mail.text(), mail.html()):
        assert "Seveds bibliotek" in part and "Rasmusgatan 5, Malmö" in part
        assert "2031" in part and "18:00" in part
    [attachment] = mail.message.iter_attachments()
    [vevent] = Calendar.from_ical(attachment.get_payload(decode=True)).walk("VEVENT")
    assert str(vevent["UID"]) == uid
    assert vevent.decoded("DTSTART") == STARTS_AT
    assert "Seveds bibliotek" in str(vevent["LOCATION"])
