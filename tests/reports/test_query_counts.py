"""The indicators, the lists behind them and the dashboard run the same number of SQL statements with the small
world and with many more records (more than a page of each list): the database counts, Python does not loop."""

from datetime import date, timedelta

from dialogue.attendance.models import ClosingReport, WalkIn
from dialogue.contributions.models import Channel, Report, Theme
from dialogue.contributions.services import FeedbackInput, submit_feedback
from dialogue.database import utcnow
from dialogue.events.models import EventKind, EventStatus
from dialogue.extensions import db
from dialogue.initiatives.models import Initiative, InitiativeKind, InitiativeStatus
from dialogue.neighbourhoods.models import Neighbourhood
from dialogue.organisations.models import OrganisationKind
from dialogue.reports.records import RECORDS_PER_PAGE, Figure
from tests.factories import make_event, make_organisation, make_proposal
from tests.moderation.helpers import element_text
from tests.reports.dataset import local, utc
from tests.support import recorded_statements

YEAR_2025 = "from=2025-01-01&to=2025-12-31"
MORE = RECORDS_PER_PAGE + 10
PAGES = [
    f"/staff/indicators?{YEAR_2025}",
    f"/staff/indicators?{YEAR_2025}&neighbourhood=seved",
    *[f"/staff/indicators/{figure.value}?{YEAR_2025}" for figure in Figure],
    f"/staff/indicators/contributions?{YEAR_2025}&channel=online",
    f"/staff/indicators.csv?{YEAR_2025}",
    f"/staff/indicators.xlsx?{YEAR_2025}",
    "/staff/",
]


def add_one_of_each(app, world) -> None:
    """So that no list of the dashboard is empty: an empty list skips its eager loads."""
    with app.app_context():
        seved = db.session.get(Neighbourhood, world.seved_id)
        make_event(seved, starts_at=utcnow() + timedelta(days=1))
        db.session.add(Report(contribution_id=world.ids["lights"], reason="Spam"))
        db.session.commit()


def add_many(app, world) -> None:
    """MORE of everything the pages count or list, each with its own organisations and neighbourhood links."""
    kinds = list(EventKind)
    now = utcnow()
    with app.app_context():
        seved = db.session.get(Neighbourhood, world.seved_id)
        for number in range(MORE):
            owner = make_organisation(f"Owner {number}", OrganisationKind.PROPERTY_OWNER)
            partner = make_organisation(f"Partner {number}", OrganisationKind.BUSINESS)
            event = make_event(
                seved,
                starts_at=local(2025, 2 + number % 10, 1 + number % 27),
                kind=kinds[number % len(kinds)],
                status=EventStatus.HELD,
                cohosts=[owner, partner],
                inclusive_method=number % 2 == 0,
            )
            db.session.add(ClosingReport(event_id=event.id, attendees=number, organisations=[partner]))
            db.session.add(WalkIn(event_id=event.id, party_size=2))
            for kind in (InitiativeKind.INNOVATION, InitiativeKind.LEARNING_FORMAT):
                db.session.add(
                    Initiative(
                        name=f"{kind.value} {number}",
                        kind=kind,
                        status=InitiativeStatus.TESTED,
                        tested_on=date(2025, 6, 1),
                        partners=[owner],
                        neighbourhoods=[seved],
                    )
                )
            proposal = make_proposal(seved, theme=list(Theme)[number % len(Theme)], now=utc(2025, 3, 1))
            db.session.add(Report(contribution_id=proposal.id, reason="Spam"))
            feedback = submit_feedback(seved, FeedbackInput(rating=3, channel=Channel.ONLINE), author=None)
            feedback.created_at = utc(2025, 4, 1)
            make_event(seved, starts_at=now - timedelta(days=2 + number))  # ended, no closing report
            make_event(seved, starts_at=now + timedelta(days=2 + number))  # upcoming
            make_proposal(seved, now=now - timedelta(days=40))  # waiting for an answer
        db.session.commit()


def statement_counts(app, client, pages=PAGES) -> dict[str, int]:
    counts = {}
    with app.app_context():
        engine = db.engine
    for path in pages:
        with recorded_statements(engine) as statements:
            response = client.get(path)
        assert response.status_code == 200, path
        counts[path] = len(statements)
    return counts


def test_every_page_runs_as_many_statements_with_many_more_records(app, staff, world):
    add_one_of_each(app, world)
    staff.get("/staff/")  # the first request of a connection reads the SQLite settings; not counted
    few = statement_counts(app, staff)
    add_many(app, world)
    many = statement_counts(app, staff)
    assert many == few
    first_and_second = statement_counts(
        app, staff, [f"/staff/indicators/held-events?{YEAR_2025}", f"/staff/indicators/held-events?{YEAR_2025}&page=2"]
    )
    assert len(set(first_and_second.values())) == 1
    # The pages did see the new records.
    html = staff.get(f"/staff/indicators?{YEAR_2025}").get_data(as_text=True)
    assert element_text(html, "figure-collaboration-meetings").startswith(str(4 + MORE))
    html = staff.get(f"/staff/indicators/held-events?{YEAR_2025}&page=2").get_data(as_text=True)
    assert element_text(html, "record-count") == f"{5 + MORE} records"
