"""Visitors' public pages kept in the page cache (dialogue.page_cache): served again without a template, and never
after a write. For every interface language and every kind of write (a registration, its cancellation, an answer
from a property owner, a moderation, an event edited by staff), a visitor's page is first served from the cache,
then, on the very first request after the write, rendered anew with the change, on PostgreSQL, whose sequence
`page_version` keys the cache.

Also: a write to a table no public page shows leaves the kept pages alone; a logged-in person's public pages and
pages with a message waiting are never kept; every visitor's forms carry their own CSRF token; the rate limits count
pages served from the cache; on SQLite nothing is kept. The staff pages kept for their reader (review queue, an
event's registrations, dashboard, indicators) change on the first request after a write too, are never served to
another reader, and are refused to a reader who may no longer see them.
"""

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from flask import template_rendered
from sqlalchemy import text

from config import Config
from dialogue import page_cache
from dialogue.extensions import db
from dialogue.permissions import Role
from tests.conftest import close_connections, make_app
from tests.factories import login, make_developer, make_proposal
from tests.planning.helpers import build_world, event_form
from tests.registrations.helpers import form_data, manage_path
from tests.support import arrange, csrf_token_from

LANGUAGES = sorted(Config.LANGUAGES)
ANSWER = "Two benches by the playground in May."
NEW_TITLE = "Dance the square, moved to Sege Park"


@pytest.fixture(autouse=True)
def still_clock(monkeypatch):
    """The minute in the page cache's key stands still, so that no test sees a page expire when a minute turns;
    `still_clock["now"]` moves it."""
    clock = {"now": datetime(2026, 11, 30, 12, 0, 30, tzinfo=UTC)}
    monkeypatch.setattr(page_cache, "utcnow", lambda: clock["now"])
    return clock


@dataclass
class Place:
    event_id: int
    proposal_id: int
    proposal_title: str
    neighbourhood_slug: str
    leader_email: str
    developer_email: str


def build_place(app) -> Place:
    """An event with three places, a proposal in its neighbourhood, a process leader and a developer there."""
    world = build_world(app, roles=(Role.PROCESS_LEADER,), capacity=3)
    with arrange(app):
        from dialogue.neighbourhoods.models import Neighbourhood

        neighbourhood = db.session.get(Neighbourhood, world.neighbourhood_id)
        make_developer([neighbourhood], email="builder@example.se")
        proposal = make_proposal(neighbourhood, title="Benches along the path")
        place = Place(
            event_id=world.event_id,
            proposal_id=proposal.id,
            proposal_title=proposal.title,
            neighbourhood_slug=neighbourhood.slug,
            leader_email=world.emails[Role.PROCESS_LEADER],
            developer_email="builder@example.se",
        )
    place.world = world
    return place


@contextmanager
def counted_renders(app):
    rendered = []

    def record(sender, template, context, **extra):
        rendered.append(template.name)

    template_rendered.connect(record, app)
    try:
        yield rendered
    finally:
        template_rendered.disconnect(record, app)


class Visitor:
    """A person who is not logged in, reading in `language` (their browser's), who counts the templates each of
    their pages needed."""

    def __init__(self, app, language: str):
        self.app, self.language = app, language
        self.client = app.test_client()

    def get(self, path: str):
        with counted_renders(self.app) as rendered:
            response = self.client.get(path, headers={"Accept-Language": self.language})
        response.rendered = rendered
        if response.status_code == 200:
            assert f'<html lang="{self.language}"' in response.get_data(as_text=True)
        return response


def writer(app, email: str | None = None):
    client = app.test_client()
    if email:
        assert login(client, email).status_code == 302
    return client


def register_three(app, place: Place) -> str:
    response = writer(app).post(f"/events/{place.event_id}/register", data=form_data(adults="3"))
    return manage_path(response)


# Each write: what it does, and for each page it changes, what the page shows after it.
def full(html: str) -> bool:
    return "tag-full" in html


WRITES = {
    "registration": (
        lambda app, place, state: register_three(app, place),
        {
            "/events/{event_id}": lambda response, place: full(response.get_data(as_text=True)),
            "/events/": lambda response, place: full(response.get_data(as_text=True)),
        },
    ),
    "cancellation": (
        lambda app, place, state: writer(app).post(state["manage"] + "/cancel").status_code == 302,
        {
            "/events/{event_id}": lambda response, place: not full(response.get_data(as_text=True)),
            "/events/": lambda response, place: not full(response.get_data(as_text=True)),
        },
    ),
    "answer": (
        lambda app, place, state: (
            writer(app, place.developer_email)
            .post(f"/review/proposals/{place.proposal_id}/answer", data={"status": "planned", "text": ANSWER})
            .status_code
            == 302
        ),
        {
            "/proposals/{proposal_id}": lambda response, place: ANSWER in response.get_data(as_text=True),
            "/neighbourhoods/{slug}": lambda response, place: (
                f"/proposals/{place.proposal_id}" in response.get_data(as_text=True)
            ),
        },
    ),
    "moderation": (
        lambda app, place, state: (
            writer(app, place.leader_email)
            .post(f"/staff/contributions/{place.proposal_id}/moderate", data={"action": "hide", "reason": "A name"})
            .status_code
            == 302
        ),
        {
            "/proposals/{proposal_id}": lambda response, place: response.status_code == 404,
            "/neighbourhoods/{slug}/proposals": lambda response, place: (
                place.proposal_title not in response.get_data(as_text=True)
            ),
        },
    ),
    "event edit": (
        lambda app, place, state: (
            writer(app, place.leader_email)
            .post(f"/staff/events/{place.event_id}/edit", data=event_form(place.world, title=NEW_TITLE, capacity="3"))
            .status_code
            == 302
        ),
        {
            "/": lambda response, place: NEW_TITLE in response.get_data(as_text=True),
            "/events/{event_id}": lambda response, place: NEW_TITLE in response.get_data(as_text=True),
            "/events/": lambda response, place: NEW_TITLE in response.get_data(as_text=True),
        },
    ),
}


def path_of(template: str, place: Place) -> str:
    return template.format(event_id=place.event_id, proposal_id=place.proposal_id, slug=place.neighbourhood_slug)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("write", list(WRITES))
def test_a_kept_page_changes_on_the_first_request_after_a_write(pg_app, language, write):
    place = build_place(pg_app)
    state = {"manage": register_three(pg_app, place)} if write == "cancellation" else {}
    act, changed_pages = WRITES[write]
    visitor = Visitor(pg_app, language)
    paths = [path_of(template, place) for template in changed_pages]

    for path, shows_the_change in zip(paths, changed_pages.values(), strict=True):
        first, again = visitor.get(path), visitor.get(path)
        assert first.status_code == again.status_code == 200, path
        assert first.rendered, f"{path} was rendered the first time"
        assert again.rendered == [], f"{path} was served from the cache the second time"
        assert not shows_the_change(again, place), f"{path} shows the change before it was made"

    assert act(pg_app, place, state) is not False

    for path, shows_the_change in zip(paths, changed_pages.values(), strict=True):
        after = visitor.get(path)
        assert after.rendered, f"{path} was rendered anew after the {write}"
        assert shows_the_change(after, place), f"{path} shows the {write} on the first request after it"


def test_without_the_write_version_in_the_key_the_cache_would_serve_a_stale_page(pg_app, monkeypatch):
    """The test above can fail: with a key that ignores the database's write version, the page kept before a
    registration is served after it."""
    place = build_place(pg_app)
    monkeypatch.setattr(page_cache, "write_version", lambda: 1)
    visitor = Visitor(pg_app, "sv")
    path = f"/events/{place.event_id}"
    assert not full(visitor.get(path).get_data(as_text=True))
    register_three(pg_app, place)
    stale = visitor.get(path)
    assert stale.rendered == [] and not full(stale.get_data(as_text=True))


def test_a_logged_in_persons_pages_are_never_kept_nor_served_from_the_cache(pg_app):
    place = build_place(pg_app)
    visitor = Visitor(pg_app, "sv")
    assert visitor.get("/").rendered and visitor.get("/").rendered == []  # kept for visitors
    leader = writer(pg_app, place.leader_email)
    for _ in range(2):
        with counted_renders(pg_app) as rendered:
            page = leader.get("/", headers={"Accept-Language": "sv"})
        assert rendered, "a logged-in person's page is rendered for them"
        assert "/account/logout" in page.get_data(as_text=True)
    assert "/account/logout" not in visitor.get("/").get_data(as_text=True)


def test_a_page_with_a_message_waiting_is_rendered_for_its_reader_and_not_kept(pg_app):
    place = build_place(pg_app)
    visitor = Visitor(pg_app, "en")
    path = f"/events/{place.event_id}"
    visitor.get(path)
    with visitor.client.session_transaction() as session:
        session["_flashes"] = [("info", "A message only for this visitor")]
    page = visitor.get(path)
    assert page.rendered and "A message only for this visitor" in page.get_data(as_text=True)
    other = Visitor(pg_app, "en").get(path)
    assert other.rendered == [] and "A message only for this visitor" not in other.get_data(as_text=True)


@pytest.fixture
def pg_csrf_app(postgres_url):
    app = make_app(postgres_url, WTF_CSRF_ENABLED=True)
    yield app
    close_connections(app)


def test_each_visitor_gets_their_own_token_in_a_kept_page_and_it_works(pg_csrf_app):
    app = pg_csrf_app
    place = build_place(app)
    path = f"/events/{place.event_id}"
    first, second = Visitor(app, "sv"), Visitor(app, "sv")
    kept = first.get(path)
    served = second.get(path)
    assert kept.rendered and served.rendered == []
    html = served.get_data(as_text=True)
    assert str(page_cache.TOKEN_MARK) not in html and str(page_cache.TOKEN_MARK) not in kept.get_data(as_text=True)
    token = csrf_token_from(html)
    assert token != csrf_token_from(kept)
    registered = second.client.post(f"/events/{place.event_id}/register", data={**form_data(), "csrf_token": token})
    assert registered.status_code == 302, "the token in a page served from the cache is the reader's own"
    refused = Visitor(app, "sv").client.post(
        f"/events/{place.event_id}/register", data={**form_data(email="other@example.se"), "csrf_token": token}
    )
    assert refused.status_code == 400, "another person's token is refused"


def test_a_text_that_looks_like_the_token_mark_stays_text(pg_app):
    with arrange(pg_app):
        from tests.factories import make_neighbourhood

        proposal = make_proposal(make_neighbourhood(), title=str(page_cache.TOKEN_MARK))
        proposal_id = proposal.id
    visitor = Visitor(pg_app, "sv")
    for page in (visitor.get(f"/proposals/{proposal_id}"), visitor.get(f"/proposals/{proposal_id}")):
        assert "&lt;dialogue-csrf-token&gt;" in page.get_data(as_text=True)


def test_the_rate_limits_count_pages_served_from_the_cache(postgres_url):
    app = make_app(postgres_url, RATE_LIMIT_SEARCH="3 per minute")
    try:
        visitor = Visitor(app, "sv")
        answers = [visitor.get("/events/") for _ in range(4)]
        assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
        assert answers[1].rendered == [] and answers[2].rendered == []
    finally:
        close_connections(app)


def test_on_sqlite_every_page_is_rendered(app):
    build_place(app)
    visitor = Visitor(app, "sv")
    assert visitor.get("/").rendered and visitor.get("/").rendered


def test_a_cache_turned_off_renders_every_page(postgres_url):
    app = make_app(postgres_url, PAGE_CACHE_SECONDS=0)
    try:
        build_place(app)
        visitor = Visitor(app, "sv")
        assert visitor.get("/").rendered and visitor.get("/").rendered
    finally:
        close_connections(app)


def test_a_wrong_password_and_a_refused_registration_leave_the_kept_pages_alone(pg_app):
    """Only writes a page can show advance the version: not a wrong password (the login throttle, the audit log),
    and not a registration refused and rolled back; a script sending either cannot empty the cache."""
    place = build_place(pg_app)
    visitor = Visitor(pg_app, "fi")
    path = f"/events/{place.event_id}"
    visitor.get(path)
    wrong = writer(pg_app).post("/account/login", data={"email": place.leader_email, "password": "not-the-password"})
    assert wrong.status_code < 500
    refused = writer(pg_app).post(f"/events/{place.event_id}/register", data=form_data(adults="99"))
    assert refused.status_code == 422
    assert visitor.get(path).rendered == []


def test_the_migrations_make_the_sequence_the_cache_reads(empty_postgres_url):
    from tests.test_migrations import flask_db

    app = make_app(empty_postgres_url)
    try:
        assert flask_db(app, "upgrade").exit_code == 0
        with app.app_context():
            assert page_cache.write_version() == 1
            db.session.rollback()
        build_place(app)
        with app.app_context():
            assert page_cache.write_version() > 1, "building the place wrote events and proposals"
            db.session.rollback()
        assert flask_db(app, "downgrade", "0012_waitlist_length").exit_code == 0
        with app.app_context():
            assert not db.session.scalar(text("SELECT count(*) FROM pg_class WHERE relname = 'page_version'"))
            db.session.rollback()
    finally:
        close_connections(app)


def test_a_kept_page_is_rendered_anew_when_the_minute_turns(pg_app, still_clock):
    """What changes with the clock alone (an event that has started leaves the upcoming lists) shows within a
    minute: the minute is part of the key."""
    build_place(pg_app)
    visitor = Visitor(pg_app, "sv")
    assert visitor.get("/").rendered and visitor.get("/").rendered == []
    still_clock["now"] += timedelta(seconds=29)
    assert visitor.get("/").rendered == []
    still_clock["now"] += timedelta(seconds=1)
    assert visitor.get("/").rendered, "12:01:00 is another minute than 12:00:59"


class Reader:
    """A signed-in person who counts the templates each of their pages needed; the welcome after logging in is read
    on the start page (a page with a message waiting is never kept)."""

    def __init__(self, app, email: str):
        self.app, self.client = app, writer(app, email)
        assert self.client.get("/").status_code == 200

    def get(self, path: str):
        with counted_renders(self.app) as rendered:
            response = self.client.get(path, headers={"Accept-Language": "en"})
        response.rendered = rendered
        return response


NEW_PROPOSAL = "A ramp up to the library"
YEAR = datetime.now(UTC).year


def new_proposal(app, place: Place, state: dict) -> None:
    with arrange(app):
        from dialogue.contributions.models import Contribution

        neighbourhood = db.session.get(Contribution, place.proposal_id).neighbourhood
        make_proposal(neighbourhood, title=NEW_PROPOSAL)


def proposals_in_the_indicators(response) -> str:
    """The indicators page's figures, as the text of its tables."""
    html = response.get_data(as_text=True)
    return html[html.index("<main") :]


# Each staff page kept for its reader: who reads it, a write it shows, and what it shows after it.
STAFF_PAGES = {
    "review queue": (
        "developer",
        "/review",
        new_proposal,
        lambda response: NEW_PROPOSAL in response.get_data(as_text=True),
    ),
    "registrations": (
        "leader",
        "/staff/events/{event_id}/registrations",
        lambda app, place, state: register_three(app, place),
        lambda response: "amira@example.se" in response.get_data(as_text=True),
    ),
    "dashboard": (
        "leader",
        "/staff/",
        WRITES["event edit"][0],
        lambda response: NEW_TITLE in response.get_data(as_text=True),
    ),
    "indicators": (
        "leader",
        f"/staff/indicators?from={YEAR}-01-01&to={YEAR}-12-31",
        new_proposal,
        None,  # the figures are compared before and after
    ),
}


def reader_of(app, place: Place, who: str) -> Reader:
    return Reader(app, place.developer_email if who == "developer" else place.leader_email)


@pytest.mark.parametrize("page", list(STAFF_PAGES))
def test_a_staff_page_kept_for_its_reader_changes_on_the_first_request_after_a_write(pg_app, page):
    place = build_place(pg_app)
    who, template, act, shows_the_change = STAFF_PAGES[page]
    reader, path = reader_of(pg_app, place, who), path_of(template, place)

    first, again = reader.get(path), reader.get(path)
    assert first.status_code == again.status_code == 200
    assert first.rendered and again.rendered == [], "rendered once, then served from the cache"
    assert again.get_data() == first.get_data()
    if shows_the_change:
        assert not shows_the_change(again), "the page shows the change before it was made"

    act(pg_app, place, {})

    after = reader.get(path)
    assert after.status_code == 200 and after.rendered, f"the {page} is rendered anew after the write"
    if shows_the_change:
        assert shows_the_change(after)
    else:
        assert proposals_in_the_indicators(after) != proposals_in_the_indicators(first)


@pytest.mark.parametrize("page", ["registrations", "dashboard", "indicators"])
def test_a_staff_page_is_never_served_to_another_reader(pg_app, monkeypatch, page):
    """Even with a key that never changed otherwise (logging in writes to the account), a second process leader is
    not served the first one's page."""
    place = build_place(pg_app)
    monkeypatch.setattr(page_cache, "write_version", lambda: 1)
    _, template, _, _ = STAFF_PAGES[page]
    with arrange(pg_app):
        from tests.factories import make_user

        make_user(Role.PROCESS_LEADER, email="second.leader@example.se")
    path = path_of(template, place)
    first = reader_of(pg_app, place, "leader")
    assert first.get(path).rendered and first.get(path).rendered == []
    second = Reader(pg_app, "second.leader@example.se").get(path)
    assert second.status_code == 200 and second.rendered, "the second reader's page is rendered for them"


def test_a_reader_who_may_no_longer_see_a_kept_page_is_refused_it(pg_app, monkeypatch):
    """The check that the reader may see the page comes before the cache: even with a key that never changed (as if
    nothing had been written), a leader made a resident is refused the dashboard kept for them."""
    place = build_place(pg_app)
    monkeypatch.setattr(page_cache, "write_version", lambda: 1)
    reader = reader_of(pg_app, place, "leader")
    assert reader.get("/staff/").rendered and reader.get("/staff/").rendered == []
    with arrange(pg_app):
        from dialogue.accounts.models import User

        db.session.scalar(db.select(User).filter_by(email=place.leader_email)).role = Role.RESIDENT
    refused = reader.get("/staff/")
    assert refused.status_code in (302, 403) and "/staff/events/" not in refused.get_data(as_text=True)


def test_logging_out_ends_the_pages_kept_for_the_session(pg_app, monkeypatch):
    """A kept staff page is keyed by its reader's session number: after logging out and in again, even with a key
    that never changed otherwise, the page is rendered anew for the new session."""
    place = build_place(pg_app)
    monkeypatch.setattr(page_cache, "write_version", lambda: 1)
    reader = reader_of(pg_app, place, "leader")
    assert reader.get("/staff/").rendered and reader.get("/staff/").rendered == []
    assert reader.client.post("/account/logout").status_code == 302
    assert login(reader.client, place.leader_email).status_code == 302
    assert reader.client.get("/").status_code == 200  # the welcome is read
    assert reader.get("/staff/").rendered
