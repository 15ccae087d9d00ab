"""Date filters count whole days in Malmö (Europe/Stockholm), and bad dates are told, never a crash."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from dialogue.extensions import db
from dialogue.local_time import LOCAL_TIMEZONE
from tests.events.pages import event_ids_on, field_error
from tests.factories import make_event
from tests.support import use_english

STOCKHOLM = LOCAL_TIMEZONE


def local(day: date, hour: int, minute: int) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=STOCKHOLM).astimezone(UTC)


@pytest.fixture
def days():
    """A from-day and a to-day two days later, some weeks ahead (so every event is upcoming)."""
    first = datetime.now(STOCKHOLM).date() + timedelta(days=20)
    return first, first + timedelta(days=2)


def test_date_range_uses_local_days(any_app, days):
    first, last = days
    with any_app.app_context():
        just_after_midnight_on_first = make_event(starts_at=local(first, 0, 30))
        late_evening_on_last = make_event(starts_at=local(last, 23, 30))
        evening_before_first = make_event(starts_at=local(first - timedelta(days=1), 23, 30))
        just_after_midnight_after_last = make_event(starts_at=local(last + timedelta(days=1), 0, 30))
        db.session.commit()
        included = {just_after_midnight_on_first.id, late_evening_on_last.id}
        excluded = {evening_before_first.id, just_after_midnight_after_last.id}

    response = any_app.test_client().get(f"/events/?date_from={first.isoformat()}&date_to={last.isoformat()}")

    assert response.status_code == 200
    shown = event_ids_on(response)
    assert shown == included
    assert not shown & excluded


def test_from_date_alone_and_to_date_alone(client, ctx, days):
    first, _ = days
    before = make_event(starts_at=local(first - timedelta(days=1), 12, 0))
    on_the_day = make_event(starts_at=local(first, 12, 0))
    after = make_event(starts_at=local(first + timedelta(days=1), 12, 0))
    db.session.commit()

    assert event_ids_on(client.get(f"/events/?date_from={first}")) == {on_the_day.id, after.id}
    assert event_ids_on(client.get(f"/events/?date_to={first}")) == {before.id, on_the_day.id}
    assert event_ids_on(client.get(f"/events/?date_from={first}&date_to={first}")) == {on_the_day.id}


@pytest.mark.parametrize("value", ["2026-02-30", "abc", "2026-13-01", "31/12/2026", "9999-99-99"])
@pytest.mark.parametrize("field", ["date_from", "date_to"])
def test_a_date_that_does_not_exist_is_shown_as_an_error(client, ctx, field, value):
    event = make_event()
    db.session.commit()

    response = client.get(f"/events/?{field}={value}")

    assert response.status_code == 422
    assert field_error(response, field)
    assert event_ids_on(response) == {event.id}  # the bad filter is left out, the list still shows


def test_invalid_date_message_is_readable_in_english(client):
    use_english(client)

    response = client.get("/events/?date_from=2026-02-30")

    assert field_error(response, "date_from") == "Write a date that exists, like 2026-12-24."


def test_to_date_before_from_date_is_an_error_next_to_the_to_date(client, ctx, days):
    first, last = days
    make_event(starts_at=local(first, 12, 0))
    db.session.commit()

    response = client.get(f"/events/?date_from={last}&date_to={first}")

    assert response.status_code == 422
    assert field_error(response, "date_to")
    assert field_error(response, "date_from") is None


def test_to_date_before_from_date_message_in_english(client, days):
    first, last = days
    use_english(client)

    response = client.get(f"/events/?date_from={last}&date_to={first}")

    assert field_error(response, "date_to") == "The to date must be the same as the from date or later."
