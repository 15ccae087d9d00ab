"""The event page: places left, the waiting list, and who may see it."""

from datetime import timedelta

from dialogue.database import utcnow
from dialogue.events.models import EventStatus
from dialogue.extensions import db
from dialogue.permissions import Role
from tests.factories import login, make_event, make_registration, make_user
from tests.support import use_english


def test_event_page_shows_places_left_and_waiting_list_length(client, ctx):
    event = make_event(capacity=6, title="Dialogue on the park")
    make_registration(event, adults=2)  # confirmed: 4 places left
    for party in (5, 5, 6):
        make_registration(event, adults=party)  # none fits: waiting list
    db.session.commit()
    use_english(client)

    response = client.get(f"/events/{event.id}")

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Dialogue on the park" in page
    assert "4 places left" in page
    assert "6 places in all" in page
    assert "3 registrations on the waiting list" in page


def test_full_event_says_so_and_offers_the_waiting_list(client, ctx):
    event = make_event(capacity=2)
    make_registration(event, adults=2)
    db.session.commit()
    use_english(client)

    page = client.get(f"/events/{event.id}").get_data(as_text=True)

    assert "Full" in page
    assert "The event is full, but you can join the waiting list." in page
    assert "on the waiting list" not in page  # nobody is waiting yet


def test_unlimited_event_says_there_is_no_limit(client, ctx):
    event = make_event(capacity=None)
    db.session.commit()
    use_english(client)

    assert "No limit on places" in client.get(f"/events/{event.id}").get_data(as_text=True)


def test_unknown_event_is_the_404_page(client):
    use_english(client)

    response = client.get("/events/999999")

    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Page not found" in page
    assert "Error code 404" in page


def test_non_numeric_event_id_is_a_404(client):
    assert client.get("/events/abc").status_code == 404
    assert client.get("/events/-1").status_code == 404


def test_draft_is_a_404_for_the_public_and_residents(app, client):
    with app.app_context():
        draft = make_event(status=EventStatus.DRAFT)
        make_user(email="resident@example.se")
        db.session.commit()
        draft_id = draft.id

    assert client.get(f"/events/{draft_id}").status_code == 404
    login(client, "resident@example.se")
    assert client.get(f"/events/{draft_id}").status_code == 404


def test_draft_is_visible_to_a_process_leader(app, client):
    with app.app_context():
        draft = make_event(status=EventStatus.DRAFT)
        make_user(Role.PROCESS_LEADER, email="leader@example.se")
        db.session.commit()
        draft_id = draft.id

    login(client, "leader@example.se")

    assert client.get(f"/events/{draft_id}").status_code == 200


def test_cancelled_and_past_events_still_have_a_page(client, ctx):
    cancelled = make_event(status=EventStatus.CANCELLED)
    past = make_event(starts_at=utcnow() - timedelta(days=30))
    db.session.commit()
    use_english(client)

    cancelled_page = client.get(f"/events/{cancelled.id}")
    past_page = client.get(f"/events/{past.id}")

    assert cancelled_page.status_code == 200
    assert "This event has been cancelled." in cancelled_page.get_data(as_text=True)
    assert past_page.status_code == 200
    assert "registration is closed" in past_page.get_data(as_text=True)
