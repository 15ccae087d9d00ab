"""Every public form that writes, and the searches and feeds a script could walk, are limited per client address:
past the configured rate the answer is the 429 page and nothing is written. Each limit is its own setting."""

from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from dialogue.contributions.models import Contribution, Report, Support
from dialogue.extensions import db
from dialogue.registrations.models import Registration
from tests.contributions.test_public_forms import GOOD_PROPOSAL
from tests.factories import make_event, make_proposal, make_registration
from tests.registrations.helpers import form_data
from tests.support import arrange, look


@dataclass(frozen=True)
class World:
    event_id: int
    slug: str
    proposal_id: int
    token: str


@pytest.fixture
def world(app) -> World:
    with arrange(app):
        event = make_event()
        proposal = make_proposal(event.neighbourhood)
        registration = make_registration(event, email="amira@example.se")
        return World(event.id, event.neighbourhood.slug, proposal.id, registration.manage_token)


def count(app, model) -> int:
    with look(app):
        return db.session.scalar(select(func.count()).select_from(model))


def registration_form(world: World, email: str) -> dict:
    return form_data(contact_name="Sara Lind", email=email)


WRITES = {
    "registration": (
        "RATE_LIMIT_REGISTRATION",
        lambda w: f"/events/{w.event_id}/register",
        lambda w, n: registration_form(w, f"guest{n}@example.se"),
        Registration,
    ),
    "proposal": (
        "RATE_LIMIT_CONTRIBUTION",
        lambda w: f"/neighbourhoods/{w.slug}/proposals/new",
        lambda w, n: {**GOOD_PROPOSAL, "title": f"Benches {n}"},
        Contribution,
    ),
    "feedback": (
        "RATE_LIMIT_CONTRIBUTION",
        lambda w: f"/neighbourhoods/{w.slug}/feedback/new",
        lambda w, n: {"body": f"A good evening, number {n}.", "rating": "4"},
        Contribution,
    ),
    "support": ("RATE_LIMIT_SUPPORT", lambda w: f"/proposals/{w.proposal_id}/support", lambda w, n: {}, Support),
    "report": (
        "RATE_LIMIT_REPORT",
        lambda w: f"/contributions/{w.proposal_id}/report",
        lambda w, n: {"reason": f"This is not right, {n}."},
        Report,
    ),
}


@pytest.mark.parametrize("form", WRITES)
def test_a_public_form_stops_at_its_limit_and_writes_nothing_more(app, world, form):
    setting, path, data, model = WRITES[form]
    app.config[setting] = "2 per minute"
    client = app.test_client()
    before = count(app, model)
    codes = [client.post(path(world), data=data(world, n)).status_code for n in range(2)]
    written = count(app, model)

    refused = client.post(path(world), data=data(world, 2))

    assert 429 not in codes, codes
    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 60
    assert "call" in refused.get_data(as_text=True) or "ring" in refused.get_data(as_text=True)
    assert count(app, model) == written
    if form != "support":  # a second support from the same browser takes the first back
        assert written > before, f"the {form} form wrote nothing before the limit, so the test shows nothing"
    # Reading the form is not limited by its sending.
    assert client.get(path(world)).status_code != 429 or form == "support"


def test_cancelling_through_the_manage_link_is_limited(app, world):
    app.config["RATE_LIMIT_REGISTRATION"] = "1 per minute"
    client = app.test_client()
    assert client.post(f"/registrations/{world.token}/cancel", data={}).status_code != 429
    assert client.post(f"/registrations/{world.token}/cancel", data={}).status_code == 429


READS = {
    "event list": ("RATE_LIMIT_SEARCH", lambda w: "/events/?kind=citizen_dialogue"),
    "proposal list": ("RATE_LIMIT_SEARCH", lambda w: f"/neighbourhoods/{w.slug}/proposals?sort=most_supported"),
    "feed of every event": ("RATE_LIMIT_FEEDS", lambda w: "/calendar/events.ics"),
    "neighbourhood feed": ("RATE_LIMIT_FEEDS", lambda w: f"/calendar/neighbourhoods/{w.slug}.ics"),
    "kind feed": ("RATE_LIMIT_FEEDS", lambda w: "/calendar/kinds/citizen_dialogue.ics"),
    "event calendar file": ("RATE_LIMIT_FEEDS", lambda w: f"/events/{w.event_id}/calendar.ics"),
}


@pytest.mark.parametrize("read", READS)
def test_searches_and_feeds_stop_at_their_limit(app, world, read):
    setting, path = READS[read]
    app.config[setting] = "3 per minute"
    client = app.test_client()
    codes = [client.get(path(world)).status_code for _ in range(4)]
    assert codes[:3] == [200, 200, 200] and codes[3] == 429
    other = client.get(path(world), environ_base={"REMOTE_ADDR": "192.0.2.9"})
    assert other.status_code == 200  # somebody else reads on


def test_a_refused_registration_does_not_count_so_a_person_can_correct_the_form(app, world):
    app.config["RATE_LIMIT_REGISTRATION"] = "2 per minute"
    client = app.test_client()
    path = f"/events/{world.event_id}/register"
    refused = [client.post(path, data=form_data(email="not an address")).status_code for _ in range(3)]
    assert refused == [422, 422, 422]
    written = [client.post(path, data=form_data(email=f"guest{n}@example.se")).status_code for n in range(3)]
    assert written == [302, 302, 429]


def test_answers_within_the_limits_carry_no_rate_limit_headers(app, world):
    # Each such header would cost every limited request one more round trip to the store of the counts.
    client = app.test_client()
    path = f"/events/{world.event_id}/register"
    answers = [client.get(path), client.post(path, data=registration_form(world, "sara@example.se"))]
    assert [answer.status_code for answer in answers] == [200, 302]
    limit_headers = [name for answer in answers for name, _ in answer.headers if name.lower().startswith("x-ratelimit")]
    assert not limit_headers
