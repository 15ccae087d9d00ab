"""Browser tests: the app served for real, driven by Chromium through Playwright, checked by axe-core.

The app runs on an SQLite file with the demo data and CSRF on, in a thread of this process, so tests can
also look at the database. One Chromium serves the session; every test gets fresh contexts (cookies,
language choice) and fails on a server error, a 5xx response, a stylesheet or script that does not load,
or a browser console error (a Content-Security-Policy violation shows up there). Without /usr/bin/chromium
the tests skip, which DIALOGUE_REQUIRE_ALL=1 (set by .ci/run) turns into failures.
"""

import os
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask, got_request_exception
from flask_babel import force_locale, gettext, ngettext
from playwright.sync_api import expect
from werkzeug.serving import make_server

from tests.conftest import close_connections, copy_sqlite_database, make_app

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOT_DIR = Path(os.environ.get("DIALOGUE_SCREENSHOT_DIR", "/tmp/dialogue-shots"))
WCAG_21_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_21_A_AA}, "resultTypes": ["violations"]}
# Stated here rather than asked of the app, so that a page in the wrong direction fails.
DIRECTION = {"sv": "ltr", "en": "ltr", "fi": "ltr", "ar": "rtl"}


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)
            # Under pytest-xdist (--dist loadgroup) they all run in one worker: one Chromium, one live server.
            item.add_marker(pytest.mark.xdist_group("browser"))


@dataclass
class LiveServer:
    app: Flask
    url: str
    errors: list[BaseException]

    def texts(self, language: str) -> "Texts":
        return Texts(self.app, language)


@dataclass
class Texts:
    """The app's own translations, so a test states what a person reads in either language."""

    app: Flask
    language: str

    def __call__(self, message: str, **variables) -> str:
        with self.app.test_request_context(), force_locale(self.language):
            return gettext(message, **variables)

    def plural(self, singular: str, plural: str, number: int, **variables) -> str:
        with self.app.test_request_context(), force_locale(self.language):
            return ngettext(singular, plural, number, **variables)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory, demo_sqlite):
    database = tmp_path_factory.mktemp("browser") / "dialogue-browser.sqlite"
    app = make_app(copy_sqlite_database(demo_sqlite[0], database), WTF_CSRF_ENABLED=True)

    errors: list[BaseException] = []

    def record_error(sender, exception, **extra):
        errors.append(exception)

    got_request_exception.connect(record_error, app)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="dialogue-live-server", daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}"
    app.config["PUBLIC_URL"] = url  # links in emails lead back to this server
    try:
        yield LiveServer(app=app, url=url, errors=errors)
    finally:
        server.shutdown()
        thread.join()
        server.server_close()
        got_request_exception.disconnect(record_error, app)
        close_connections(app)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium not installed at {CHROMIUM} (apt-get install chromium; see .ci/run)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server):
    """Opens a page in a new browser context (options as for Browser.new_context); watches it for errors."""
    contexts = []
    problems: list[str] = []
    errors_before = len(live_server.errors)

    def on_console(page, message):
        # Failed loads are judged by their response below: a 422 or 404 page can be the expected answer.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            problems.append(f"console error on {page.url}: {message.text}")

    def on_response(response):
        request = response.request
        if response.status >= 500 or (
            response.status >= 400 and request.resource_type != "document" and not request.url.endswith("/favicon.ico")
        ):
            problems.append(f"{response.status} from {request.method} {request.url}")

    def open_page(**context_options):
        context = browser.new_context(base_url=live_server.url, **context_options)
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda message: on_console(page, message))
        page.on("pageerror", lambda error: problems.append(f"JavaScript error on {page.url}: {error}"))
        page.on("response", on_response)
        return page

    yield open_page
    for context in contexts:
        context.close()
    problems.extend(f"server error: {error!r}" for error in live_server.errors[errors_before:])
    if problems:
        pytest.fail("The browser or the server reported problems:\n" + "\n".join(problems))


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture
def assert_accessible(axe):
    """Runs axe-core (WCAG 2.1 A and AA) on the page as it is now; fails with every violation, readably."""

    def check(page, what: str = "") -> None:
        page.wait_for_load_state("load")
        violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
        if violations:
            lines = [f"axe-core found {len(violations)} WCAG 2.1 A/AA violation(s) on {what or page.url}:"]
            for violation in violations:
                lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
                for node in violation["nodes"]:
                    target = " ".join(str(part) for part in node["target"])
                    summary = " ".join((node.get("failureSummary") or "").split())
                    lines.append(f"    at {target}: {summary}")
            pytest.fail("\n".join(lines))

    return check


@pytest.fixture
def check_page(assert_accessible):
    """What a journey checks on every page it visits: axe-core, the page's language and direction on <html>, and
    that nothing is wider than the window (a phone must not scroll sideways)."""

    def check(page, what: str, language: str) -> None:
        assert_accessible(page, what)
        html = page.locator("html")
        expect(html).to_have_attribute("lang", language)
        expect(html).to_have_attribute("dir", DIRECTION[language])
        width, window = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert width <= window, f"{what} is {width} px wide in a window of {window} px: it scrolls sideways"

    return check


@pytest.fixture
def screenshot():
    """Saves a full-page screenshot outside the repository, for a person to look at."""

    def take(page, name: str) -> Path:
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOT_DIR / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
