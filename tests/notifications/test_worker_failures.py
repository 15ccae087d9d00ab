"""When sending goes wrong: a refused recipient, a server that says "later", a server that is down or gives up
halfway. Nothing is lost, nothing is sent twice, one bad message never blocks the rest, and staff see why."""

from collections import Counter
from datetime import timedelta

import pytest

from dialogue.database import utcnow
from dialogue.extensions import db
from dialogue.outbox.models import OutboxMessage
from dialogue.outbox.queue import Attachment
from tests.notifications.outbox_helpers import outbox, queue, run_worker, statuses
from tests.smtp_server import SmtpServer


def test_a_refused_recipient_is_recorded_and_the_next_message_is_still_delivered(mail_app, smtp_server):
    smtp_server.refuse("moved.away@example.se", "550 5.1.1 No such user here")
    queue(mail_app, to_address="moved.away@example.se", subject="To someone who moved away")
    queue(mail_app, to_address="here@example.se", subject="To someone who is here")

    report = run_worker(mail_app)

    assert (report.sent, report.failed, report.unavailable) == (1, 1, None)
    assert smtp_server.subjects() == ["To someone who is here"]
    refused, delivered = outbox(mail_app)
    assert (refused.status, refused.attempts) == ("failed", 1)  # a 5xx is final: no point in asking again
    assert refused.last_error == "550 5.1.1 No such user here"
    assert (delivered.status, delivered.attempts) == ("sent", 1)

    run_worker(mail_app, now=utcnow() + timedelta(days=2))
    assert smtp_server.subjects() == ["To someone who is here"]  # the refused one is not tried again


def test_staff_see_the_counts_and_the_last_failed_messages_with_their_error(mail_app, smtp_server):
    for number in range(1, 13):
        smtp_server.refuse(f"gone{number}@example.se", f"550 5.1.1 gone{number} does not live here")
        queue(mail_app, to_address=f"gone{number}@example.se", kind="registration_confirmed")
    queue(mail_app, to_address="here@example.se")
    run_worker(mail_app)
    queue(mail_app, to_address="waiting@example.se")

    result = mail_app.test_cli_runner().invoke(args=["outbox", "status"])

    assert result.exit_code == 0, result.output
    assert "Pending: 1 (1 due now)" in result.output
    assert "Sent: 1" in result.output and "Failed: 12" in result.output
    for number in range(3, 13):  # the ten newest failures
        assert f"gone{number}@example.se" in result.output
        assert f"550 5.1.1 gone{number} does not live here" in result.output
    assert "gone1@example.se" not in result.output and "gone2@example.se" not in result.output
    assert "registration_confirmed" in result.output
    assert "flask outbox retry" in result.output


def test_a_temporary_refusal_is_retried_with_growing_delays_and_given_up_after_the_last_try(mail_app, smtp_server):
    mail_app.config.update(MAIL_MAX_ATTEMPTS=8, MAIL_RETRY_BASE_SECONDS=3600)
    smtp_server.refuse("busy@example.se", "451 4.2.1 Mailbox busy, try again later")
    queue(mail_app, to_address="busy@example.se", subject="Reminder")
    now = utcnow()
    waits = []

    for attempt in range(1, 8):
        report = run_worker(mail_app, now=now)
        assert (report.retrying, report.failed) == (1, 0)
        [row] = outbox(mail_app)
        assert (row.status, row.attempts) == ("pending", attempt)
        assert row.last_error == "451 4.2.1 Mailbox busy, try again later"
        waits.append(row.next_attempt_at - now)
        assert run_worker(mail_app, now=row.next_attempt_at - timedelta(seconds=1)).handled == 0  # not before
        now = row.next_attempt_at

    assert waits == [timedelta(hours=hours) for hours in (1, 2, 4, 8, 16, 24, 24)]  # doubling, at most a day
    report = run_worker(mail_app, now=now)
    assert (report.retrying, report.failed) == (0, 1)
    [row] = outbox(mail_app)
    assert (row.status, row.attempts) == ("failed", 8)
    assert row.last_error == "451 4.2.1 Mailbox busy, try again later"  # kept for staff to see
    assert run_worker(mail_app, now=now + timedelta(days=30)).handled == 0
    assert smtp_server.received == []


def test_a_temporary_refusal_that_clears_delivers_the_message_once(mail_app, smtp_server):
    smtp_server.refuse("greylisted@example.se", "450 4.7.1 Greylisted, come back in a minute")
    queue(mail_app, to_address="greylisted@example.se", subject="Welcome")
    now = utcnow()
    run_worker(mail_app, now=now)
    smtp_server.handler.refused_recipients.clear()

    assert run_worker(mail_app, now=now + timedelta(seconds=59)).sent == 0
    assert run_worker(mail_app, now=now + timedelta(seconds=60)).sent == 1
    assert smtp_server.subjects() == ["Welcome"]
    [row] = outbox(mail_app)
    assert (row.status, row.attempts) == ("sent", 2)


def test_with_the_server_down_everything_stays_queued_and_arrives_once_it_is_back(any_mail_app, smtp_server):
    app, runner = any_mail_app, any_mail_app.test_cli_runner()
    queue(app, 5, subject="Confirmation")
    smtp_server.stop()

    for _ in range(3):  # cron keeps trying through the outage
        result = runner.invoke(args=["outbox", "send"])
        assert result.exit_code == 1, result.output
        assert "Messages stay queued" in result.stderr and "Connection refused" in result.stderr
    assert [(row.status, row.attempts, row.last_error) for row in outbox(app)] == [("pending", 0, None)] * 5

    smtp_server.start()
    result = runner.invoke(args=["outbox", "send"])
    again = runner.invoke(args=["outbox", "send"])

    assert result.exit_code == 0, result.output
    assert "Sent 5," in result.output
    assert "Sent 0," in again.output
    assert Counter(smtp_server.subjects()) == Counter(f"Confirmation {number}" for number in range(1, 6))
    assert len({mail.message_id for mail in smtp_server.received}) == 5
    assert statuses(app) == ["sent"] * 5


def test_a_server_that_closes_halfway_loses_nothing_and_repeats_nothing(any_mail_app, smtp_server):
    queue(any_mail_app, 6, subject="Notice")
    smtp_server.handler.data_reply = lambda received: "421 4.3.2 Shutting down" if received >= 3 else None

    report = run_worker(any_mail_app)

    assert report.sent == 3 and "421 4.3.2 Shutting down" in report.unavailable
    assert [(row.status, row.attempts) for row in outbox(any_mail_app)] == [("sent", 1)] * 3 + [("pending", 0)] * 3

    smtp_server.handler.data_reply = None
    assert run_worker(any_mail_app).sent == 3
    assert run_worker(any_mail_app).sent == 0
    assert Counter(smtp_server.subjects()) == Counter(f"Notice {number}" for number in range(1, 7))


def test_a_message_that_breaks_the_connection_costs_one_try_and_blocks_no_other(mail_app, smtp_server):
    queue(mail_app, 3, subject="Invitation")
    smtp_server.handler.hang_up = lambda envelope: b"Subject: Invitation 2" in envelope.content
    now = utcnow()

    report = run_worker(mail_app, now=now)

    assert report.sent == 1 and "connection was lost" in report.unavailable
    _, breaking, third = outbox(mail_app)
    assert (breaking.status, breaking.attempts) == ("pending", 1)
    assert "connection lost" in breaking.last_error
    assert (third.status, third.attempts) == ("pending", 0)  # not blamed for someone else's trouble

    assert run_worker(mail_app, now=now).sent == 1  # the next round takes the third; the second waits its turn
    smtp_server.handler.hang_up = None
    assert run_worker(mail_app, now=breaking.next_attempt_at).sent == 1
    assert Counter(smtp_server.subjects()) == Counter(["Invitation 1", "Invitation 2", "Invitation 3"])


def test_a_sender_the_server_refuses_is_a_settings_problem_that_uses_up_no_tries(mail_app, smtp_server):
    smtp_server.handler.sender_reply = "553 5.7.1 Sender address not allowed here"
    queue(mail_app, 3)

    report = run_worker(mail_app)

    assert report.handled == 0
    assert "noreply@dialogue.test" in report.unavailable and "553 5.7.1" in report.unavailable
    assert [(row.status, row.attempts) for row in outbox(mail_app)] == [("pending", 0)] * 3


def test_a_message_too_large_for_the_server_is_failed_and_the_rest_goes_on(app):
    small_server = SmtpServer(data_size_limit=20_000)
    small_server.start()
    try:
        app.config.update(small_server.mail_settings())
        queue(app, subject="With a large photo", attachments=(Attachment("photo.jpg", "image/jpeg", b"x" * 40_000),))
        queue(app, subject="Small")

        report = run_worker(app)
    finally:
        small_server.stop()

    assert (report.sent, report.failed) == (1, 1)
    large, small = outbox(app)
    assert large.status == "failed" and large.last_error.startswith("552")
    assert small.status == "sent"
    assert small_server.subjects() == ["Small"]


def test_a_message_no_email_can_be_made_of_is_failed_and_the_rest_goes_on(mail_app, smtp_server):
    with mail_app.app_context():
        db.session.add(
            OutboxMessage(
                to_address="no spaces allowed@example.se",
                subject="Broken",
                body_text="x",
                body_html="<p>x</p>",
                kind="test",
                language="en",
            )
        )
        db.session.commit()
    queue(mail_app, subject="Fine")

    report = run_worker(mail_app)

    assert (report.sent, report.failed) == (1, 1)
    broken, fine = outbox(mail_app)
    assert broken.status == "failed" and "could not be made" in broken.last_error
    assert fine.status == "sent"
    assert smtp_server.subjects() == ["Fine"]


def test_staff_can_queue_failed_messages_again_once_the_cause_is_fixed(mail_app, smtp_server):
    smtp_server.refuse("typo@example.se")
    [failed_id] = queue(mail_app, to_address="typo@example.se", subject="Try me again")
    [sent_id] = queue(mail_app, to_address="fine@example.se", subject="Already there")
    run_worker(mail_app)
    smtp_server.handler.refused_recipients.clear()
    runner = mail_app.test_cli_runner()

    result = runner.invoke(args=["outbox", "retry", str(failed_id), str(sent_id)])

    assert result.exit_code == 0, result.output
    assert f"Queued again: 1. ({failed_id})" in result.output
    assert f"Not failed messages, left as they are: {sent_id}." in result.stderr
    assert [(row.status, row.attempts) for row in outbox(mail_app)] == [("pending", 0), ("sent", 1)]
    run_worker(mail_app)
    assert smtp_server.subjects() == ["Already there", "Try me again"]
    assert runner.invoke(args=["outbox", "retry"]).exit_code != 0  # neither ids nor --all-failed


@pytest.mark.parametrize(
    ("settings", "complaint"),
    [
        ({"MAIL_SECURITY": "ssl"}, "MAIL_SECURITY must be one of none, starttls, tls, not 'ssl'."),
        ({"MAIL_BACKEND": "carrier-pigeon"}, "MAIL_BACKEND must be one of smtp, console"),
        ({"MAIL_FROM": None}, "Set MAIL_FROM"),
        ({"MAIL_FROM": "Dialogue"}, "MAIL_FROM must be an address like"),
        ({"MAIL_MAX_ATTEMPTS": 0}, "MAIL_MAX_ATTEMPTS must be at least 1"),
        ({"MAIL_PASSWORD": "secret"}, "MAIL_PASSWORD is set but MAIL_USERNAME is not."),
    ],
)
def test_settings_that_cannot_work_stop_the_worker_with_a_reason_and_send_nothing(
    mail_app, smtp_server, settings, complaint
):
    queue(mail_app, subject="Waiting")
    mail_app.config.update(settings)

    result = mail_app.test_cli_runner().invoke(args=["outbox", "send"])

    assert result.exit_code != 0
    assert complaint in result.output
    assert smtp_server.received == []
    assert [(row.status, row.attempts) for row in outbox(mail_app)] == [("pending", 0)]
