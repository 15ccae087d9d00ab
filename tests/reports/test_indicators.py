"""Every indicator on a dataset with known answers (tests/reports/dataset.py), on SQLite and on PostgreSQL."""

from datetime import date, timedelta

from dialogue.events.models import EventKind
from dialogue.reports.indicators import Indicators, Period, compute_indicators
from tests.reports.dataset import EXPECTED, FIRST_DAY, LAST_DAY, Expected


def observed(indicators: Indicators) -> dict:
    answers = indicators.proposal_answers
    return {
        "property_owners": indicators.property_owners,
        "organisations": indicators.organisations,
        "collaboration_meetings": indicators.collaboration_meetings,
        "inclusive_activities": indicators.inclusive_activities,
        "innovations": indicators.innovations,
        "learning_formats": indicators.learning_formats,
        "people_reached": indicators.people_reached,
        "held_per_kind": indicators.held_events_per_kind,
        "per_channel": indicators.contributions_per_channel,
        "per_theme": indicators.contributions_per_theme,
        "proposals": answers.proposals,
        "answered": answers.answered,
        "median_days": None if answers.median_days is None else round(answers.median_days, 6),
    }


def wanted(expected: Expected) -> dict:
    return dict(vars(expected))


def test_every_indicator_for_all_neighbourhoods_and_each(world_app):
    app, world = world_app
    neighbourhood_ids = {None: None, "seved": world.seved_id, "lindangen": world.lindangen_id}
    with app.app_context():
        for where, expected in EXPECTED.items():
            period = Period(FIRST_DAY, LAST_DAY, neighbourhood_ids[where])
            assert observed(compute_indicators(period)) == wanted(expected), where


def _held(app, first: date, last: date) -> tuple[dict, int]:
    with app.app_context():
        indicators = compute_indicators(Period(first, last))
        return indicators.held_events_per_kind, indicators.people_reached


def test_the_first_and_the_last_day_are_inside_and_a_day_beyond_is_not(world_app):
    app, _ = world_app
    # 00:30 local on 1 January 2025 is still 31 December in UTC; 23:30 local on 31 December is 22:30 UTC.
    assert _held(app, FIRST_DAY, FIRST_DAY) == ({**dict.fromkeys(EventKind, 0), EventKind.CITIZEN_DIALOGUE: 1}, 40)
    assert _held(app, LAST_DAY, LAST_DAY) == ({**dict.fromkeys(EventKind, 0), EventKind.EXHIBITION: 1}, 10)
    per_kind, people = _held(app, FIRST_DAY + timedelta(days=1), LAST_DAY - timedelta(days=1))
    assert sum(per_kind.values()) == 3 and people == 40
    # The event at 00:30 on 1 January 2026 is 23:30 UTC on 31 December 2025: it belongs to 2026.
    assert _held(app, date(2026, 1, 1), date(2026, 1, 1))[1] == 100
    assert _held(app, date(2024, 12, 31), date(2024, 12, 31))[1] == 100


def test_a_period_without_records_has_zeros_and_no_share_or_median(world_app):
    app, _ = world_app
    with app.app_context():
        indicators = compute_indicators(Period(date(2030, 1, 1), date(2030, 12, 31)))
    assert (
        indicators.property_owners,
        indicators.organisations,
        indicators.collaboration_meetings,
        indicators.inclusive_activities,
        indicators.innovations,
        indicators.learning_formats,
        indicators.people_reached,
        indicators.held_events,
        indicators.contributions,
    ) == (0,) * 9
    assert indicators.proposal_answers.proposals == 0
    assert indicators.proposal_answers.share is None and indicators.proposal_answers.median_days is None


def test_proposals_answered_late_still_count_as_answered(world_app):
    """The share is of the period's proposals answered by now; the median only of the answered ones."""
    app, _ = world_app
    with app.app_context():
        answers = compute_indicators(Period(date(2025, 4, 1), date(2025, 5, 1))).proposal_answers
    assert (answers.proposals, answers.answered, answers.share, answers.median_days) == (2, 1, 0.5, 9.0)
