"""The database itself refuses what the services must never do, on SQLite and on PostgreSQL."""

import pytest
from sqlalchemy.exc import IntegrityError

from dialogue.extensions import db
from dialogue.registrations.models import Registration, RegistrationStatus, new_manage_token
from tests.factories import make_event, make_registration
from tests.registrations.helpers import places_taken


def test_places_taken_above_capacity_is_refused_by_the_database(any_app):
    with any_app.app_context():
        event = make_event(capacity=3)
        event_id = event.id
        db.session.commit()

        event.places_taken = 4
        with pytest.raises(IntegrityError, match="not_overbooked"):
            db.session.flush()
        db.session.rollback()

    assert places_taken(any_app, event_id) == 0


def test_places_taken_up_to_capacity_and_unlimited_events_are_allowed(any_app):
    with any_app.app_context():
        full = make_event(capacity=3)
        unlimited = make_event(capacity=None)
        full.places_taken = 3
        unlimited.places_taken = 500
        db.session.commit()
        ids = (full.id, unlimited.id)

    assert [places_taken(any_app, event_id) for event_id in ids] == [3, 500]


def _raw_registration(event, email: str, status=RegistrationStatus.WAITLISTED, adults=1, children=0):
    return Registration(
        event=event,
        contact_name="Raw",
        email=email,
        adults=adults,
        children=children,
        status=status,
        manage_token_hash=new_manage_token()[1],
    )


def test_a_party_over_ten_is_refused_by_the_database(any_app):
    with any_app.app_context():
        event = make_event(capacity=None)
        db.session.add(_raw_registration(event, "big@example.se", adults=6, children=5))
        with pytest.raises(IntegrityError, match="party_size_limit"):
            db.session.flush()
        db.session.rollback()


def test_a_second_active_registration_for_one_email_is_refused_by_the_database(any_app):
    with any_app.app_context():
        event = make_event(capacity=10)
        make_registration(event, email="anna@example.se")
        db.session.commit()

        db.session.add(_raw_registration(event, "anna@example.se"))
        with pytest.raises(IntegrityError, match="uq_registrations_active_email|UNIQUE"):
            db.session.flush()
        db.session.rollback()

        # A cancelled one does not count.
        db.session.add(_raw_registration(event, "anna@example.se", status=RegistrationStatus.CANCELLED))
        db.session.flush()
        db.session.rollback()
