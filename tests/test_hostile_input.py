"""Hostile input never gives a 500: every route, every query-string filter and every form field, as every role,
on SQLite and on PostgreSQL.

The routes come from the app's URL map, and the filters and fields from the forms the pages show, so a new route,
filter or field is covered without being listed here. First every route is opened with real ids, slugs and
tokens as each role, which finds the forms. Then:

- each part of each URL gets every hostile value;
- every filter of a page and every field of a form gets every hostile value, all fields at once in a Latin square
  (request r gives field i value (i + r) mod n), with the role changing from request to request;
- so that what lies behind a form is reached as well as its checks, each field gets the values that could pass
  those checks, one field at a time, while the others hold what a person would sensibly send (for a filter:
  nothing), as a role that was shown the form. Each form that sends must accept at least one of these, or its
  rules were never reached. A failing request of the Latin square is sent again one field at a time, so that the
  report names every failing field.

Forms that end something the other requests need (an event, a session) are sent last. Every failure is collected
and reported together; a page must also never show a hostile value unescaped.
"""

import re
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode

import pytest
from flask import Flask
from werkzeug.routing import Rule

from tests.conftest import close_connections, make_app
from tests.factories import PASSWORD
from tests.hostile_data import RETURNING_EMAIL, ROLES, HostileDataset, build_hostile_dataset
from tests.hostile_forms import PageForm, forms_on
from tests.support import arrange

SCRIPT = "<script>alert(1)</script>"
HOSTILE = {
    "whitespace": " ",
    "nul": "\x00",
    "control": "a\x01\x08\x1b\x7fb",
    "long": "x" * 10_000,
    "script": SCRIPT,
    "sql": "'; --",
    "traversal": "../",
    "negative": "-1",
    "huge": str(2**63),
    "enormous": str(10**30),
    "first_day": "0001-01-01",
    "last_day": "9999-12-31",
    "unknown": "no_such_choice",
}
KINDS = tuple(HOSTILE)
# The hostile values that a field's checks could let through to the rules behind the form, by the kind of field
# (the Latin square gives every field every value as well).
PASSABLE = {
    "text": ("whitespace", "nul", "control", "long", "script", "sql"),
    "number": ("negative", "huge", "enormous", "whitespace", "nul"),
    "date": ("first_day", "last_day", "whitespace", "nul"),
    "time": ("whitespace", "nul", "negative", "long"),
    "choice": ("unknown", "whitespace", "nul", "negative", "huge", "enormous"),
    "file": ("script", "nul", "long"),
}
FIELD_CLASSES = {"number": "number", "date": "date", "time": "time", "file": "file"} | dict.fromkeys(
    ("select", "radio", "checkbox", "button"), "choice"
)
# What a form's own rules need beyond a plain value in each required field, by endpoint.
SENSIBLE = {
    "accounts.login": {"email": RETURNING_EMAIL, "password": PASSWORD},
    # The same password again: deleting the account, sent after it, logs in with it.
    "accounts.password": {"current_password": PASSWORD, "new_password": PASSWORD, "new_password_again": PASSWORD},
    "privacy.delete_my_account": {"password": PASSWORD},
    "privacy.erase_my_registration": {"confirm": "y"},
    "privacy.erase_request": {"confirm": "y"},
    "accounts.signup": {"old_enough": "y"},
    "contributions.new_proposal": {"theme": "housing", "body": "More benches along the path, please."},
    "contributions.new_feedback": {"body": "A good evening."},
    "moderation.log_input": {
        "rows-0-theme": "housing",
        "rows-0-title": "Benches",
        "rows-0-body": "More benches along the path.",
    },
}
# Forms whose success ends what the others need, in the order they are sent, after every other form.
ENDING_LAST = (
    "moderation.merge_proposal",
    "moderation.moderate",
    "planning.cancel",
    "registrations.cancel_mine",
    "registrations.cancel_by_token",
    "privacy.erase_my_registration",
    "calendars.stop_personal_feed",
    "accounts.logout",
    "accounts.logout_everywhere",
    "accounts.password",
    "privacy.delete_my_account",
)
LOGIN_PATH = "/account/login"
_PLACEHOLDER = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")


@dataclass
class Run:
    app: Flask
    dataset: HostileDataset
    cookies: dict[str, str]  # role -> the session cookie of a real login
    requests: int = 0
    failures: list[str] = field(default_factory=list)
    reached: set[tuple[str, str]] = field(default_factory=set)  # (rule, method)
    sent: set[tuple[str, str, str]] = field(default_factory=set)  # (page or form, field, hostile kind)

    def send(self, role: str, method: str, url: str, data=None, what: str = ""):
        """One request; a 500, an exception or an unescaped hostile value is written down, not raised."""
        self.requests += 1
        label = f"{method} {url[:100]!r} as {role}{f' ({what})' if what else ''}"
        client = self.app.test_client()
        if role != "anonymous":
            client.set_cookie(self.app.config["SESSION_COOKIE_NAME"], self.cookies[role])
        try:
            response = client.open(url, method=method, data=data)
        except Exception as error:  # the testing app lets an exception through instead of answering 500
            first_line = (str(error).strip().splitlines() or [""])[0]
            self.failures.append(f"{label}: {type(error).__name__}: {first_line[:160]}")
            return None
        if response.status_code >= 500:
            self.failures.append(f"{label}: status {response.status_code}")
        if response.mimetype == "text/html" and SCRIPT.encode() in response.get_data():
            self.failures.append(f"{label}: the page shows {SCRIPT} unescaped")
        response.close()  # a static file's answer holds the file open
        return response


@dataclass
class Found:
    """What the pages showed: by page, the names its filter forms and its links to itself put in the query string
    and the roles that saw it; the forms that send, with the first role that was shown each."""

    filters: dict[str, tuple[dict[str, str], list[str]]] = field(default_factory=dict)  # name -> kind of field
    posts: dict[str, tuple[PageForm, str]] = field(default_factory=dict)


def _rules(app: Flask) -> list[Rule]:
    return sorted(app.url_map.iter_rules(), key=lambda rule: (rule.rule, rule.endpoint))


def _url(run: Run, rule: Rule, hostile: tuple[str, str] | None = None) -> str:
    """The rule's URL with real values, or with the value of `hostile` (part, value) in that part."""

    def fill(placeholder) -> str:
        converter, part = placeholder.groups()
        value = hostile[1] if hostile and hostile[0] == part else run.dataset.value_for(rule.endpoint, part)
        return quote(value, safe="/" if converter == "path" else "")

    return _PLACEHOLDER.sub(fill, rule.rule)


def _endpoint(run: Run, path: str, method: str) -> str:
    return run.app.url_map.bind("localhost").match(path, method=method)[0]


def _latin_square(names: list[str], request_number: int) -> dict[str, str]:
    return {name: KINDS[(index + request_number) % len(KINDS)] for index, name in enumerate(names)}


def open_every_route(run: Run) -> Found:
    found = Found()
    for rule in _rules(run.app):
        if "GET" not in rule.methods:
            continue
        url = _url(run, rule)
        for role in ROLES:
            response = run.send(role, "GET", url)
            run.reached.add((rule.rule, "GET"))
            if response is None or response.status_code != 200 or response.mimetype != "text/html":
                continue
            shown_filters = False
            for form in forms_on(response.get_data(as_text=True), url):
                if form.method == "get" and form.path == url and form.fields:
                    kinds = {name: page_field.kind for name, page_field in form.fields.items()}
                    found.filters.setdefault(url, ({}, []))[0].update(kinds)
                    shown_filters = True
                elif form.method == "get" and form.path != url:
                    _collect_posts_behind(run, found, form, role)
                elif form.method == "post" and form.path not in found.posts:
                    found.posts[form.path] = (form, role)
            if shown_filters:
                found.filters[url][1].append(role)
    return found


def _collect_posts_behind(run: Run, found: Found, form, role: str) -> None:
    """A form that opens another page with what a browser sends untouched (e.g. "select all flagged"): the forms
    of that page that write are collected too."""
    shown = {name: page_field.shown for name, page_field in form.fields.items() if page_field.shown}
    response = run.send(role, "GET", f"{form.path}?{urlencode(shown, doseq=True)}")
    if response is None or response.status_code != 200 or response.mimetype != "text/html":
        return
    for behind in forms_on(response.get_data(as_text=True), form.path):
        if behind.method == "post" and behind.path not in found.posts:
            found.posts[behind.path] = (behind, role)


def hostile_url_parts(run: Run) -> None:
    request_number = 0
    for rule in _rules(run.app):
        method = "GET" if "GET" in rule.methods else sorted(rule.methods - {"OPTIONS"})[0]
        for part in sorted(rule.arguments):
            for kind in KINDS:
                role = ROLES[request_number % len(ROLES)]
                run.send(role, method, _url(run, rule, (part, HOSTILE[kind])), what=f"{part}={kind}")
                request_number += 1
            run.reached.add((rule.rule, method))


def _send_square(run: Run, role: str, method: str, url: str, kinds: dict[str, str], rest: dict) -> None:
    """One request of a Latin square; when it fails, each of its values again on its own, so that one failing
    field hides no other and the report names each."""

    def send(values: dict[str, str], what: str) -> None:
        hostile = {name: HOSTILE[kind] for name, kind in values.items()}
        if method == "GET":
            run.send(role, method, f"{url}?{urlencode(hostile)}", what=what)
        else:
            run.send(role, method, url, {**rest, **hostile}, what=what)

    failures_before = len(run.failures)
    send(kinds, "every field hostile")
    run.sent.update((url, name, kind) for name, kind in kinds.items())
    if len(run.failures) > failures_before and len(kinds) > 1:
        for name, kind in kinds.items():
            send({name: kind}, f"{name}={kind}")


def hostile_query_strings(run: Run, found: Found) -> None:
    for url, (fields, roles) in found.filters.items():
        for name in _one_of_each_row(sorted(fields)):
            for kind in PASSABLE[FIELD_CLASSES.get(fields[name], "text")]:
                run.send(roles[-1], "GET", f"{url}?{urlencode({name: HOSTILE[kind]})}", what=f"{name}={kind}")
        for request_number in range(len(KINDS)):
            kinds = _latin_square(sorted(fields), request_number)
            _send_square(run, roles[request_number % len(roles)], "GET", url, kinds, {})


def _one_of_each_row(names: list[str]) -> list[str]:
    """The fields of a form's first row only (rows-0-title, not rows-1-title; child_1-age, not child_2-age): the
    rows are alike, and the Latin square sends every row's fields every value anyway."""
    firsts = {}
    for name in names:
        firsts.setdefault(re.sub(r"\d+", "#", name), name)
    return sorted(firsts.values())


def _accepted(response) -> bool:
    """The form was taken: the answer sends the person on, and not to log in first."""
    return (
        response is not None
        and response.status_code in (302, 303)
        and not response.location.startswith(f"{LOGIN_PATH}?next=")
    )


def hostile_posts(run: Run, found: Found) -> list[str]:
    """Sends every form's fields hostile values; returns the forms of which nothing was accepted."""
    endpoints = {path: _endpoint(run, path, "POST") for path in found.posts}

    def sending_order(path: str) -> tuple:
        endpoint = endpoints[path]
        return (ENDING_LAST.index(endpoint) if endpoint in ENDING_LAST else -1, path)

    never_accepted = []
    for form_number, path in enumerate(sorted(found.posts, key=sending_order)):
        form, able_role = found.posts[path]
        if endpoints[path] in ENDING_LAST and able_role != "anonymous":  # the form before may have ended it
            run.cookies[able_role] = _session_cookie(run.app, run.dataset.emails[able_role])
        overrides = SENSIBLE.get(endpoints[path], {})
        names = sorted(form.fields)
        accepted = False
        for name in _one_of_each_row(names):
            field_class = FIELD_CLASSES.get(form.fields[name].kind, "text")
            for kind in PASSABLE[field_class]:
                data = {**form.sensible(overrides, serial=run.requests), name: HOSTILE[kind]}
                accepted |= _accepted(run.send(able_role, "POST", path, data, what=f"{name}={kind}"))
                run.sent.add((path, name, kind))
        accepted |= _accepted(run.send(able_role, "POST", path, form.sensible(overrides, run.requests), "sensible"))
        for request_number in range(len(KINDS)):
            role = ROLES[(form_number + request_number) % len(ROLES)]
            rest = form.sensible(overrides, run.requests)
            _send_square(run, role, "POST", path, _latin_square(names, request_number), rest)
        if not accepted:
            never_accepted.append(f"{path} ({endpoints[path]}) as {able_role}")
    return never_accepted


def _session_cookie(app: Flask, email: str) -> str:
    client = app.test_client()
    response = client.post(LOGIN_PATH, data={"email": email, "password": PASSWORD})
    assert response.status_code == 302, f"{email} could not log in: {response.status_code}"
    client.get(response.headers["Location"])  # shows, and so removes, the "You are logged in" message
    return client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value


@pytest.fixture
def run(database_url):
    app = make_app(database_url)
    with arrange(app):
        dataset = build_hostile_dataset()
    cookies = {role: _session_cookie(app, email) for role, email in dataset.emails.items()}
    yield Run(app=app, dataset=dataset, cookies=cookies)
    close_connections(app)


def _unreached(run: Run, found: Found) -> list[str]:
    adapter = run.app.url_map.bind("localhost")
    by_forms = {(adapter.match(path, method="POST", return_rule=True)[0].rule, "POST") for path in found.posts}
    every = {(rule.rule, method) for rule in _rules(run.app) for method in rule.methods - {"HEAD", "OPTIONS"}}
    return [f"{method} {rule}" for rule, method in sorted(every - run.reached - by_forms)]


def _fields_short_of_a_value(run: Run, found: Found) -> list[str]:
    fields = [(url, name) for url, (names, _roles) in found.filters.items() for name in names]
    fields += [(path, name) for path, (form, _role) in found.posts.items() for name in form.fields]
    return [f"{where} {name}" for where, name in fields if any((where, name, kind) not in run.sent for kind in KINDS)]


def test_hostile_input_never_gives_a_500(run):
    found = open_every_route(run)
    hostile_url_parts(run)
    hostile_query_strings(run, found)
    never_accepted = hostile_posts(run, found)

    assert len(found.filters) >= 10 and len(found.posts) >= 35, "the pages showed fewer forms than Dialogue has"
    problems = [
        *run.failures,
        *(f"never reached: {route}" for route in _unreached(run, found)),
        *(f"not sent every hostile value: {field}" for field in _fields_short_of_a_value(run, found)),
        *(f"took no sensible submission, so its rules were never reached: {form}" for form in never_accepted),
    ]
    assert not problems, f"{len(problems)} problems in {run.requests} requests:\n" + "\n".join(problems)
