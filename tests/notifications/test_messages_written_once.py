"""The confirmation and the waiting-list notice are written once for everyone who reads them the same (the event
as read, the language, the party) and filled in with each registrant's own name and manage link: what each
registrant gets is exactly what would have been written for them alone, and never shows another's name or link.
A change of the event, or another party, is written anew."""

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from flask import current_app
from sqlalchemy import select

from dialogue.events.ics import event_calendar, restamped
from dialogue.events.models import EventTranslation
from dialogue.extensions import db
from dialogue.registrations import emails
from dialogue.registrations.models import AccessNeed, Registration
from tests.factories import make_registration, make_user
from tests.notifications.mail_helpers import PUBLIC_URL, queued, seved_event
from tests.registrations.helpers import form_data, manage_path
from tests.support import arrange, client_at, look

STAMP = re.compile(rb"^(DTSTAMP|LAST-MODIFIED):(\d{8}T\d{6}Z)\r$", re.MULTILINE)

# Registrants whose parties differ, two by two, in one thing each that a message reads of a registration, with
# names that HTML, a right-to-left script or a mark's look could upset.
PARTIES = [
    {"contact_name": "Zoë <b>Ek</b> & \"Lo\" 'Li'", "preferred_language": "sv"},
    {"contact_name": "Zoë Ek", "preferred_language": "sv", "adults": 2},
    {"contact_name": "Zoë Ek", "preferred_language": "sv", "children": 1},
    {"contact_name": "أميرة حسن", "preferred_language": "ar", "adults": 2, "children": 1},
    {"contact_name": "[name-0123456789abcdef] Aho", "preferred_language": "fi"},
    {"contact_name": "Sam Lee", "preferred_language": "en", "access_needs": {AccessNeed.WHEELCHAIR}},
    {"contact_name": "Sam Lee", "preferred_language": "en", "access_needs": {AccessNeed.HEARING_LOOP}},
    {
        "contact_name": "Sam Lee",
        "preferred_language": "en",
        "access_needs": {AccessNeed.INTERPRETER},
        "interpreter_language": "ar",
    },
    {
        "contact_name": "Sam Lee",
        "preferred_language": "en",
        "access_needs": {AccessNeed.INTERPRETER},
        "interpreter_language": "fi",
    },
    {"contact_name": "Kim Berg", "preferred_language": "en", "account": True},
    {"contact_name": "Kim Berg", "preferred_language": "en"},
    {"contact_name": "Kim Berg", "preferred_language": "xx"},  # a language without an interface: Swedish
]
MARK_LIKE = 4  # the party whose name looks like a mark


def registrant(event, number: int, twin: bool = False, **party) -> Registration:
    """A registration of the party; its twin has the same party under another name, address and account."""
    fields = dict(party)
    if fields.pop("account", False):
        fields["user"] = make_user()
    if twin:
        fields["contact_name"] = f"Twin {number} <i>"
    return make_registration(event, email=f"{'twin' if twin else 'party'}{number}@example.se", **fields).registration


def write(registration: Registration, token: str):
    write_it = emails.confirmation if registration.status.value == "confirmed" else emails.waiting_notice
    return write_it(registration, token)


def written_alone(registration: Registration, token: str):
    """The message as it is written when nothing was written before; what was kept is kept."""
    kept = current_app.extensions.pop(emails._WRITTEN, None)
    try:
        return write(registration, token)
    finally:
        if kept is not None:
            current_app.extensions[emails._WRITTEN] = kept


def comparable(message):
    """The message with its own place mark as the number it becomes, and the calendar's stamps left out."""
    place = message.place_mark or "[no place]"
    return replace(
        message,
        subject=message.subject.replace(place, "7"),
        body_text=message.body_text.replace(place, "7"),
        body_html=message.body_html.replace(place, "7"),
        place_mark="",
        attachments=tuple(replace(item, data=STAMP.sub(rb"\1:-\r", item.data)) for item in message.attachments),
    )


@pytest.mark.parametrize("capacity", [None, 1], ids=["confirmed", "waiting"])
def test_each_registrant_gets_what_would_be_written_for_them_alone(app, monkeypatch, capacity):
    written = []
    write_for_the_party = emails._write_for_the_party
    monkeypatch.setattr(
        emails, "_write_for_the_party", lambda *args: written.append(args) or write_for_the_party(*args)
    )
    with arrange(app):
        event = seved_event(capacity=capacity)
        db.session.add(EventTranslation(event=event, language="ar", title="أمسية حوار في سيفيد"))
        if capacity:
            make_registration(event)  # takes the one place: everyone else waits
        registrations = [registrant(event, number, **party) for number, party in enumerate(PARTIES)]
        twins = [registrant(event, number, twin=True, **party) for number, party in enumerate(PARTIES)]

        current_app.extensions.pop(emails._WRITTEN, None)
        written.clear()
        for number, twin in enumerate(twins):
            write(twin, f"twin-token-{number}")
        readings = len(written)
        # Every party reads its own, but the last reads the first's: a language without an interface is Swedish.
        assert readings == len(PARTIES) - 1

        for number, registration in enumerate(registrations):
            token = f"token-{number}"
            kept = write(registration, token)
            assert len(written) == readings  # from the copy the twin's message was written from
            alone = written_alone(registration, token)
            readings += 1

            assert comparable(kept) == comparable(alone)
            assert kept.to_name == registration.contact_name
            assert kept.to_address == f"party{number}@example.se"
            assert f"{PUBLIC_URL}/registrations/{token}" in kept.body_text
            for part in (kept.subject, kept.body_text, kept.body_html):
                assert "Twin" not in part and "twin-token" not in part
                assert "-0123456789abcdef]" not in part or number == MARK_LIKE
            if capacity:
                assert re.fullmatch(r"\[place-[0-9a-f]{16}\]", kept.place_mark)
                assert kept.place_mark in kept.subject and kept.place_mark in kept.body_html
            else:
                assert kept.place_mark == ""
        db.session.rollback()


def test_a_name_is_escaped_in_the_html_part_and_as_written_in_the_text(app):
    with arrange(app):
        event = seved_event()
        registrant(event, 1, twin=True, contact_name="x")
        registration = registrant(event, 1, contact_name="Zoë <b>Ek</b> & co")
        message = emails.confirmation(registration, "token")

    assert "Zoë <b>Ek</b> & co" in message.body_text
    assert "Zoë &lt;b&gt;Ek&lt;/b&gt; &amp; co" in message.body_html
    assert "<b>Ek" not in message.body_html


def later(event, by: timedelta) -> None:
    event.starts_at, event.ends_at = event.starts_at + by, event.ends_at + by


@pytest.mark.parametrize(
    "change, shown",
    [
        (lambda event: setattr(event, "title", "A new title"), "A new title"),
        (lambda event: setattr(event, "venue", "Seveds folkets hus"), "Seveds folkets hus"),
        (lambda event: setattr(event, "address", "Lantmannagatan 1"), "Lantmannagatan 1"),
        (lambda event: setattr(event, "accessibility_info", "A ramp at the back."), "A ramp at the back."),
        (lambda event: later(event, timedelta(days=1)), "June 11, 2031"),
        (lambda event: setattr(event.neighbourhood, "name", "Seved"), "Neighbourhood: Seved"),
        (
            lambda event: db.session.add(EventTranslation(event=event, language="en", title="Seved's evening")),
            "Seved's evening",
        ),
    ],
    ids=["title", "venue", "address", "accessibility", "time", "neighbourhood", "translation"],
)
def test_what_the_event_says_is_written_anew_after_a_change(app, change, shown):
    with arrange(app):
        event = seved_event()
        registration = registrant(event, 1, preferred_language="en")
        before = emails.confirmation(registration, "token")
        assert shown not in before.body_text

        change(event)
        db.session.flush()
        db.session.refresh(event)
        after = emails.confirmation(registration, "token")

        assert shown in after.body_text and shown in after.body_html.replace("&#39;", "'")
        assert comparable(after) == comparable(written_alone(registration, "token"))
        db.session.rollback()


def test_the_calendar_file_is_stamped_for_each_message(app):
    with arrange(app):
        event = seved_event()
        registrant(event, 1, twin=True)
        registration = registrant(event, 1)
        event.updated_at = datetime(2031, 1, 2, 3, 4, 5, tzinfo=UTC)
        message = emails.confirmation(registration, "token")
        before = datetime.now(UTC).replace(microsecond=0)

    [attachment] = message.attachments
    stamps = dict(STAMP.findall(attachment.data))
    assert stamps[b"LAST-MODIFIED"] == b"20310102T030405Z"
    stamped_at = datetime.strptime(stamps[b"DTSTAMP"].decode(), "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    assert abs(stamped_at - before) <= timedelta(seconds=2)


def test_restamping_a_calendar_file_changes_its_two_stamps_and_nothing_else(app):
    with arrange(app):
        event = seved_event()
        event.updated_at = datetime(2031, 1, 2, 3, 4, 5, tzinfo=UTC)
        written = event_calendar(event, now=datetime(2031, 1, 2, 3, 4, 6, tzinfo=UTC), language="sv")
        later = datetime(2031, 5, 6, 7, 8, 9, 123456, tzinfo=UTC)
        event.updated_at = datetime(2031, 5, 6, 7, 0, 0, tzinfo=UTC)
        expected = event_calendar(event, now=later, language="sv")
        assert restamped(written, later, event.updated_at) == expected
        assert written != expected
        db.session.rollback()


def test_two_registrants_over_http_each_get_their_own_name_and_working_link(app):
    with arrange(app):
        event_id = seved_event().id
    client = client_at(app, "198.51.100.7")
    paths = {}
    for name, email in (("Amira Hassan", "amira@example.se"), ("Nils Holm", "nils@example.se")):
        response = client.post(
            f"/events/{event_id}/register", data=form_data(contact_name=name, email=email, preferred_language="en")
        )
        paths[email] = manage_path(response)

    for name, email, other in (("Amira Hassan", "amira@example.se", "Nils"), ("Nils Holm", "nils@example.se", "Amira")):
        [message] = queued(app, kind="registration_confirmed", to=email)
        assert f"Hello {name}," in message.text and f"Hello {name}," in message.html_text
        assert other not in message.body_text and other not in message.body_html
        manage_url = f"{PUBLIC_URL}{paths[email]}"
        assert manage_url in message.body_text and manage_url in message.links()
        assert name in client_at(app, "198.51.100.8").get(paths[email]).get_data(as_text=True)
    with look(app):
        assert db.session.scalar(select(Registration.id).where(Registration.email == "nils@example.se"))
