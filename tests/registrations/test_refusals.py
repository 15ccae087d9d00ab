"""Registration is refused, with a reason, when the event is not open for it; nothing is stored."""

from datetime import timedelta

import pytest

from dialogue.database import utcnow
from dialogue.events.models import EventStatus
from dialogue.permissions import Role
from tests.factories import login, make_event, make_user
from tests.registrations.helpers import element_text, page_text, register_http, registration_rows
from tests.support import arrange, use_english


def _not_yet_open():
    return make_event(registration_opens_at=utcnow() + timedelta(days=2))


def _closed():
    return make_event(registration_closes_at=utcnow() - timedelta(hours=1))


def _cancelled():
    return make_event(status=EventStatus.CANCELLED)


def _past():
    starts_at = utcnow() - timedelta(days=3)
    return make_event(starts_at=starts_at, ends_at=starts_at + timedelta(hours=2))


def _started():
    starts_at = utcnow() - timedelta(minutes=30)
    return make_event(starts_at=starts_at, ends_at=starts_at + timedelta(hours=2))


@pytest.mark.parametrize(
    ("make_closed_event", "reason"),
    [
        (_not_yet_open, "Registration opens"),
        (_closed, "Registration closed"),
        (_cancelled, "This event has been cancelled."),
        (_past, "already started or taken place"),
        (_started, "already started or taken place"),
    ],
    ids=["not-yet-open", "closed", "cancelled", "past", "started"],
)
def test_registration_is_refused_with_a_reason_and_nothing_is_stored(app, make_closed_event, reason):
    with arrange(app):
        event_id = make_closed_event().id
    client = app.test_client()
    use_english(client)

    form_page = client.get(f"/events/{event_id}/register")
    response = register_http(client, event_id, email="keen@example.se")

    assert form_page.status_code == 200
    assert reason in page_text(form_page)
    assert element_text(form_page.get_data(as_text=True), "contact_name") is None  # no form to fill in
    assert response.status_code == 200
    assert reason in page_text(response)
    assert registration_rows(app, event_id) == []
    event_page = client.get(f"/events/{event_id}")
    assert reason in page_text(event_page)
    assert f'href="/events/{event_id}/register"' not in event_page.get_data(as_text=True)


def test_registration_opens_message_says_when(app):
    opens_at = utcnow() + timedelta(days=40)
    with arrange(app):
        event_id = make_event(starts_at=opens_at + timedelta(days=10), registration_opens_at=opens_at).id
    client = app.test_client()
    use_english(client)

    text = page_text(client.get(f"/events/{event_id}/register"))

    assert "Registration opens" in text
    assert str(opens_at.year) in text.split("Registration opens", 1)[1]


def test_registration_within_its_window_is_accepted(app):
    with arrange(app):
        event_id = make_event(
            registration_opens_at=utcnow() - timedelta(days=1), registration_closes_at=utcnow() + timedelta(days=1)
        ).id

    response = register_http(app.test_client(), event_id)

    assert response.status_code == 302
    assert [row.status for row in registration_rows(app, event_id)] == ["confirmed"]


def test_draft_event_does_not_exist_for_the_public(app):
    with arrange(app):
        event_id = make_event(status=EventStatus.DRAFT).id
    client = app.test_client()

    assert client.get(f"/events/{event_id}").status_code == 404
    assert client.get(f"/events/{event_id}/register").status_code == 404
    assert register_http(client, event_id).status_code == 404
    assert registration_rows(app, event_id) == []


def test_staff_see_a_draft_but_cannot_register_for_it(app):
    with arrange(app):
        make_user(role=Role.PROCESS_LEADER, email="leader@example.se")
        event_id = make_event(status=EventStatus.DRAFT).id
    client = app.test_client()
    login(client, "leader@example.se")
    use_english(client)

    response = register_http(client, event_id, email="leader@example.se")

    assert response.status_code == 200
    assert "Registration has not opened" in page_text(response)
    assert registration_rows(app, event_id) == []


def test_unknown_event_gives_the_404_page(client):
    use_english(client)

    page = client.get("/events/424242/register")

    assert page.status_code == 404
    assert "Page not found" in page_text(page)
    assert register_http(client, 424242).status_code == 404
