"""Security headers, escaping, templated error pages and a clean rollback behind a failure."""

import re

import pytest
from sqlalchemy import func, select

from dialogue.access import role_required
from dialogue.extensions import db
from dialogue.neighbourhoods.models import Neighbourhood
from dialogue.permissions import Role
from tests.conftest import close_connections, make_app
from tests.factories import login, make_event, make_neighbourhood, make_user
from tests.support import use_english

HOSTILE_TITLE = '<script>alert("owned")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def pages(app):
    """Every kind of public page, with content on it."""
    with app.app_context():
        neighbourhood = make_neighbourhood(slug="sege-park")
        event = make_event(neighbourhood)
        db.session.commit()
        return [
            "/",
            "/events/",
            f"/events/{event.id}",
            "/neighbourhoods/",
            "/neighbourhoods/sege-park",
            "/account/login",
            "/account/signup",
            "/no-such-page",
            f"/events/{event.id}/register",
        ]


def test_security_headers_on_every_page(client, pages):
    for path in pages:
        headers = client.get(path).headers
        policy = headers.get("Content-Security-Policy", "")
        assert "default-src 'self'" in policy, path
        assert "unsafe-inline" not in policy, path
        assert "unsafe-eval" not in policy, path
        assert headers.get("X-Content-Type-Options") == "nosniff", path


def test_pages_have_no_inline_scripts_styles_or_event_handlers(client, pages):
    for path in pages:
        page = client.get(path).get_data(as_text=True)
        for script in re.findall(r"<script\b[^>]*>", page):
            assert "src=" in script, f"inline script on {path}"
        assert "<style" not in page, path
        assert not re.search(r"\sstyle=", page), f"style attribute on {path}"
        assert not re.search(r"\son[a-z]+=", page), f"event handler attribute on {path}"


def test_html_in_an_event_title_is_escaped_everywhere(client, ctx):
    neighbourhood = make_neighbourhood(slug="amiralsstaden")
    event = make_event(neighbourhood, title=HOSTILE_TITLE, description=HOSTILE_TITLE)
    db.session.commit()

    for path in ("/", "/events/", f"/events/{event.id}", "/neighbourhoods/amiralsstaden"):
        page = client.get(path).get_data(as_text=True)
        assert "&lt;script&gt;alert(" in page, path
        assert "<script>alert(" not in page, path
        assert "<img src=x" not in page, path


def test_language_switcher_refuses_unknown_languages_and_other_sites(client):
    assert client.post("/language", data={"language": "xx"}).status_code == 400
    assert 'lang="sv"' in client.get("/").get_data(as_text=True)

    response = client.post("/language", data={"language": "en", "next": "//evil.example/"})

    assert response.headers["Location"] == "/"
    assert 'lang="en"' in client.get("/").get_data(as_text=True)


def test_method_not_allowed_is_a_templated_page(client):
    use_english(client)

    response = client.get("/account/logout")

    assert response.status_code == 405
    assert "Error code 405" in response.get_data(as_text=True)


# The 403 and 500 pages need routes that forbid and fail; they are added to an app of their own.


@pytest.fixture
def failing_app(sqlite_url):
    app = make_app(sqlite_url, PROPAGATE_EXCEPTIONS=False)
    seen = {}

    @app.get("/test/fails-after-writing")
    def fails_after_writing():
        db.session.add(Neighbourhood(name="Half-written", slug="half-written", district="Nowhere"))
        db.session.flush()
        raise RuntimeError("something broke after a write")

    @app.get("/test/admins-only")
    @role_required(Role.ADMIN)
    def admins_only():
        return "secret"

    @app.teardown_request
    def look_at_the_session(error=None):
        # Runs after the error handler and before the session is removed: what would a later write see?
        seen["rows_in_session"] = db.session.scalar(select(func.count()).select_from(Neighbourhood))

    app.seen = seen
    yield app
    close_connections(app)


def test_500_page_is_templated_and_the_session_is_rolled_back(failing_app):
    client = failing_app.test_client()
    use_english(client)

    response = client.get("/test/fails-after-writing")

    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Something went wrong on our side" in page
    assert "Error code 500" in page
    assert "RuntimeError" not in page
    assert failing_app.seen["rows_in_session"] == 0
    with failing_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Neighbourhood)) == 0


def test_403_page_is_templated(failing_app):
    client = failing_app.test_client()
    with failing_app.app_context():
        make_user(email="resident@example.se")
        db.session.commit()
    login(client, "resident@example.se")
    use_english(client)

    response = client.get("/test/admins-only")

    assert response.status_code == 403
    page = response.get_data(as_text=True)
    assert "You do not have access to this page" in page
    assert "Error code 403" in page
    assert "secret" not in page


def test_forbidden_page_sends_anonymous_visitors_to_log_in(failing_app):
    response = failing_app.test_client().get("/test/admins-only")

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/account/login")


def test_a_page_number_too_large_for_the_database_is_a_404_on_staff_lists(app):
    from dialogue.permissions import Role
    from tests.factories import login, make_user
    from tests.support import arrange

    with arrange(app):
        make_user(role=Role.PROCESS_LEADER, email="leader@example.se")
    client = app.test_client()
    login(client, "leader@example.se")
    for url in ("/review", "/staff/reports"):
        assert client.get(f"{url}?page=100000000000000000000").status_code == 404, url
