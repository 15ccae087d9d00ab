"""Every message about a registration, in Swedish and in English: a subject, a text and an HTML part, both with
the date and time in Malmö in the reader's language, the place, the accessibility information and the links
the person needs. Each message is made the way the app makes it: by registering, cancelling, changing or
cancelling the event, or by the scheduled commands."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from flask_babel import force_locale, gettext

from dialogue.events.models import Event, EventStatus
from dialogue.extensions import db
from dialogue.registrations import emails
from dialogue.registrations.cancellation import cancel
from dialogue.registrations.models import AccessNeed
from dialogue.registrations.reminders import queue_reminders, queue_thank_yous
from tests.factories import make_registration, make_user
from tests.notifications.mail_helpers import (
    ACCESSIBILITY,
    ADDRESS,
    PUBLIC_URL,
    STARTS_AT,
    TITLE,
    VENUE,
    WHEN,
    queued,
    seved_event,
    translated,
)
from tests.support import arrange

AMIRA = "amira@example.se"
GUEST_LINK_SENTENCE = (
    "To see or cancel your registration, use the personal link in the first email we sent you about it."
)


@dataclass
class Scene:
    event_id: int
    token: str | None = None  # the manage token, when the message was made at registration
    venue: str = VENUE


def _amira(event, language, **fields):
    return make_registration(event, email=AMIRA, contact_name="Amira Hassan", preferred_language=language, **fields)


def confirmed(language):
    event = seved_event()
    return Scene(event.id, token=_amira(event, language).manage_token)


def waitlisted(language):
    event = seved_event(capacity=1)
    make_registration(event)
    return Scene(event.id, token=_amira(event, language).manage_token)


def promoted(language):
    event = seved_event(capacity=1)
    first = make_registration(event).registration
    _amira(event, language)
    cancel(first.id)
    return Scene(event.id)


def cancellation_confirmed(language):
    event = seved_event()
    cancel(_amira(event, language).registration.id)
    return Scene(event.id)


def event_changed(language):
    event = seved_event()
    _amira(event, language)
    event.venue = "Seveds folkets hus"
    event.revision += 1
    emails.event_changed(event)
    return Scene(event.id, venue="Seveds folkets hus")


def event_cancelled(language):
    event = seved_event()
    _amira(event, language)
    event.status = EventStatus.CANCELLED
    event.cancellation_message = "The library is closed for repairs."
    event.revision += 1
    emails.event_cancelled(event)
    return Scene(event.id)


def reminder(language):
    event = seved_event()
    _amira(event, language)
    queue_reminders(now=STARTS_AT - timedelta(hours=12))
    return Scene(event.id)


def thank_you(language):
    event = seved_event()
    _amira(event, language)
    event.status = EventStatus.HELD
    queue_thank_yous(now=STARTS_AT + timedelta(days=1))
    return Scene(event.id)


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
# Messages that point to the registration: with the manage link when it is at hand, otherwise saying where it is.
ABOUT_THE_REGISTRATION = {"registration_confirmed", "waitlisted", "promoted", "event_changed", "reminder"}


def message_to_amira(app, kind, language):
    with arrange(app):
        scene = SCENES[kind](language)
    [message] = queued(app, kind=kind, to=AMIRA)
    return message, scene


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("kind", list(SCENES))
def test_message_has_date_place_accessibility_and_links_in_the_readers_language(app, kind, language):
    message, scene = message_to_amira(app, kind, language)

    assert message.language == language
    assert message.to_name == "Amira Hassan"
    assert TITLE in message.subject
    assert f'<html lang="{language}"' in message.body_html
    for part in (message.text, message.html_text):
        assert WHEN[language] in part  # Malmö's summer time, in the reader's words
        assert scene.venue in part and ADDRESS in part
        assert translated(app, language, "Accessibility") in part
        assert ACCESSIBILITY in part
    event_url = f"{PUBLIC_URL}/events/{scene.event_id}"
    assert event_url in message.body_text
    assert event_url in message.links()
    if scene.token:
        manage_url = f"{PUBLIC_URL}/registrations/{scene.token}"
        assert manage_url in message.body_text
        assert manage_url in message.links()
    elif kind in ABOUT_THE_REGISTRATION:
        sentence = translated(app, language, GUEST_LINK_SENTENCE)
        assert sentence in message.text and sentence in message.html_text
        lost = translated(app, language, "Lost it? Ask for a new one on the event page.")
        assert lost in message.text and lost in message.html_text


@pytest.mark.parametrize("language", ["sv", "en"])
def test_waitlisted_message_tells_the_place_in_the_queue(app, language):
    with arrange(app):
        event = seved_event(capacity=1)
        make_registration(event)
        make_registration(event)  # first on the waiting list
        _amira(event, language)

    [message] = queued(app, kind="waitlisted", to=AMIRA)
    sentence = translated(
        app, language, "You are on the waiting list for %(title)s, in place %(position)s.", title=TITLE, position=2
    )
    assert sentence in message.text and sentence in message.html_text
    with app.app_context(), force_locale(language):
        assert gettext("Waiting list, place %(position)s: %(title)s", position=2, title=TITLE) == message.subject


@pytest.mark.parametrize("language", ["sv", "en"])
def test_cancelled_event_passes_on_the_organisers_message(app, language):
    message, _ = message_to_amira(app, "event_cancelled", language)

    assert "The library is closed for repairs." in message.text
    assert "The library is closed for repairs." in message.html_text
    assert translated(app, language, "The organiser writes:") in message.text


def test_the_organisers_message_is_escaped_in_the_html_part(app):
    with arrange(app):
        event = seved_event()
        _amira(event, "sv")
        event.status = EventStatus.CANCELLED
        event.cancellation_message = 'Closed. <a href="https://evil.example">Refund here</a>'
        emails.event_cancelled(event)

    [message] = queued(app, kind="event_cancelled")
    assert "https://evil.example" not in message.links()
    assert "&lt;a href=" in message.body_html
    assert 'Closed. <a href="https://evil.example">Refund here</a>' in message.body_text  # plain text is plain


def test_thank_you_links_to_a_feedback_form_that_opens(app, client):
    message, scene = message_to_amira(app, "thank_you", "en")

    feedback_url = f"{PUBLIC_URL}/neighbourhoods/sodra-sofielund/feedback/new?event={scene.event_id}"
    assert feedback_url in message.body_text
    assert feedback_url in message.links()
    assert client.get(feedback_url.removeprefix(PUBLIC_URL)).status_code == 200


def test_account_holders_are_sent_to_my_registrations_when_the_manage_link_is_not_at_hand(app):
    with arrange(app):
        user = make_user(email=AMIRA)
        event = seved_event(capacity=1)
        first = make_registration(event).registration
        _amira(event, "en", user=user)
        cancel(first.id)

    [message] = queued(app, kind="promoted", to=AMIRA)
    assert f"{PUBLIC_URL}/my/registrations" in message.body_text
    assert f"{PUBLIC_URL}/my/registrations" in message.links()
    assert GUEST_LINK_SENTENCE not in message.text


def test_a_party_and_its_access_needs_are_repeated_in_the_confirmation(app):
    with arrange(app):
        _amira(
            seved_event(),
            "en",
            adults=2,
            children=1,
            access_needs={AccessNeed.WHEELCHAIR, AccessNeed.INTERPRETER},
            interpreter_language="ar",
        )

    [message] = queued(app, kind="registration_confirmed")
    assert "3 places are kept for you." in message.text
    assert "Access needs: Interpreter (Arabic), Wheelchair access" in message.text
    assert "Interpreter (Arabic)" in message.html_text


def test_an_event_without_accessibility_information_says_so(app):
    with arrange(app):
        _amira(seved_event(accessibility_info=""), "en")

    [message] = queued(app, kind="registration_confirmed")
    assert "Accessibility: The organiser has not described the accessibility of the place yet." in message.text


def test_winter_times_are_shown_in_malmo_winter_time(app):
    with arrange(app):
        winter = STARTS_AT.replace(month=1, day=14)  # a Tuesday; 16:00 UTC is 17:00 in Malmö in winter
        _amira(seved_event(starts_at=winter, ends_at=winter + timedelta(hours=2)), "sv")

    [message] = queued(app, kind="registration_confirmed")
    assert "tisdag 14 januari 2031, 17:00–19:00" in message.text


def test_language_without_an_interface_falls_back_to_swedish(app):
    with arrange(app):
        event = seved_event()
        registration = _amira(event, "sv").registration
        registration.preferred_language = "so"
        event.status = EventStatus.CANCELLED
        emails.event_cancelled(db.session.get(Event, event.id))

    [message] = queued(app, kind="event_cancelled")
    assert message.language == "sv"
    assert WHEN["sv"] in message.text
