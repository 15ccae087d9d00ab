"""Publishing, cancelling with a message for the registrants, and duplicating an event."""

import pytest
from sqlalchemy import func, select

from dialogue.events.models import Event, EventStatus
from dialogue.extensions import db
from dialogue.organisations.models import Organisation
from dialogue.registrations.models import Registration
from tests.factories import login, make_registration
from tests.planning.helpers import build_world, element_text, errors_on, event_count, snapshot
from tests.support import arrange, look, use_english


def staff_for(app, **event_fields):
    world = build_world(app, **event_fields)
    client = app.test_client()
    assert login(client, world.emails[next(iter(world.emails))]).status_code == 302
    use_english(client)
    return world, client


def flashes(client, response) -> str:
    return client.get(response.headers["Location"]).get_data(as_text=True)


def test_publishing_a_draft_makes_it_public(app):
    world, staff = staff_for(app, status=EventStatus.DRAFT)
    assert app.test_client().get(f"/events/{world.event_id}").status_code == 404

    response = staff.post(f"/staff/events/{world.event_id}/publish")

    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/staff/events/{world.event_id}/edit")
    with look(app):
        assert db.session.get(Event, world.event_id).status == EventStatus.PUBLISHED
    assert app.test_client().get(f"/events/{world.event_id}").status_code == 200


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (EventStatus.PUBLISHED, "This event is already published."),
        (EventStatus.CANCELLED, "A cancelled event cannot be published again. Duplicate it to plan it anew."),
        (EventStatus.HELD, "This event has already been held."),
    ],
)
def test_only_a_draft_can_be_published(app, status, message):
    world, staff = staff_for(app, status=status)
    with look(app):
        before = snapshot(world.event_id)
    response = staff.post(f"/staff/events/{world.event_id}/publish")
    assert response.status_code == 302
    assert message in flashes(staff, response)
    with look(app):
        assert snapshot(world.event_id) == before


def test_publishing_needs_a_post(app):
    world, staff = staff_for(app, status=EventStatus.DRAFT)
    assert staff.get(f"/staff/events/{world.event_id}/publish").status_code == 405


def test_cancelling_keeps_the_message_and_the_registrations(app):
    world, staff = staff_for(app, capacity=2)
    with arrange(app):
        event = db.session.get(Event, world.event_id)
        make_registration(event, email="a@example.se", adults=2)
        make_registration(event, email="b@example.se")  # waiting
    message = "The pavilion is flooded.\nWe will invite you to a new date."

    response = staff.post(f"/staff/events/{world.event_id}/cancel", data={"message": f"  {message}  "})

    assert response.status_code == 302
    with look(app):
        event = db.session.get(Event, world.event_id)
        assert event.status == EventStatus.CANCELLED
        assert event.cancellation_message == message
        assert event.cancelled_at is not None
        assert event.revision == 1
        assert db.session.scalar(select(func.count()).select_from(Registration)) == 2
    page = staff.get(f"/staff/events/{world.event_id}/edit").get_data(as_text=True)
    assert element_text(page, "cancellation-message") == " ".join(message.split())
    public = app.test_client().get(f"/events/{world.event_id}")
    assert public.status_code == 200  # a cancelled event stays visible, marked as cancelled


@pytest.mark.parametrize(
    ("message", "error"),
    [
        ("", "Write a message for the people who registered."),
        ("   \n ", "Write a message for the people who registered."),
        ("x" * 2001, "At most 2000 characters."),
    ],
)
def test_a_cancellation_needs_a_message_of_1_to_2000_characters(app, message, error):
    world, staff = staff_for(app)
    with look(app):
        before = snapshot(world.event_id)
    response = staff.post(f"/staff/events/{world.event_id}/cancel", data={"message": message})
    assert response.status_code == 422
    assert errors_on(response.get_data(as_text=True), "message") == error
    with look(app):
        assert snapshot(world.event_id) == before


def test_a_message_of_2000_characters_is_accepted(app):
    world, staff = staff_for(app)
    assert staff.post(f"/staff/events/{world.event_id}/cancel", data={"message": "x" * 2000}).status_code == 302


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (EventStatus.CANCELLED, "This event is already cancelled."),
        (EventStatus.HELD, "This event has already been held, so it cannot be cancelled."),
    ],
)
def test_a_cancelled_or_held_event_cannot_be_cancelled(app, status, message):
    world, staff = staff_for(app, status=status)
    with look(app):
        before = snapshot(world.event_id)
    page = staff.get(f"/staff/events/{world.event_id}/cancel")
    assert page.status_code == 200
    assert element_text(page.get_data(as_text=True), "cancel-refusal") == message
    assert "<textarea" not in page.get_data(as_text=True)

    response = staff.post(f"/staff/events/{world.event_id}/cancel", data={"message": "Again"})

    assert response.status_code == 422
    assert element_text(response.get_data(as_text=True), "cancel-refusal") == message
    with look(app):
        assert snapshot(world.event_id) == before


def test_a_draft_can_be_cancelled(app):
    world, staff = staff_for(app, status=EventStatus.DRAFT)
    assert staff.post(f"/staff/events/{world.event_id}/cancel", data={"message": "Not needed."}).status_code == 302
    with look(app):
        assert db.session.get(Event, world.event_id).status == EventStatus.CANCELLED


def test_duplicating_makes_a_draft_copy_without_registrations(app):
    world, staff = staff_for(
        app, capacity=5, inclusive_method=True, inclusive_methods_note="Dance", languages=("ar", "sv")
    )
    with arrange(app):
        event = db.session.get(Event, world.event_id)
        event.cohosts = [db.session.get(Organisation, organisation_id) for organisation_id in world.organisation_ids]
        event.series_key = "a" * 32
        make_registration(event, adults=3)

    response = staff.post(f"/staff/events/{world.event_id}/duplicate")

    assert response.status_code == 302
    with look(app):
        original = db.session.get(Event, world.event_id)
        copy = db.session.scalars(select(Event).where(Event.id != world.event_id)).one()
        assert response.headers["Location"].endswith(f"/staff/events/{copy.id}/edit")
        assert copy.title == f"Copy of {original.title}"
        assert copy.status == EventStatus.DRAFT
        assert copy.places_taken == 0 and original.places_taken == 3
        assert (
            db.session.scalar(select(func.count()).select_from(Registration).where(Registration.event_id == copy.id))
            == 0
        )
        assert [o.id for o in copy.cohosts] == [o.id for o in original.cohosts] and len(copy.cohosts) == 2
        assert copy.language_codes == ["ar", "sv"]
        assert copy.inclusive_method and copy.inclusive_methods_note == "Dance"
        for name in (
            "kind",
            "description",
            "neighbourhood_id",
            "venue",
            "address",
            "accessibility_info",
            "starts_at",
            "ends_at",
            "capacity",
            "waitlist_enabled",
            "audience",
        ):
            assert getattr(copy, name) == getattr(original, name), name
        assert copy.series_key is None and copy.revision == 0 and copy.cancellation_message is None
        assert event_count() == 2


def test_a_copy_of_a_long_title_still_fits(app):
    world, staff = staff_for(app, title="T" * 160)
    assert staff.post(f"/staff/events/{world.event_id}/duplicate").status_code == 302
    with look(app):
        copy = db.session.scalars(select(Event).where(Event.id != world.event_id)).one()
        assert len(copy.title) == 160 and copy.title.startswith("Copy of T")
