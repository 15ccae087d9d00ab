"""Issue 3's permission matrix: every route of contributions, moderation and reviews, the audit log, cancelling
registrations without an email, and privacy (one's own data, a registration's through its link, administrators'
requests) × every role.

Each row is a request (method and URL with real ids) and the status each role gets. POSTs carry an empty body
(CSRF is off in testing), so a permitted role gets 422 for the invalid form, or 302 where the action needs no
fields; anonymous users are sent to log in (302) wherever an account is needed; everyone else who may not use a
route gets 403, or 404 for what the public may not know exists. Every response to someone who is not staff is
also checked for the proposers' contact emails and the hidden proposal's title.

The data is built once per module into an SQLite file; every test runs on a fresh copy of it, so a POST that
succeeds for one role changes nothing for the next. Each role logs in once with its password (hashing is slow)
and every test reuses that session cookie.
"""

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask

from tests.conftest import close_connections, copy_sqlite_database, make_app
from tests.factories import PASSWORD
from tests.permission_matrix_data import (
    CONTACT_EMAIL,
    HIDDEN_CONTACT_EMAIL,
    HIDDEN_TITLE,
    ROLES,
    STAFF_ROLES,
    Dataset,
    build_dataset,
)

FEATURE_BLUEPRINTS = ("contributions", "moderation", "reviews", "audit", "privacy")
LOGIN_PATH = "/account/login"
NOT_STAFF = tuple(role for role in ROLES if role not in STAFF_ROLES)


def everyone(status: int) -> dict[str, int]:
    return dict.fromkeys(ROLES, status)


def public_and_staff(public: int, staff: int) -> dict[str, int]:
    return {role: staff if role in STAFF_ROLES else public for role in ROLES}


def staff_only(staff: int) -> dict[str, int]:
    """Staff pages: anonymous users log in first; residents and developers, wherever assigned, get 403."""
    return {
        "anonymous": 302,
        "resident": 403,
        "process_leader": staff,
        "developer_inside": 403,
        "developer_outside": 403,
        "admin": staff,
    }


def admins_only(admin: int) -> dict[str, int]:
    """Administrators' pages: anonymous users log in first; everyone else, process leaders too, gets 403."""
    return {
        "anonymous": 302,
        "resident": 403,
        "process_leader": 403,
        "developer_inside": 403,
        "developer_outside": 403,
        "admin": admin,
    }


def logged_in(status: int) -> dict[str, int]:
    """Pages about one's own account: anonymous users log in first; every account gets `status`."""
    return {role: 302 if role == "anonymous" else status for role in ROLES}


def reviewers(inside: int, outside: int, staff: int) -> dict[str, int]:
    """Developer pages: residents get 403; a developer's status depends on the proposal's neighbourhood."""
    return {
        "anonymous": 302,
        "resident": 403,
        "process_leader": staff,
        "developer_inside": inside,
        "developer_outside": outside,
        "admin": staff,
    }


@dataclass(frozen=True)
class Row:
    method: str
    url: str  # a template filled from Dataset.ids
    expected: dict[str, int]


MATRIX = [
    # contributions: the public pages of a neighbourhood's proposals
    Row("GET", "/neighbourhoods/{slug_a}/proposals", everyone(200)),
    Row("GET", "/proposals/{proposal}", everyone(200)),
    Row("GET", "/proposals/{hidden}", public_and_staff(public=404, staff=200)),
    Row("POST", "/proposals/{proposal}/support", everyone(302)),  # anonymous: to log in; others: supported
    Row("GET", "/neighbourhoods/{slug_a}/proposals/new", everyone(200)),
    Row("POST", "/neighbourhoods/{slug_a}/proposals/new", everyone(422)),  # with or without an account
    Row("GET", "/neighbourhoods/{slug_a}/feedback/new", everyone(200)),
    Row("POST", "/neighbourhoods/{slug_a}/feedback/new", everyone(422)),
    Row("GET", "/contributions/{proposal}/report", everyone(200)),
    Row("POST", "/contributions/{proposal}/report", everyone(422)),  # a reason is required
    Row("GET", "/contributions/{feedback}/report", everyone(200)),
    Row("GET", "/contributions/{hidden}/report", everyone(200)),  # only "already hidden", nothing of its content
    Row("GET", "/photos/{photo}", everyone(200)),
    Row("GET", "/photos/{hidden_photo}", public_and_staff(public=404, staff=200)),
    # the neighbourhood page's "You said, we did" (neighbourhoods blueprint, but issue 3's answers are shown there)
    Row("GET", "/neighbourhoods/{slug_a}", everyone(200)),
    # moderation: staff only
    Row("GET", "/staff/", staff_only(200)),
    Row("GET", "/staff/reports", staff_only(200)),
    Row("GET", "/staff/neighbourhoods/{slug_a}/contributions", staff_only(200)),
    Row("GET", "/staff/neighbourhoods/{slug_a}/contributions.csv", staff_only(200)),
    Row("GET", "/staff/events/{event}/log-input", staff_only(200)),
    Row("POST", "/staff/events/{event}/log-input", staff_only(422)),
    Row("GET", "/staff/contributions/{proposal}/edit", staff_only(200)),
    Row("POST", "/staff/contributions/{proposal}/edit", staff_only(422)),
    Row("GET", "/staff/contributions/{hidden}/edit", staff_only(200)),
    Row("GET", "/staff/contributions/{proposal}/photo", staff_only(200)),
    Row("GET", "/staff/contributions/{hidden}/photo", staff_only(200)),
    Row("GET", "/staff/proposals/{proposal}/merge", staff_only(200)),
    Row("POST", "/staff/proposals/{proposal}/merge", staff_only(422)),
    Row("GET", "/staff/contributions/{proposal}/moderate", staff_only(200)),
    Row("POST", "/staff/contributions/{proposal}/moderate", staff_only(422)),
    Row("GET", "/staff/contributions/{hidden}/moderate", staff_only(200)),
    # reviews: developers answer in their neighbourhoods; staff everywhere
    Row("GET", "/review", reviewers(inside=200, outside=200, staff=200)),  # each developer sees their own queue
    Row("GET", "/review/proposals/{proposal}/answer", reviewers(inside=200, outside=403, staff=200)),
    Row("POST", "/review/proposals/{proposal}/answer", reviewers(inside=422, outside=403, staff=422)),
    Row("GET", "/review/proposals/{proposal_b}/answer", reviewers(inside=403, outside=200, staff=200)),
    # a hidden proposal cannot be answered: 404 where the neighbourhood is one's own, 403 outside it
    Row("GET", "/review/proposals/{hidden}/answer", reviewers(inside=404, outside=403, staff=404)),
    Row("GET", "/staff/developers", staff_only(200)),
    Row("GET", "/staff/developers/{developer_inside}", staff_only(200)),
    Row("POST", "/staff/developers/{developer_inside}", staff_only(422)),  # no organisation choice submitted
    # the audit log: administrators only
    Row("GET", "/staff/audit/", admins_only(200)),
    # attendance: cancelling registrations made up by a script, without an email (staff only; the other attendance
    # routes are in tests/attendance/test_access.py)
    Row("GET", "/staff/events/{event}/registrations/cancel?registrations={registration}", staff_only(200)),
    Row("POST", "/staff/events/{event}/registrations/cancel", staff_only(422)),  # none selected
    # privacy: the page, one's own data, a registration's through its link, and requests for administrators
    Row("GET", "/privacy", everyone(200)),
    Row("GET", "/account/my-data.json", logged_in(200)),
    Row("GET", "/account/delete", logged_in(200)),  # staff read why their account is kept
    Row("POST", "/account/delete", {**logged_in(422), "process_leader": 403, "admin": 403}),  # no password
    Row("GET", "/account/deleted", everyone(200)),
    Row("GET", "/registrations/{manage_token}/my-data.json", everyone(200)),  # whoever holds the link
    Row("GET", "/registrations/{manage_token}/erase", everyone(200)),
    Row("POST", "/registrations/{manage_token}/erase", everyone(422)),  # the box is not ticked
    Row("GET", "/privacy/registration-erased", everyone(200)),
    Row("GET", "/staff/privacy/requests", admins_only(200)),
    Row("POST", "/staff/privacy/requests", admins_only(422)),  # no address
    Row("GET", "/staff/privacy/requests/{request_token}", admins_only(200)),
    Row("GET", "/staff/privacy/requests/{request_token}/data.json", admins_only(200)),
    Row("GET", "/staff/privacy/requests/{request_token}/erase", admins_only(200)),
    Row("POST", "/staff/privacy/requests/{request_token}/erase", admins_only(422)),  # not confirmed
]

CASES = [pytest.param(row, role, id=f"{row.method} {row.url}-{role}") for row in MATRIX for role in ROLES]


@dataclass
class Matrix:
    app: Flask  # bound to `working`, which each test refills from `template`
    template: Path
    working: Path
    dataset: Dataset
    session_cookies: dict[str, str]  # role -> the session cookie of a real login


def _session_cookie(app: Flask, email: str) -> str:
    client = app.test_client()
    response = client.post(LOGIN_PATH, data={"email": email, "password": PASSWORD})
    assert response.status_code == 302, f"{email} could not log in: {response.status_code}"
    client.get(response.headers["Location"])  # shows, and so removes, the "You are logged in" message
    return client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value


@pytest.fixture(scope="module")
def matrix(tmp_path_factory, sqlite_schema):
    directory = tmp_path_factory.mktemp("permission-matrix")
    template = directory / "template.sqlite"
    builder = make_app(copy_sqlite_database(sqlite_schema, template))
    with builder.app_context():
        dataset = build_dataset()
    close_connections(builder)
    cookies = {role: _session_cookie(builder, email) for role, email in dataset.emails.items()}
    close_connections(builder)
    assert not template.with_name(template.name + "-wal").exists(), "a connection to the template is still open"
    working = directory / "working.sqlite"
    app = make_app(f"sqlite:///{working}")
    yield Matrix(app, template, working, dataset, cookies)
    close_connections(app)


@pytest.fixture
def fresh(matrix) -> Matrix:
    """The module's app on a new copy of the data."""
    close_connections(matrix.app)
    for leftover in ("-wal", "-shm"):
        matrix.working.with_name(matrix.working.name + leftover).unlink(missing_ok=True)
    shutil.copyfile(matrix.template, matrix.working)
    return matrix


def client_as(matrix: Matrix, role: str):
    client = matrix.app.test_client()
    if role != "anonymous":
        client.set_cookie(matrix.app.config["SESSION_COOKIE_NAME"], matrix.session_cookies[role])
    return client


def send(client, row: Row, dataset: Dataset):
    url = row.url.format(**dataset.ids)
    if row.method == "POST":
        return client.post(url, data={})
    return client.get(url)


@pytest.mark.parametrize(("row", "role"), CASES)
def test_each_role_gets_the_expected_status(fresh, row, role):
    response = send(client_as(fresh, role), row, fresh.dataset)

    problems = []
    if response.status_code != row.expected[role]:
        problems.append(f"status {response.status_code}, expected {row.expected[role]}")
    if response.status_code == 302:
        location = response.headers["Location"]
        if role == "anonymous" and not location.startswith(LOGIN_PATH):
            problems.append(f"anonymous redirected to {location}, not to log in")
        if role != "anonymous" and location.startswith(LOGIN_PATH):
            problems.append(f"a logged-in {role} was sent to log in ({location})")
    if role not in STAFF_ROLES:
        body = response.get_data()
        for secret in (CONTACT_EMAIL, HIDDEN_CONTACT_EMAIL):
            if secret.encode() in body:
                problems.append(f"the contact email {secret} is shown to {role}")
        if HIDDEN_TITLE.encode() in body:
            problems.append(f"the hidden proposal's title is shown to {role}")
    assert not problems, f"{row.method} {row.url} as {role}: " + "; ".join(problems)


def test_every_route_of_the_feature_has_a_row(matrix):
    """A new route (or a new method on one) in these blueprints fails here until it has its row."""
    adapter = matrix.app.url_map.bind("localhost")
    covered = set()
    for row in MATRIX:
        path = row.url.format(**matrix.dataset.ids).partition("?")[0]
        rule, _ = adapter.match(path, method=row.method, return_rule=True)
        covered.add((rule.rule, row.method))
    routes = {
        (rule.rule, method)
        for rule in matrix.app.url_map.iter_rules()
        if rule.endpoint.partition(".")[0] in FEATURE_BLUEPRINTS
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert routes, "no routes found: have the blueprints been renamed?"
    assert sorted(routes - covered) == [], "routes without a row in MATRIX"


def test_every_row_names_every_role_and_a_distinct_request():
    assert all(set(row.expected) == set(ROLES) for row in MATRIX)
    requests = [(row.method, row.url) for row in MATRIX]
    assert len(requests) == len(set(requests))


@pytest.mark.parametrize("role", sorted(STAFF_ROLES))
@pytest.mark.parametrize(
    ("url", "secret"),
    [
        ("/staff/contributions/{proposal}/edit", CONTACT_EMAIL),
        ("/staff/neighbourhoods/{slug_a}/contributions.csv", CONTACT_EMAIL),
        ("/review/proposals/{proposal}/answer", CONTACT_EMAIL),
        ("/staff/contributions/{hidden}/edit", HIDDEN_CONTACT_EMAIL),
    ],
)
def test_staff_do_see_the_contact_email(fresh, role, url, secret):
    """The secrets the matrix looks for are really in the data: staff pages show them."""
    response = client_as(fresh, role).get(url.format(**fresh.dataset.ids))
    assert response.status_code == 200
    assert secret.encode() in response.get_data()


@pytest.mark.parametrize("role", [role for role in ROLES if role != "anonymous"])
def test_each_reused_session_is_the_roles_own(fresh, role):
    """The login cookies stay valid on every fresh copy (which role each one is, the matrix's rows show)."""
    response = client_as(fresh, role).get(LOGIN_PATH)
    assert response.status_code == 302  # a logged-in user is sent on from the login page
