"""No page scrolls sideways on a phone: Chromium at 390×844 follows every link from the start page (not signed in,
as an administrator and as a process leader) and from the staff overview, in every language of the interface, and
fails with each page whose document is wider than the window.

One page of a kind is enough: links are grouped by the route they reach (one event, one neighbourhood, one
proposal, one indicator of each name), so the crawl stays short while reaching every template. Downloads, calendar
files and photos are not pages and are left out. The languages are those of the app's LANGUAGES setting: Swedish,
English, Arabic (right to left) and Finnish.
"""

import re
import time
from collections import deque
from urllib.parse import urlsplit

from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from tests.browser.steps import ADMIN, PROCESS_LEADER, log_in_as

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 1, "is_mobile": True, "has_touch": True}
# Responses that are files, not pages.
NOT_PAGES = {"static", "contributions.photo", "moderation.photo"}
FILE_ENDINGS = (".ics", ".csv", ".xlsx", ".png", ".svg", ".pdf")
# Route arguments that name one of many records of a kind: any one of them will do.
RECORD_ARGUMENTS = {"slug", "token"}


def page_kind(app, path_and_query: str) -> str | None:
    """The route a link reaches with its arguments that are not record ids ('reports.indicator_records' with its
    figure's name), or None for a file, a link that leaves Dialogue or no route at all."""
    path = urlsplit(path_and_query).path
    if path.endswith(FILE_ENDINGS):
        return None
    try:
        endpoint, arguments = app.url_map.bind("localhost").match(path, method="GET")
    except (HTTPException, RequestRedirect):
        return None
    if endpoint in NOT_PAGES:
        return None
    kind = sorted(
        (name, value)
        for name, value in arguments.items()
        if name not in RECORD_ARGUMENTS and not isinstance(value, int)
    )
    return f"{endpoint}{kind}"


def switch_language(page, language: str) -> None:
    if page.locator("html").get_attribute("lang") != language:
        with page.expect_navigation():
            page.locator(f"form.language-switcher button[value='{language}']").click()
    assert page.locator("html").get_attribute("lang") == language


def crawl(page, live_server, starts: list[str]) -> tuple[list[str], list[str]]:
    """Visits one page of each kind reachable from `starts`; returns (the pages visited, the pages too wide)."""
    origin = urlsplit(live_server.url).netloc
    queued = deque(starts)
    kinds = {page_kind(live_server.app, start) for start in starts}
    visited, too_wide = [], []
    while queued:
        url = queued.popleft()
        response = page.goto(url)
        if response is None or response.status != 200 or "text/html" not in response.headers.get("content-type", ""):
            continue
        visited.append(url)
        # A mobile browser zooms out to show a page that is too wide (window.innerWidth grows with it), so the
        # document is measured against the phone's own width.
        width, window = page.evaluate("document.documentElement.scrollWidth"), page.viewport_size["width"]
        if width > window:
            too_wide.append(f"{url} is {width} px wide in a {window} px window")
        links = page.eval_on_selector_all("a[href]:not([download])", "links => links.map(link => link.href)")
        for link in links:
            parts = urlsplit(link)
            if parts.netloc != origin:
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            kind = page_kind(live_server.app, target)
            if kind is not None and kind not in kinds:
                kinds.add(kind)
                queued.append(target)
    return visited, too_wide


def crawl_every_way(new_page, live_server, languages) -> None:
    started = time.monotonic()
    pages, problems = 0, []
    for language in languages:
        for account in (None, ADMIN, PROCESS_LEADER):
            page = new_page(**PHONE)
            if account is None:
                page.goto("/")
                switch_language(page, language)
                starts = ["/"]
            else:
                log_in_as(page, account, language)
                starts = ["/", "/staff/"]
            visited, too_wide = crawl(page, live_server, starts)
            assert len(visited) > (10 if account is None else 30), f"only {len(visited)} pages reached"
            pages += len(visited)
            who = account.email if account else "a visitor"
            problems.extend(f"{language}, {who}: {problem}" for problem in too_wide)
    print(f"\n{pages} pages at 390×844 in {', '.join(languages)} in {time.monotonic() - started:.0f} s")
    assert not problems, "Pages that scroll sideways on a phone:\n" + "\n".join(problems)


def with_an_open_report(app) -> None:
    """The demo has no report of inappropriate content; one is made so that the crawl sees the list of open reports
    with a row in it, as process leaders do."""
    from sqlalchemy import select

    from dialogue.contributions.models import Contribution, ContributionKind
    from dialogue.contributions.services import report
    from dialogue.extensions import db

    with app.app_context():
        proposal = db.session.scalars(
            select(Contribution)
            .where(Contribution.kind == ContributionKind.PROPOSAL, Contribution.hidden_at.is_(None))
            .order_by(Contribution.id)
        ).first()
        report(proposal, "It names a neighbour who has not agreed to be named here.", reporter=None)
        db.session.commit()


def test_no_page_scrolls_sideways_in_the_languages_of_the_interface(new_page, live_server):
    with_an_open_report(live_server.app)
    crawl_every_way(new_page, live_server, list(live_server.app.config["LANGUAGES"]))


def test_the_crawl_sees_a_page_too_wide(new_page, live_server):
    """The check can fail: a page made wider than the phone is reported with its address."""
    page = new_page(**PHONE)
    page.route(
        "**/static/css/app.css",
        lambda route: route.fulfill(status=200, content_type="text/css", body="main { min-width: 500px; }"),
    )
    visited, too_wide = crawl(page, live_server, ["/privacy"])
    assert re.fullmatch(r"/privacy is 5\d\d px wide in a 390 px window", too_wide[0])
    assert len(too_wide) == len(visited) > 1
