"""The registration service on its own: what it hands back to the view, and what it refuses."""

import pytest
from sqlalchemy import text

from dialogue.events.models import EventStatus
from dialogue.extensions import db
from dialogue.registrations.cancellation import cancel
from dialogue.registrations.models import RegistrationStatus
from dialogue.registrations.services import (
    AlreadyRegistered,
    EventFull,
    NotCancellable,
    RegistrationClosed,
    RegistrationRequest,
    register,
    registration_by_token,
    waitlist_position,
)
from tests.factories import make_event, make_registration


def test_cancel_returns_the_promoted_registrations_in_sign_up_order(ctx):
    event = make_event(capacity=3)
    leaving = make_registration(event, email="leaving@example.se", adults=3).registration
    first = make_registration(event, email="first@example.se").registration
    too_big = make_registration(event, email="big@example.se", adults=3).registration
    second = make_registration(event, email="second@example.se").registration
    db.session.commit()
    assert [waitlist_position(r) for r in (first, too_big, second)] == [1, 2, 3]

    promoted = cancel(leaving.id)
    db.session.commit()

    assert [r.email for r in promoted] == ["first@example.se", "second@example.se"]
    assert too_big.status == RegistrationStatus.WAITLISTED
    assert waitlist_position(too_big) == 1
    assert event.places_taken == 2


def test_the_manage_token_is_shown_once_and_only_its_hash_is_stored(ctx):
    event = make_event(capacity=3)
    result = make_registration(event, email="anna@example.se")
    db.session.commit()

    stored_row = db.session.execute(
        text("SELECT * FROM registrations WHERE id = :id"), {"id": result.registration.id}
    ).one()
    assert all(result.manage_token not in str(value) for value in stored_row)
    assert registration_by_token(result.manage_token) is result.registration
    assert registration_by_token(result.registration.manage_token_hash) is None


@pytest.mark.parametrize(
    ("event_fields", "error"),
    [
        ({"status": EventStatus.CANCELLED}, RegistrationClosed),
        ({"status": EventStatus.DRAFT}, RegistrationClosed),
        ({"capacity": 0, "waitlist_enabled": False}, EventFull),
    ],
    ids=["cancelled", "draft", "full-without-waiting-list"],
)
def test_register_refuses_with_a_domain_error_and_adds_nothing(ctx, event_fields, error):
    event = make_event(**event_fields)
    db.session.commit()

    with pytest.raises(error):
        register(event.id, RegistrationRequest(contact_name="Anna", email="anna@example.se"))
    db.session.rollback()

    assert event.places_taken == 0


def test_register_refuses_an_email_already_registered_and_cancel_twice(ctx):
    event = make_event(capacity=3)
    registration = make_registration(event, email="anna@example.se").registration
    db.session.commit()

    with pytest.raises(AlreadyRegistered) as refused:
        register(event.id, RegistrationRequest(contact_name="Anna", email="ANNA@example.se"))
    assert refused.value.field == "email"
    db.session.rollback()

    cancel(registration.id)
    db.session.commit()
    with pytest.raises(NotCancellable):
        cancel(registration.id)
    db.session.rollback()
    assert event.places_taken == 0
