"""The personal feed: a secret address, shown once, stored only as a hash, renewable; the person's own
confirmed and waiting registrations and nothing else."""

import hashlib
import re

import pytest
from sqlalchemy import select

from dialogue.accounts.models import User
from dialogue.events.models import Event, EventStatus
from dialogue.extensions import db
from dialogue.registrations.cancellation import cancel
from tests.calendars.helpers import STOCKHOLM_TZID, feed_events, parse_calendar, uid_of
from tests.factories import login, make_event, make_registration, make_user
from tests.registrations.helpers import element_text
from tests.support import arrange, log_in_with_token

FEED_PATH = re.compile(r"^http://localhost(/calendar/personal/[\w-]{43}\.ics)$")


@pytest.fixture
def person(app):
    """A logged-in resident who reads the site in English; (their id, a client with their session)."""
    with arrange(app):
        user = make_user(email="amira@example.se", preferred_language="en")
        user_id = user.id
    client = app.test_client()
    login(client, "amira@example.se")
    return user_id, client


def make_feed(client) -> str:
    """Creates or renews the feed as a person does on My registrations; returns its path, read off the page."""
    response = client.post("/my/calendar/renew")
    assert response.status_code == 302
    assert response.headers["Location"] == "/my/registrations#personal-calendar"
    page = client.get("/my/registrations").get_data(as_text=True)
    address = element_text(page, "personal-calendar-url")
    assert address, "the new address is not shown"
    match = FEED_PATH.match(address)
    assert match, address
    return match.group(1)


def stored_hash(app, user_id: int) -> str | None:
    with app.app_context():
        return db.session.get(User, user_id).calendar_token_hash


def test_the_address_is_shown_once_and_only_its_hash_is_stored(app, person):
    user_id, client = person
    before = client.get("/my/registrations").get_data(as_text=True)
    assert element_text(before, "personal-calendar-url") is None
    assert element_text(before, "personal-calendar-renew")

    path = make_feed(client)

    token = path.removeprefix("/calendar/personal/").removesuffix(".ics")
    assert stored_hash(app, user_id) == hashlib.sha256(token.encode()).hexdigest()
    with app.app_context():
        assert db.session.scalar(select(User.id).where(User.calendar_token_hash == token)) is None
    later = client.get("/my/registrations").get_data(as_text=True)
    assert element_text(later, "personal-calendar-url") is None
    assert token not in later
    assert element_text(later, "personal-calendar-state")


def test_the_feed_has_the_persons_confirmed_and_waiting_registrations_only(app, person):
    user_id, client = person
    with arrange(app):
        user = db.session.get(User, user_id)
        confirmed = make_event(title="Park dialogue", capacity=10)
        full = make_event(title="Dance workshop", capacity=1)
        make_registration(full)  # someone else takes the only place
        cancelled = make_event(title="Lunch seminar")
        someone_elses = make_event(title="Exhibition")
        cancelled_by_city = make_event(title="Walk", status=EventStatus.PUBLISHED)
        make_registration(confirmed, email=user.email, user=user)
        make_registration(full, email=user.email, user=user)
        cancel(make_registration(cancelled, email=user.email, user=user).registration.id)
        make_registration(someone_elses)
        make_registration(cancelled_by_city, email=user.email, user=user)
        cancelled_by_city.status = EventStatus.CANCELLED
        cancelled_by_city.revision += 1
        ids = {"confirmed": confirmed.id, "full": full.id, "city": cancelled_by_city.id}
    path = make_feed(client)

    response = app.test_client().get(path)  # a calendar app: no session, no cookie

    entries = feed_events(parse_calendar(response))
    assert set(entries) == {uid_of(ids["confirmed"]), uid_of(ids["full"]), uid_of(ids["city"])}
    assert entries[uid_of(ids["confirmed"])].summary == "Park dialogue"
    assert entries[uid_of(ids["full"])].summary == "(waiting list) Dance workshop"
    assert entries[uid_of(ids["city"])].status == "CANCELLED"
    assert all(entry.start_tzid == STOCKHOLM_TZID for entry in entries.values())
    assert response.headers["Cache-Control"].startswith("private")


def test_an_event_turned_back_into_a_draft_leaves_the_feed(app, person):
    user_id, client = person
    with arrange(app):
        user = db.session.get(User, user_id)
        event = make_event()
        make_registration(event, email=user.email, user=user)
        event_id = event.id
    path = make_feed(client)
    assert uid_of(event_id) in feed_events(parse_calendar(client.get(path)))

    with arrange(app):
        db.session.get(Event, event_id).status = EventStatus.DRAFT

    assert feed_events(parse_calendar(client.get(path))) == {}


def test_renewing_retires_the_old_address(app, person):
    _user_id, client = person
    old = make_feed(client)
    assert client.get(old).status_code == 200

    new = make_feed(client)

    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_stopping_retires_the_address(app, person):
    user_id, client = person
    path = make_feed(client)

    response = client.post("/my/calendar/stop")

    assert response.status_code == 302
    assert client.get(path).status_code == 404
    assert stored_hash(app, user_id) is None
    page = client.get("/my/registrations").get_data(as_text=True)
    assert element_text(page, "personal-calendar-stop") is None


@pytest.mark.parametrize(
    "token", ["A" * 43, "short", "x" * 500, "A" * 42 + "%21"], ids=["unknown", "short", "long", "bad-character"]
)
def test_unknown_tokens_are_not_found(client, token):
    assert client.get(f"/calendar/personal/{token}.ics").status_code == 404


def test_making_an_address_needs_a_login(client):
    response = client.post("/my/calendar/renew")

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/account/login")


def test_with_csrf_on_only_the_pages_own_form_makes_an_address(csrf_app):
    with arrange(csrf_app):
        user_id = make_user(email="olle@example.se").id
    client = log_in_with_token(csrf_app.test_client(), "olle@example.se")
    page = client.get("/my/registrations").get_data(as_text=True)
    assert element_text(page, "personal-calendar-heading")

    forged = client.post("/my/calendar/renew")
    assert forged.status_code == 400
    assert stored_hash(csrf_app, user_id) is None

    form_token = re.search(
        r'action="/my/calendar/renew"[^>]*>\s*<input type="hidden" name="csrf_token" value="([^"]+)"', page
    ).group(1)
    assert client.post("/my/calendar/renew", data={"csrf_token": form_token}).status_code == 302
    assert stored_hash(csrf_app, user_id) is not None
