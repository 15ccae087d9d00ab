"""Only those who manage events (process leaders and administrators) may open an event's languages and change its
translations: anonymous users are sent to log in, residents and developers get 403 and change nothing, and an
unknown event is a 404 for staff too."""

import pytest
from sqlalchemy import select

from dialogue.events.models import Event, EventTranslation
from dialogue.extensions import db
from dialogue.permissions import Role
from tests.event_languages import app_in_four_languages
from tests.factories import login
from tests.planning.helpers import build_world
from tests.support import arrange, look

ROUTES = [
    ("GET", "/staff/events/{event_id}/translations"),
    ("POST", "/staff/events/{event_id}/translations/written-in"),
    ("GET", "/staff/events/{event_id}/translations/ar"),
    ("POST", "/staff/events/{event_id}/translations/ar"),
    ("POST", "/staff/events/{event_id}/translations/fi/remove"),
]
# A complete, valid submission of each form, so that only the access check can stop it.
POSTS = {
    "written-in": {"language": "en"},
    "ar": {"title": "ورشة رقص", "description": "نرقص.", "accessibility_info": ""},
    "remove": {},
}


@pytest.fixture
def app(sqlite_url):
    with app_in_four_languages(sqlite_url) as app:
        yield app


def world_with_a_finnish_translation(app, role=None):
    world = build_world(app, roles=(role,) if role else ())
    with arrange(app):
        db.session.add(EventTranslation(event_id=world.event_id, language="fi", title="Tanssi"))
    return world


def state(app, event_id: int) -> tuple:
    """The event's language and translations, to prove that a refused request changed nothing."""
    with look(app):
        event = db.session.get(Event, event_id)
        rows = db.session.scalars(select(EventTranslation).where(EventTranslation.event_id == event_id))
        return event.original_language, sorted((row.language, row.title) for row in rows)


def request(client, method: str, template: str, event_id: int):
    path = template.format(event_id=event_id)
    if method == "GET":
        return client.get(path)
    return client.post(path, data=POSTS[path.rsplit("/", 1)[-1]])


@pytest.mark.parametrize(("method", "template"), ROUTES)
def test_anonymous_users_are_sent_to_log_in(app, method, template):
    world = world_with_a_finnish_translation(app)
    before = state(app, world.event_id)

    response = request(app.test_client(), method, template, world.event_id)

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/account/login")
    assert state(app, world.event_id) == before


@pytest.mark.parametrize(("method", "template"), ROUTES)
@pytest.mark.parametrize("role", [Role.RESIDENT, Role.DEVELOPER])
def test_residents_and_developers_get_403_and_change_nothing(app, method, template, role):
    world = world_with_a_finnish_translation(app, role)
    before = state(app, world.event_id)
    client = app.test_client()
    assert login(client, world.emails[role]).status_code == 302

    assert request(client, method, template, world.event_id).status_code == 403
    assert state(app, world.event_id) == before


@pytest.mark.parametrize("role", [Role.PROCESS_LEADER, Role.ADMIN])
def test_staff_open_every_page_and_send_every_form(app, role):
    world = world_with_a_finnish_translation(app, role)
    client = app.test_client()
    assert login(client, world.emails[role]).status_code == 302

    for method, template in ROUTES:
        response = request(client, method, template, world.event_id)
        assert response.status_code == (200 if method == "GET" else 302), (method, template, response.status_code)
        if method == "POST":
            assert not response.headers["Location"].startswith("/account/login")
    assert state(app, world.event_id) == ("en", [("ar", "ورشة رقص")])


@pytest.mark.parametrize(("method", "template"), ROUTES)
def test_an_unknown_event_is_a_404_for_staff(app, method, template):
    world = world_with_a_finnish_translation(app, Role.PROCESS_LEADER)
    client = app.test_client()
    assert login(client, world.emails[Role.PROCESS_LEADER]).status_code == 302

    assert request(client, method, template, world.event_id + 1000).status_code == 404
    assert request(client, method, template, 99999999999).status_code == 404
    assert state(app, world.event_id) == ("sv", [("fi", "Tanssi")])
