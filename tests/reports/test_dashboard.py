"""The staff dashboard at /staff/: my upcoming events, ended events without a closing report, open reports, and the
proposals per neighbourhood still unanswered after 30 days."""

import re
from datetime import timedelta

from dialogue.attendance.models import ClosingReport
from dialogue.contributions.models import Contribution
from dialogue.contributions.services import report
from dialogue.database import utcnow
from dialogue.events.models import Event, EventStatus
from dialogue.extensions import db
from dialogue.neighbourhoods.models import Neighbourhood
from tests.factories import make_event, make_proposal
from tests.moderation.helpers import element_text
from tests.reports.conftest import log_in


def _ids(html: str, prefix: str) -> set[int]:
    return {int(number) for number in re.findall(rf'id="{prefix}-(\d+)"', html)}


def test_my_upcoming_events_are_the_ones_i_created(app, staff, world):
    now = utcnow()
    with app.app_context():
        seved = db.session.get(Neighbourhood, world.seved_id)
        mine = world.user_ids["process_leader"]
        published = make_event(seved, starts_at=now + timedelta(days=3), created_by_id=mine).id
        draft = make_event(seved, starts_at=now + timedelta(days=9), status=EventStatus.DRAFT, created_by_id=mine).id
        under_way = make_event(seved, starts_at=now - timedelta(hours=1), created_by_id=mine).id
        make_event(seved, starts_at=now + timedelta(days=4), status=EventStatus.CANCELLED, created_by_id=mine)
        make_event(seved, starts_at=now - timedelta(days=3), created_by_id=mine)  # over
        others = make_event(seved, starts_at=now + timedelta(days=1), created_by_id=world.user_ids["admin"]).id
        db.session.commit()
    html = staff.get("/staff/").get_data(as_text=True)
    assert element_text(html, "upcoming-heading") == "My upcoming events"
    assert _ids(html, "upcoming-event") == {published, draft, under_way}

    admin_html = log_in(app.test_client(), world, "admin").get("/staff/").get_data(as_text=True)
    assert element_text(admin_html, "upcoming-heading") == "My upcoming events"
    assert _ids(admin_html, "upcoming-event") == {others}


def test_without_events_of_my_own_i_see_everyones(app, world):
    now = utcnow()
    with app.app_context():
        seved = db.session.get(Neighbourhood, world.seved_id)
        theirs = make_event(seved, starts_at=now + timedelta(days=2), created_by_id=world.user_ids["admin"]).id
        nobodys = make_event(seved, starts_at=now + timedelta(days=5)).id
        db.session.commit()
    html = log_in(app.test_client(), world, "process_leader").get("/staff/").get_data(as_text=True)
    assert element_text(html, "upcoming-heading") == "Upcoming events"
    assert _ids(html, "upcoming-event") == {theirs, nobodys}


def test_ended_published_events_without_a_closing_report_wait_for_one(app, staff, world):
    now = utcnow()
    with app.app_context():
        lindangen = db.session.get(Neighbourhood, world.lindangen_id)
        ended = make_event(lindangen, starts_at=now - timedelta(days=2)).id
        make_event(lindangen, starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=1))  # not over
        make_event(lindangen, starts_at=now - timedelta(days=2), status=EventStatus.CANCELLED)
        reported = make_event(lindangen, starts_at=now - timedelta(days=4))
        db.session.add(ClosingReport(event_id=reported.id, attendees=3))
        db.session.commit()
    html = staff.get("/staff/").get_data(as_text=True)
    # The world's published event of April 2025 was never reported either; held events are done.
    assert _ids(html, "awaiting-event") == {ended, world.ids["not_held"]}
    assert element_text(html, "awaiting-count") == "2 events have ended without a closing report."
    assert f'href="/staff/events/{ended}/report"' in html


def test_a_backlog_of_more_than_a_hundred_ended_events_is_counted_as_more_than_a_hundred(app, staff, world):
    now = utcnow()
    with app.app_context():
        lindangen = db.session.get(Neighbourhood, world.lindangen_id)
        ended = [make_event(lindangen, starts_at=now - timedelta(days=2, hours=hours)).id for hours in range(100)]
        db.session.commit()
    html = staff.get("/staff/").get_data(as_text=True)
    # 101 with the world's own: the page counts no further than it needs to say "more than 100".
    assert element_text(html, "awaiting-count") == "More than 100 events have ended without a closing report."
    assert _ids(html, "awaiting-event") == set(ended[:20])
    assert "The 20 that ended last are shown." in html

    with app.app_context():
        db.session.get(Event, ended[-1]).status = EventStatus.HELD
        db.session.commit()
    html = staff.get("/staff/").get_data(as_text=True)
    assert element_text(html, "awaiting-count") == "100 events have ended without a closing report."


def test_open_reports_are_counted_and_the_latest_shown(app, staff, world):
    with app.app_context():
        for name in ("lights", "crossing"):
            report(db.session.get(Contribution, world.ids[name]), "Rude words", reporter=None)
        db.session.commit()
    html = staff.get("/staff/").get_data(as_text=True)
    assert element_text(html, "open-report-count") == "2 open reports"
    assert 'href="/staff/reports"' in html
    assert len(_ids(html, "report")) == 2
    assert f'href="/staff/contributions/{world.ids["crossing"]}/moderate"' in html


def test_proposals_new_for_more_than_30_days_are_counted_per_neighbourhood(app, staff, world):
    now = utcnow()
    with app.app_context():
        seved = db.session.get(Neighbourhood, world.seved_id)
        make_proposal(seved, title="Waiting long", now=now - timedelta(days=31))
        make_proposal(seved, title="Waiting long too", now=now - timedelta(days=45))
        make_proposal(seved, title="Still fresh", now=now - timedelta(days=29))
        db.session.commit()
    html = staff.get("/staff/").get_data(as_text=True)
    # Seved: the two above (answered, hidden and merged proposals are not waiting). Lindängen: the playground.
    assert element_text(html, "backlog-count-seved").startswith("2")
    assert element_text(html, "backlog-count-lindangen").startswith("1")
    assert f'href="/review?neighbourhood={world.seved_id}&amp;status=new"' in html
    assert 'href="/staff/neighbourhoods/seved/contributions"' in html
    assert 'href="/staff/neighbourhoods/seved/contributions.csv"' in html


def test_the_staff_overview_is_linked_from_the_staff_pages(staff, world):
    html = staff.get("/staff/reports").get_data(as_text=True)
    assert '<a href="/staff/">' in html and '<a href="/staff/indicators">' in html
    assert '<a href="/staff/" aria-current="page">' in staff.get("/staff/").get_data(as_text=True)
