"""`flask outbox send` hands the queued email to a real SMTP server (aiosmtpd on 127.0.0.1); the tests read what
arrived there: the envelope, the headers, both parts, the calendar attachment."""

import os
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from icalendar import Calendar
from sqlalchemy import create_engine, func, select

from config import DevelopmentConfig
from dialogue.database import utcnow
from dialogue.events.ics import event_calendar, event_uid
from dialogue.extensions import db
from dialogue.local_time import LOCAL_TIMEZONE
from dialogue.outbox.models import OutboxMessage, OutboxStatus
from dialogue.outbox.queue import Attachment
from dialogue.outbox.smtp import MailSettings
from tests.factories import make_event
from tests.notifications.outbox_helpers import outbox, queue, run_worker, statuses

STOCKHOLM = LOCAL_TIMEZONE


def test_a_queued_message_arrives_with_its_recipient_subject_and_both_parts(mail_app, smtp_server):
    queue(
        mail_app,
        to_address="amira@example.se",
        to_name="Amira Hassan",
        subject="Du är anmäld: Dialogkväll i Seved",
        body_text="Torsdag 12 mars, 18.00–20.00\nSeveds bibliotek, Rasmusgatan 5",
        body_html="<p>Torsdag 12 mars, <strong>18.00–20.00</strong></p>",
        language="sv",
    )

    report = run_worker(mail_app)

    assert (report.sent, report.retrying, report.failed, report.unavailable) == (1, 0, 0, None)
    [mail] = smtp_server.received
    assert mail.rcpt_tos == ("amira@example.se",)
    assert mail.mail_from == "noreply@dialogue.test"
    email = mail.message
    [to] = email["To"].addresses
    assert (to.display_name, to.addr_spec) == ("Amira Hassan", "amira@example.se")
    [sender] = email["From"].addresses
    assert (sender.display_name, sender.addr_spec) == ("Dialogue Malmö", "noreply@dialogue.test")
    assert mail.subject == "Du är anmäld: Dialogkväll i Seved"
    assert email.get_content_type() == "multipart/alternative"
    assert "Torsdag 12 mars, 18.00–20.00\nSeveds bibliotek, Rasmusgatan 5" in mail.text()
    assert "<strong>18.00–20.00</strong>" in mail.html()
    assert email["Content-Language"] == "sv"
    assert email["Auto-Submitted"] == "auto-generated"
    assert abs((parsedate_to_datetime(email["Date"]) - utcnow()).total_seconds()) < 300
    assert mail.message_id.startswith("<") and mail.message_id.endswith("@dialogue.test>")
    [row] = outbox(mail_app)
    assert (row.status, row.attempts) == ("sent", 1)
    assert row.sent_at is not None


def test_a_calendar_attachment_arrives_and_icalendar_reads_the_right_event(mail_app, smtp_server):
    starts_at = datetime(2030, 3, 12, 17, 0, tzinfo=UTC)  # 18.00 in Malmö
    with mail_app.test_request_context():  # the calendar links to the event page
        event = make_event(
            title="Dialogkväll i Seved", venue="Seveds bibliotek", address="Rasmusgatan 5, Malmö", starts_at=starts_at
        )
        db.session.commit()
        ics, uid = event_calendar(event), event_uid(event)
    attachment = Attachment("event.ics", "text/calendar; method=PUBLISH", ics)
    queue(mail_app, subject="Du är anmäld", attachments=(attachment,))

    run_worker(mail_app)

    [mail] = smtp_server.received
    email = mail.message
    assert email.get_content_type() == "multipart/mixed"
    assert mail.text() and mail.html()  # the attachment comes with both parts, not instead of them
    [attachment] = email.iter_attachments()
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_filename() == "event.ics"
    [vevent] = Calendar.from_ical(attachment.get_payload(decode=True)).walk("VEVENT")
    assert str(vevent["UID"]) == uid
    assert str(vevent["SUMMARY"]) == "Dialogkväll i Seved"
    assert "Seveds bibliotek" in str(vevent["LOCATION"])
    start = vevent.decoded("DTSTART")
    assert start == starts_at and start.astimezone(STOCKHOLM).hour == 18
    assert vevent["DTSTART"].params["TZID"] == "Europe/Stockholm"


def test_a_name_with_a_comma_and_letters_beyond_ascii_stays_one_recipient(mail_app, smtp_server):
    queue(mail_app, to_address="asa@example.se", to_name='Öberg, Åsa "Åsa" <boss@example.se>')

    run_worker(mail_app)

    [mail] = smtp_server.received
    assert mail.rcpt_tos == ("asa@example.se",)
    [to] = mail.message["To"].addresses
    assert to.addr_spec == "asa@example.se"
    assert to.display_name == 'Öberg, Åsa "Åsa" <boss@example.se>'


def assert_no_header_was_added(mail, recipient: str) -> None:
    email = mail.message
    assert mail.rcpt_tos == (recipient,)
    assert "Bcc" not in email and "Cc" not in email
    header_block = mail.raw.split(b"\r\n\r\n", 1)[0]
    assert not [line for line in header_block.split(b"\r\n") if line.lower().startswith((b"bcc", b"cc"))]
    assert [address.addr_spec for address in email["To"].addresses] == [recipient]
    assert "\n" not in str(email["Subject"]) and "\r" not in str(email["Subject"])


def test_a_header_injection_in_the_name_and_subject_adds_no_recipient(mail_app, smtp_server):
    queue(
        mail_app,
        to_address="eve@example.se",
        to_name="Eve\r\nBcc: mallory@evil.example",
        subject="Hello\r\nBcc: mallory@evil.example\nX-Spam: no",
    )

    run_worker(mail_app)

    [mail] = smtp_server.received
    assert_no_header_was_added(mail, "eve@example.se")
    assert mail.subject == "Hello Bcc: mallory@evil.example X-Spam: no"
    assert "X-Spam" not in mail.message
    assert smtp_server.to("mallory@evil.example") == []


def test_a_row_written_without_enqueue_is_neutralised_by_the_worker_too(mail_app, smtp_server):
    with mail_app.app_context():
        db.session.add(
            OutboxMessage(
                to_address="eve@example.se",
                to_name="Eve\r\nBcc: mallory@evil.example",
                subject="Hi\r\nBcc: mallory@evil.example",
                body_text="Hi",
                body_html="<p>Hi</p>",
                kind="test",
                language="en",
            )
        )
        db.session.commit()

    assert run_worker(mail_app).sent == 1

    [mail] = smtp_server.received
    assert_no_header_was_added(mail, "eve@example.se")
    assert mail.message["To"].addresses[0].display_name == "Eve Bcc: mallory@evil.example"


def test_each_message_is_marked_sent_before_the_next_is_handed_over(mail_app, smtp_server):
    """What the server has accepted is committed as sent at once: a crash can only repeat the message in hand."""
    queue(mail_app, 4)
    observer = create_engine(mail_app.config["SQLALCHEMY_DATABASE_URI"])  # another process's view of the outbox
    marked_sent_when_received = []

    def look(envelope):
        with observer.connect() as connection:
            marked_sent_when_received.append(
                connection.scalar(
                    select(func.count()).select_from(OutboxMessage).where(OutboxMessage.status == OutboxStatus.SENT)
                )
            )

    smtp_server.handler.on_message = look
    try:
        run_worker(mail_app)
    finally:
        observer.dispose()

    assert marked_sent_when_received == [0, 1, 2, 3]
    assert statuses(mail_app) == ["sent"] * 4


def test_flask_outbox_send_prints_counts_and_a_second_run_sends_nothing_again(mail_app, smtp_server):
    queue(mail_app, 3, subject="Reminder")
    runner = mail_app.test_cli_runner()

    first = runner.invoke(args=["outbox", "send"])
    second = runner.invoke(args=["outbox", "send"])

    assert first.exit_code == 0, first.output
    assert "Sent 3," in first.output and "Still due: 0." in first.output
    assert second.exit_code == 0, second.output
    assert "Sent 0," in second.output
    assert sorted(smtp_server.subjects()) == ["Reminder 1", "Reminder 2", "Reminder 3"]
    assert len({mail.message_id for mail in smtp_server.received}) == 3


def test_a_message_queued_for_later_waits_until_it_is_due(mail_app, smtp_server):
    [message_id] = queue(mail_app, subject="Later")
    with mail_app.app_context():
        later = utcnow().replace(microsecond=0).replace(year=utcnow().year + 1)
        db.session.get(OutboxMessage, message_id).next_attempt_at = later
        db.session.commit()

    assert run_worker(mail_app).handled == 0
    assert run_worker(mail_app, now=later).sent == 1
    assert smtp_server.subjects() == ["Later"]


def test_the_console_backend_prints_the_message_and_marks_it_sent(app, smtp_server):
    app.config.update(smtp_server.mail_settings(MAIL_BACKEND="console"))
    queue(
        app,
        to_address="asa@example.se",
        to_name="Åsa Öberg",
        subject="Välkommen till dansworkshopen",
        body_text="Lördag 14.00 i Herrgårdens fritidsgård.",
        body_html="<p>Lördag <b>14.00</b></p>",
        attachments=(Attachment("event.ics", "text/calendar", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"),),
    )

    result = app.test_cli_runner().invoke(args=["outbox", "send"])

    assert result.exit_code == 0, result.output
    assert "To: Åsa Öberg <asa@example.se>" in result.output
    assert "Subject: Välkommen till dansworkshopen" in result.output
    assert "Lördag 14.00 i Herrgårdens fritidsgård." in result.output
    assert "<b>" not in result.output  # the text part, not the HTML
    assert "Attachment: event.ics (text/calendar" in result.output
    assert "Sent 1," in result.output
    assert statuses(app) == ["sent"]
    assert smtp_server.received == []


def test_make_run_prints_mail_instead_of_needing_a_mail_server():
    if "MAIL_BACKEND" in os.environ:
        return  # the environment chose a backend on purpose
    settings = {name: getattr(DevelopmentConfig, name) for name in dir(DevelopmentConfig) if name.startswith("MAIL_")}
    assert MailSettings.from_config(settings).backend == "console"
