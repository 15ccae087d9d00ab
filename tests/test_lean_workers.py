"""A web worker holds what serving pages needs and no more: the libraries behind password rules, photo uploads, QR
codes, spreadsheets, calendar files and the commands (Alembic among them) are imported by the first request or
command that uses them. Each check runs in a new Python process, whose modules are only the app's."""

import json
import subprocess
import sys
from pathlib import Path

from dialogue.extensions import db
from tests.conftest import close_connections
from tests.factories import make_event, make_proposal

ROOT = Path(__file__).resolve().parents[1]
LOADED_ON_DEMAND = (
    "zxcvbn",  # the common passwords: when someone chooses a password
    "PIL",  # a photo upload
    "segno",  # a registration's QR code
    "openpyxl",  # the indicators as a workbook
    "icalendar",  # a calendar file or a registration's email
    "flask_migrate",  # `flask db`
    "alembic",
    "dialogue.cli.demo",  # the other commands
    "dialogue.cli.outbox",
    "dialogue.cli.users",
)

# Creates the app in production configuration on the database named by argv[1], requests argv[2:] and prints
# which of LOADED_ON_DEMAND are imported: after create_app(), after the pages, after a calendar file and `flask db`.
SCRIPT = """
import json, sys
from dialogue import create_app

names = json.loads(sys.argv[1])
def loaded():
    return sorted(name for name in names if name in sys.modules)

app = create_app("production", {
    "SECRET_KEY": "x" * 32, "SQLALCHEMY_DATABASE_URI": sys.argv[2], "PUBLIC_URL": "https://dialog.example.se",
    "RATELIMIT_STORAGE_URI": "memory://",
})
found = {"created": loaded()}
client = app.test_client()
def status(path):
    return client.get(path, base_url="https://dialog.example.se").status_code
statuses = {path: status(path) for path in sys.argv[4:]}
found["pages"] = loaded()
statuses[sys.argv[3]] = status(sys.argv[3])
with app.app_context():
    app.cli.get_command(None, "db")
found["calendar and flask db"] = loaded()
print(json.dumps({"statuses": statuses, "found": found}))
"""


def modules_in_a_new_process(database_url: str, calendar: str, pages: list[str]) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, json.dumps(LOADED_ON_DEMAND), database_url, calendar, *pages],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_creating_the_app_and_serving_pages_imports_no_library_that_only_a_few_requests_need(app, sqlite_url):
    with app.app_context():
        event = make_event()
        proposal = make_proposal(event.neighbourhood)
        db.session.commit()
        slug, event_id, proposal_id = event.neighbourhood.slug, event.id, proposal.id
    close_connections(app)
    pages = [
        "/",
        "/events/",
        f"/events/{event_id}",
        f"/neighbourhoods/{slug}",
        f"/neighbourhoods/{slug}/proposals",
        f"/proposals/{proposal_id}",
        "/account/login",
        "/account/signup",
    ]

    seen = modules_in_a_new_process(sqlite_url, f"/events/{event_id}/calendar.ics", pages)

    assert set(seen["statuses"].values()) == {200}, seen["statuses"]
    assert seen["found"]["created"] == []
    assert seen["found"]["pages"] == []
    # What is left out at start is still there when asked for.
    assert {"icalendar", "flask_migrate", "alembic"} <= set(seen["found"]["calendar and flask db"])
