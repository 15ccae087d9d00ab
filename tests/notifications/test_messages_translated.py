"""Every message about a registration names the event in the recipient's language when it is translated into it,
otherwise in the original with a note saying which language that is: in the subject, the text, the HTML (marked
with the text's language and dir="auto") and the attached calendar file. Each message is made the way the app makes
it: by registering, cancelling, changing or cancelling the event, or by the scheduled commands."""

from datetime import timedelta

import pytest

from dialogue.events.models import EventStatus
from dialogue.registrations import emails
from dialogue.registrations.cancellation import cancel
from dialogue.registrations.reminders import queue_reminders, queue_thank_yous
from tests.event_languages import ARABIC, SWEDISH, Texts, app_in_four_languages, marked, translated_event, written_in
from tests.factories import make_registration
from tests.notifications.mail_helpers import STARTS_AT, queued, seved
from tests.support import arrange

READER = "reader@example.se"


@pytest.fixture
def app(sqlite_url):
    with app_in_four_languages(sqlite_url) as app:
        yield app


def _event(**fields):
    return translated_event(
        neighbourhood=seved(), starts_at=STARTS_AT, ends_at=STARTS_AT + timedelta(hours=2), **fields
    )


def _reader(event, language):
    return make_registration(event, email=READER, preferred_language=language)


def confirmed(language):
    _reader(_event(), language)


def waitlisted(language):
    event = _event(capacity=1)
    make_registration(event)
    _reader(event, language)


def promoted(language):
    event = _event(capacity=1)
    first = make_registration(event).registration
    _reader(event, language)
    cancel(first.id)


def cancellation_confirmed(language):
    cancel(_reader(_event(), language).registration.id)


def event_changed(language):
    event = _event()
    _reader(event, language)
    event.venue = "Seveds folkets hus"
    event.revision += 1
    emails.event_changed(event)


def event_cancelled(language):
    event = _event()
    _reader(event, language)
    event.status = EventStatus.CANCELLED
    event.cancellation_message = "Biblioteket är stängt."
    event.revision += 1
    emails.event_cancelled(event)


def reminder(language):
    _reader(_event(), language)
    queue_reminders(now=STARTS_AT - timedelta(hours=12))


def thank_you(language):
    event = _event()
    _reader(event, language)
    event.status = EventStatus.HELD
    queue_thank_yous(now=STARTS_AT + timedelta(days=1))


SCENES = {
    "registration_confirmed": confirmed,
    "waitlisted": waitlisted,
    "promoted": promoted,
    "cancellation_confirmed": cancellation_confirmed,
    "event_changed": event_changed,
    "event_cancelled": event_cancelled,
    "reminder": reminder,
    "thank_you": thank_you,
}
# The messages that carry the event as a calendar file (to the confirmed people).
WITH_CALENDAR = {"registration_confirmed", "promoted", "event_changed", "event_cancelled"}


def message_to_reader(app, kind, language):
    with arrange(app):
        SCENES[kind](language)
    [message] = queued(app, kind=kind, to=READER)
    return message


@pytest.mark.parametrize("kind", list(SCENES))
def test_an_arabic_recipient_reads_the_event_in_arabic(app, kind):
    message = message_to_reader(app, kind, "ar")

    assert message.language == "ar"
    assert ARABIC.title in message.subject and SWEDISH.title not in message.subject
    assert '<html lang="ar" dir="rtl">' in message.body_html
    assert marked(ARABIC.title, "ar") in message.body_html
    for part in (message.text, message.html_text):
        assert ARABIC.title in part
        assert ARABIC.accessibility_info in part
        assert SWEDISH.title not in part and SWEDISH.accessibility_info not in part
        assert written_in(app, "ar", "sv") not in part
    if kind in WITH_CALENDAR:
        vevent = message.vevent
        assert str(vevent["SUMMARY"]) == ARABIC.title
        assert vevent["SUMMARY"].params["LANGUAGE"] == "ar"
        assert ARABIC.description in str(vevent["DESCRIPTION"])
        assert SWEDISH.title not in message.calendar.to_ical().decode()


@pytest.mark.parametrize("kind", list(SCENES))
def test_a_finnish_recipient_reads_the_swedish_original_and_is_told_it_is_swedish(app, kind):
    message = message_to_reader(app, kind, "fi")
    note = written_in(app, "fi", "sv")

    assert message.language == "fi"
    assert SWEDISH.title in message.subject and ARABIC.title not in message.subject
    assert '<html lang="fi" dir="ltr">' in message.body_html
    assert marked(SWEDISH.title, "sv") in message.body_html
    assert f"{SWEDISH.title}\n({note})\n" in message.body_text  # right under the title in the event's facts
    assert note in message.html_text
    for part in (message.text, message.html_text):
        assert SWEDISH.accessibility_info in part
        assert ARABIC.title not in part
    if kind in WITH_CALENDAR:
        vevent = message.vevent
        assert str(vevent["SUMMARY"]) == SWEDISH.title
        assert vevent["SUMMARY"].params["LANGUAGE"] == "sv"
        description = str(vevent["DESCRIPTION"])
        assert description.startswith(f"({note})") or f"\n({note})" in description
        assert SWEDISH.description in description
        assert ARABIC.title not in message.calendar.to_ical().decode()


def test_a_swedish_recipient_reads_the_original_without_a_note(app):
    message = message_to_reader(app, "registration_confirmed", "sv")

    assert SWEDISH.title in message.subject
    assert written_in(app, "sv", "sv") not in message.text
    assert "written-in" not in message.body_html
    assert "LANGUAGE=sv" in message.calendar.to_ical().decode()


def test_an_accessibility_text_the_translation_left_empty_is_the_swedish_one_with_its_note(app):
    with arrange(app):
        _reader(_event(arabic=Texts(title=ARABIC.title, description="", accessibility_info="")), "ar")

    [message] = queued(app, kind="registration_confirmed", to=READER)

    note = written_in(app, "ar", "sv")
    assert f"{SWEDISH.accessibility_info} ({note})" in message.text
    assert marked(SWEDISH.accessibility_info, "sv") in message.body_html
    description = str(message.vevent["DESCRIPTION"])
    assert f"({note})\n\n{SWEDISH.description}" in description
