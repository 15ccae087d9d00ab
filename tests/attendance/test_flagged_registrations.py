"""The registrations page flags registrations that look made by a script, and says why: several from one
connection, email addresses of one pattern (numbered or random-looking at one domain), and bursts within a minute.
Registrations staff took and cancelled ones are not judged."""

from datetime import timedelta

import pytest

from dialogue.attendance.suspicion import email_pattern
from dialogue.database import utcnow
from dialogue.events.models import Event
from dialogue.extensions import db
from dialogue.registrations.cancellation import cancel
from tests.attendance.helpers import build_door, log_in_as, register_from_the_site
from tests.factories import make_registration
from tests.registrations.helpers import element_text
from tests.support import arrange, use_english

SCRIPT = "203.0.113.9"


def page(client, event_id: int) -> str:
    response = client.get(f"/staff/events/{event_id}/registrations")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def reasons(html: str, registration_id: int) -> str | None:
    return element_text(html, f"flags-{registration_id}")


def test_each_flagged_row_says_why_and_the_others_say_nothing(app, client):
    door = build_door(app, capacity=40, people=())
    start = utcnow() - timedelta(hours=5)
    with arrange(app):
        # A script: three parties from one connection within 20 seconds, addresses numbered at one domain.
        script = [
            register_from_the_site(
                door.event_id, f"a{number}@x.example", SCRIPT, start + timedelta(seconds=10 * number)
            )
            for number in range(1, 4)
        ]
        # A family on one connection, an hour apart.
        family = [
            register_from_the_site(door.event_id, email, "198.51.100.7", start + timedelta(hours=hours))
            for hours, email in ((1, "anna.lind@example.se"), (2, "erik.lind@example.se"))
        ]
        # Random-looking names at one domain, from two connections, hours apart.
        random = [
            register_from_the_site(door.event_id, email, address, start + timedelta(hours=hours))
            for hours, email, address in (
                (3, "x7k2p9@mail.example", "192.0.2.10"),
                (4, "q3m8z1@mail.example", "192.0.2.11"),
            )
        ]
        amira = register_from_the_site(door.event_id, "amira@example.se", "192.0.2.1", start + timedelta(hours=4.5))
    log_in_as(client, door)
    use_english(client)

    html = page(client, door.event_id)

    for registration_id in script:
        assert reasons(html, registration_id) == (
            "Flagged 3 registrations from the same internet connection; 3 email addresses at x.example that differ "
            "only by a number or look random; 3 registrations within a minute"
        )
    for registration_id in family:
        assert reasons(html, registration_id) == "Flagged 2 registrations from the same internet connection"
    for registration_id in random:
        assert reasons(html, registration_id) == (
            "Flagged 2 email addresses at mail.example that differ only by a number or look random"
        )
    assert reasons(html, amira) is None
    assert "7 registrations look as if a script made them: the list says why." in element_text(html, "flagged")


def test_registrations_staff_took_and_cancelled_ones_are_not_judged(app, client):
    door = build_door(app, capacity=40, people=())
    with arrange(app):
        # Taken by staff in a row, numbered addresses: no origin, no flag.
        event = db.session.get(Event, door.event_id)
        for number in range(1, 4):
            make_registration(event, email=f"caller{number}@example.se")
        family = [
            register_from_the_site(door.event_id, email, "198.51.100.7", utcnow() - timedelta(hours=hours))
            for hours, email in ((2, "anna.lind@example.se"), (1, "erik.lind@example.se"))
        ]
        cancel(family[0])
    log_in_as(client, door)
    use_english(client)

    html = page(client, door.event_id)

    assert 'class="tag tag-flagged"' not in html
    assert element_text(html, "flagged") is None
    assert reasons(html, family[1]) is None


def test_a_burst_is_three_within_a_minute_from_any_connections(app, client):
    door = build_door(app, capacity=40, people=())
    start = utcnow() - timedelta(hours=2)
    with arrange(app):
        spaced = [
            register_from_the_site(door.event_id, email, f"192.0.2.{number}", start + timedelta(seconds=61 * number))
            for number, email in enumerate(("amira@example.se", "bo@example.se", "carla@example.se"), start=1)
        ]
        burst = [
            register_from_the_site(
                door.event_id, email, f"198.51.100.{number}", start + timedelta(minutes=30, seconds=20 * number)
            )
            for number, email in enumerate(("dana@example.se", "emil@example.se", "fatima@example.se"), start=1)
        ]
    log_in_as(client, door)
    use_english(client)

    html = page(client, door.event_id)

    assert [reasons(html, registration_id) for registration_id in spaced] == [None] * 3
    assert [reasons(html, registration_id) for registration_id in burst] == [
        "Flagged 3 registrations within a minute"
    ] * 3


@pytest.mark.parametrize(
    ("email", "pattern"),
    [
        ("a1@x.example", "a#@x.example"),
        ("A22@X.Example", "a#@x.example"),
        ("test.7.user@x.example", "test.#.user@x.example"),
        ("x7k2p9@mail.example", "random@mail.example"),
        ("xkcdqzw@mail.example", "random@mail.example"),
        ("anna1985@gmail.example", "anna#@gmail.example"),
        ("anna.lind@example.se", None),
        ("kristoffer@example.se", None),
        ("engstrom@example.se", None),
    ],
)
def test_email_patterns(email, pattern):
    assert email_pattern(email) == pattern
