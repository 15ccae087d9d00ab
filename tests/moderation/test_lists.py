"""The staff lists (open reports, a neighbourhood's contributions) and the CSV export."""

import csv
import io
from datetime import UTC, datetime

import pytest

from dialogue.contributions.models import Contribution, ProposalStatus, Theme
from dialogue.contributions.services import (
    FeedbackInput,
    ProposalInput,
    hide,
    merge,
    submit_feedback,
    submit_proposal,
    toggle_support,
)
from dialogue.downloads import spreadsheet_safe
from dialogue.extensions import db
from dialogue.neighbourhoods.models import Neighbourhood
from dialogue.permissions import Role
from tests.factories import make_event, make_neighbourhood, make_proposal, make_user
from tests.moderation.helpers import add_report, element_text
from tests.support import HOSTILE_CELLS, arrange, cells_that_would_run, recorded_statements, use_english


@pytest.fixture
def staff(staff):
    use_english(staff)
    return staff


def list_path(world, **args) -> str:
    query = "&".join(f"{key}={value}" for key, value in args.items())
    return f"/staff/neighbourhoods/{world.slug}/contributions" + (f"?{query}" if query else "")


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))


# --- Open reports -------------------------------------------------------------------------------------------


def test_open_reports_are_listed_newest_first_with_a_link_to_moderate(app, staff, world):
    with arrange(app):
        add_report(world.proposal_id, "First report")
        add_report(world.feedback_id, "Second report")
    html = staff.get("/staff/reports").get_data(as_text=True)
    assert html.index("Second report") < html.index("First report")
    assert f'href="/staff/contributions/{world.proposal_id}/moderate"' in html
    assert "2 open reports" in html


def test_the_reports_page_runs_as_many_queries_for_many_reports_as_for_few(app, staff, world):
    def count_statements() -> int:
        with app.app_context(), recorded_statements(db.engine) as statements:
            assert staff.get("/staff/reports").status_code == 200
        return len(statements)

    with arrange(app):
        add_report(world.proposal_id)
    few = count_statements()
    with arrange(app):
        neighbourhood = db.session.get(Neighbourhood, world.neighbourhood_id)
        for number in range(30):
            add_report(make_proposal(neighbourhood).id, f"Report {number}")
    assert count_statements() == few


# --- A neighbourhood's contributions ------------------------------------------------------------------------


def test_the_staff_list_shows_hidden_and_merged_items_with_contact_emails(app, staff, world):
    with arrange(app):
        moderator = make_user(Role.PROCESS_LEADER)
        merge(
            db.session.get(Contribution, world.proposal_id),
            db.session.get(Contribution, world.other_proposal_id),
            moderator,
        )
        hide(db.session.get(Contribution, world.feedback_id), "Spam", moderator)
        make_proposal(make_neighbourhood(), title="Not in this neighbourhood")
    html = staff.get(list_path(world)).get_data(as_text=True)
    assert "3 contributions found" in html
    assert "lina@example.se" in html
    assert f"Merged into #{world.other_proposal_id}" in element_text(html, f"contribution-{world.proposal_id}")
    assert "Hidden" in element_text(html, f"contribution-{world.feedback_id}")
    assert "Not in this neighbourhood" not in html


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ({"kind": "feedback"}, {"feedback"}),
        ({"kind": "proposal"}, {"proposal", "other"}),
        ({"visibility": "hidden"}, {"feedback"}),
        ({"visibility": "public"}, {"proposal", "other"}),
        ({"status": "planned"}, set()),
        ({"status": "new"}, {"proposal", "other"}),
    ],
)
def test_the_staff_list_filters_by_kind_status_and_visibility(app, staff, world, args, expected):
    with arrange(app):
        hide(db.session.get(Contribution, world.feedback_id), "Spam", make_user(Role.PROCESS_LEADER))
    html = staff.get(list_path(world, **args)).get_data(as_text=True)
    ids = {"proposal": world.proposal_id, "other": world.other_proposal_id, "feedback": world.feedback_id}
    shown = {name for name, contribution_id in ids.items() if f'id="contribution-{contribution_id}"' in html}
    assert shown == expected


def test_an_unknown_filter_value_is_named_and_ignored(staff, world):
    response = staff.get(list_path(world, kind="poem"))
    assert response.status_code == 422
    assert element_text(response.get_data(as_text=True), "kind-error")
    assert "3 contributions found" in response.get_data(as_text=True)


def test_the_list_filters_by_event_as_after_logging_input(app, staff, world):
    with arrange(app):
        neighbourhood = db.session.get(Neighbourhood, world.neighbourhood_id)
        logged = submit_proposal(
            neighbourhood,
            ProposalInput(title="From the walk", body="x", theme=Theme.SAFETY, event_id=world.event_id),
            author=None,
        )
        logged_id = logged.id
    html = staff.get(list_path(world, event=world.event_id)).get_data(as_text=True)
    assert f'id="contribution-{logged_id}"' in html and f'id="contribution-{world.proposal_id}"' not in html


def test_the_staff_list_runs_as_many_queries_for_many_rows_as_for_few(app, staff, world):
    def count_statements() -> int:
        with app.app_context(), recorded_statements(db.engine) as statements:
            assert staff.get(list_path(world)).status_code == 200
        return len(statements)

    def add_rows(count: int) -> None:
        """Rows with everything the page shows: an event, a merge, a hidden one, supports."""
        with arrange(app):
            neighbourhood = db.session.get(Neighbourhood, world.neighbourhood_id)
            event = make_event(neighbourhood)
            moderator = make_user(Role.PROCESS_LEADER)
            for number in range(count):
                proposal = make_proposal(neighbourhood, event_id=event.id, contact_email=f"p{number}@example.se")
                toggle_support(proposal, moderator)
                duplicate = make_proposal(neighbourhood)
                merge(duplicate, proposal, moderator)
                hide(make_proposal(neighbourhood), "Spam", moderator)

    add_rows(1)
    few = count_statements()
    add_rows(15)
    assert count_statements() == few


# --- CSV ----------------------------------------------------------------------------------------------------


def test_the_csv_has_every_contribution_with_escaped_formulas_and_contact_emails(app, staff, world):
    with arrange(app):
        neighbourhood = db.session.get(Neighbourhood, world.neighbourhood_id)
        dangerous = submit_proposal(
            neighbourhood,
            ProposalInput(
                title='=HYPERLINK("http://evil.example","Click")',
                body="+1 vote",
                theme=Theme.OTHER,
                event_id=world.event_id,
                contact_email="@attacker@example.se",
                people_count=5,
            ),
            author=None,
            now=datetime(2026, 6, 1, 10, 30, tzinfo=UTC),
        )
        submit_feedback(neighbourhood, FeedbackInput(rating=None, body="-2 for the noise\tand more"), author=None)
        submit_feedback(neighbourhood, FeedbackInput(rating=None, body="@SUM(A1:A9)"), author=None)
        for hostile in HOSTILE_CELLS:
            submit_proposal(
                neighbourhood,
                ProposalInput(title=hostile[:100], body=hostile, theme=Theme.OTHER, contact_email=f"{hostile}@e.se"),
                author=None,
            )
        toggle_support(dangerous, make_user(Role.RESIDENT))
        hide(db.session.get(Contribution, world.feedback_id), "Spam", make_user(Role.PROCESS_LEADER))
        dangerous_id = dangerous.id
        event_title = dangerous.event.title

    response = staff.get(f"/staff/neighbourhoods/{world.slug}/contributions.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and f'filename="{world.slug}-contributions-' in disposition
    assert response.data.startswith("\ufeff".encode("utf-8"))

    rows = csv_rows(response)
    header, body = rows[0], rows[1:]
    assert header == [
        "ID",
        "Kind",
        "Created (Stockholm time)",
        "Event",
        "Title",
        "Text",
        "Theme",
        "Status",
        "Channel",
        "People",
        "Supports",
        "Rating",
        "Contact email",
        "Hidden",
        "Merged into",
        "First answered",
    ]
    assert len(body) == 6 + len(HOSTILE_CELLS)
    assert cells_that_would_run(body) == []
    by_id = {int(line[0]): dict(zip(header, line, strict=True)) for line in body}
    line = by_id[dangerous_id]
    assert line["Title"] == '\'=HYPERLINK("http://evil.example","Click")'
    assert line["Text"] == "'+1 vote"
    assert line["Contact email"] == "'@attacker@example.se"
    assert line["Created (Stockholm time)"] == "2026-06-01 12:30"
    assert line["Event"] == event_title and line["People"] == "5" and line["Supports"] == "1"
    assert line["Kind"] == "Proposal" and line["Status"] == "New" and line["Theme"] == "Other"
    assert by_id[world.proposal_id]["Contact email"] == "lina@example.se"
    texts = {entry["Text"] for entry in by_id.values()}
    assert "'-2 for the noise\tand more" in texts and "'@SUM(A1:A9)" in texts
    assert by_id[world.feedback_id]["Hidden"] != "" and by_id[world.proposal_id]["Hidden"] == ""
    assert by_id[world.feedback_id]["Rating"] == "4" and by_id[world.feedback_id]["Status"] == ""


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+46 40 34 10 00", "'+46 40 34 10 00"),
        ("-5", "'-5"),
        ("@A1", "'@A1"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Trees = shade", "Trees = shade"),
        ("", ""),
        (None, ""),
        (7, 7),
    ],
)
def test_cells_that_a_spreadsheet_would_run_get_an_apostrophe(value, expected):
    assert spreadsheet_safe(value) == expected


def test_the_csv_names_merges_and_first_answers(app, staff, world):
    from dialogue.contributions.services import answer

    with arrange(app):
        moderator = make_user(Role.PROCESS_LEADER)
        target = db.session.get(Contribution, world.other_proposal_id)
        merge(db.session.get(Contribution, world.proposal_id), target, moderator)
        answer(
            target,
            ProposalStatus.PLANNED,
            "We build it in May.",
            moderator,
            now=datetime(2026, 1, 15, 23, 30, tzinfo=UTC),
        )
    export = staff.get(f"/staff/neighbourhoods/{world.slug}/contributions.csv")
    by_id = {int(line[0]): line for line in csv_rows(export)[1:]}
    assert by_id[world.proposal_id][14] == str(world.other_proposal_id)
    assert by_id[world.other_proposal_id][15] == "2026-01-16 00:30"
    assert by_id[world.other_proposal_id][7] == "Planned"


def test_the_staff_overview_links_events_and_neighbourhoods(app, staff, world):
    from datetime import timedelta

    from dialogue.database import utcnow

    with arrange(app):
        past = make_event(db.session.get(Neighbourhood, world.neighbourhood_id), starts_at=utcnow() - timedelta(days=1))
        past_id = past.id
    html = staff.get("/staff/").get_data(as_text=True)
    assert f'href="/staff/events/{past_id}/log-input"' in html
    assert f'href="/staff/events/{world.event_id}/log-input"' not in html  # it has not started yet
    assert f'href="/staff/neighbourhoods/{world.slug}/contributions.csv"' in html
