"""A guest cancels and erases a registration through its manage link, after ticking a box: its personal fields
are emptied, its places go to the waiting list, which is told, and the link opens nothing afterwards. A made-up
or tampered link erases nothing. On SQLite and PostgreSQL."""

import pytest
from sqlalchemy import func, select

from dialogue.audit.models import AuditAction, AuditEntry
from dialogue.events.models import Event
from dialogue.extensions import db
from dialogue.outbox.models import OutboxMessage
from dialogue.registrations.models import (
    AccessNeed,
    Registration,
    RegistrationAccessNeed,
    RegistrationChild,
    RegistrationStatus,
)
from dialogue.registrations.services import ChildDetail
from tests.factories import make_event, make_registration
from tests.privacy.people import move_into_the_past
from tests.support import arrange, look, use_english


@pytest.fixture
def full_event(any_app):
    """A full event: a family holds both places, a guest waits."""
    with arrange(any_app):
        event = make_event(title="Evening on the square", capacity=3)
        family = make_registration(
            event,
            email="family@example.se",
            contact_name="Fatima Family",
            adults=1,
            children=2,
            child_details=[ChildDetail("Sami", 7)],
        )
        waiting = make_registration(event, email="waiting@example.se", contact_name="Walid Waiting", adults=3)
        return event.id, family.registration.id, family.manage_token, waiting.registration.id


def test_erasing_asks_once_more_then_frees_the_places_and_empties_the_registration(any_app, full_event):
    event_id, family_id, token, waiting_id = full_event
    client = any_app.test_client()
    use_english(client)
    page = client.get(f"/registrations/{token}/erase").get_data(as_text=True)
    assert "<h1>Erase your registration?</h1>" in page and "It is cancelled at once" in page

    unticked = client.post(f"/registrations/{token}/erase", data={})
    assert unticked.status_code == 422
    assert "Tick the box to confirm that the registration is to be erased." in unticked.get_data(as_text=True)
    with look(any_app):
        assert db.session.get(Registration, family_id).status == RegistrationStatus.CONFIRMED

    response = client.post(f"/registrations/{token}/erase", data={"confirm": "y"})
    assert response.status_code == 302 and response.headers["Location"] == "/privacy/registration-erased"
    done = client.get("/privacy/registration-erased").get_data(as_text=True)
    assert "Your registration for Evening on the square is erased." in done
    assert "It was cancelled, and its places went to the waiting list." in done

    assert client.get(f"/registrations/{token}").status_code == 404
    assert client.get(f"/registrations/{token}/my-data.json").status_code == 404
    with look(any_app):
        family = db.session.get(Registration, family_id)
        assert family.status == RegistrationStatus.CANCELLED
        assert (family.contact_name, family.email, family.manage_token_hash) == ("", None, None)
        assert (family.adults, family.children) == (1, 2)  # what the figures count
        assert db.session.scalar(select(func.count()).select_from(RegistrationChild)) == 0
        assert db.session.get(Registration, waiting_id).status == RegistrationStatus.CONFIRMED
        assert db.session.get(Event, event_id).places_taken == 3
        kinds = db.session.scalars(
            select(OutboxMessage.kind).where(OutboxMessage.to_address == "waiting@example.se")
        ).all()
        assert kinds == ["waitlisted", "promoted"]
        # No cancellation email goes to the address that asked to be forgotten.
        assert (
            db.session.scalars(select(OutboxMessage.kind).where(OutboxMessage.kind == "cancellation_confirmed")).all()
            == []
        )
        entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == AuditAction.REGISTRATION_ERASED)).one()
        assert (entry.subject_id, entry.actor_id) == (family_id, None)


def test_a_held_events_registration_is_emptied_and_keeps_its_figures(any_app):
    with arrange(any_app):
        event = make_event(title="Dance workshop", capacity=10)
        made = make_registration(
            event, email="past@example.se", adults=2, access_needs={AccessNeed.WHEELCHAIR}, access_note="Side door"
        )
        move_into_the_past(event.id)
        registration_id, token = made.registration.id, made.manage_token
    client = any_app.test_client()
    use_english(client)
    assert "It is cancelled at once" not in client.get(f"/registrations/{token}/erase").get_data(as_text=True)
    assert client.post(f"/registrations/{token}/erase", data={"confirm": "y"}).status_code == 302
    with look(any_app):
        registration = db.session.get(Registration, registration_id)
        assert registration.status == RegistrationStatus.CONFIRMED and registration.adults == 2
        assert (registration.email, registration.access_note, registration.anonymised_at is not None) == (
            None,
            "",
            True,
        )
        assert db.session.scalar(select(func.count()).select_from(RegistrationAccessNeed)) == 0


def test_a_cancelled_registration_can_be_erased_too(any_app, full_event):
    _event_id, family_id, token, _waiting_id = full_event
    client = any_app.test_client()
    assert client.post(f"/registrations/{token}/cancel").status_code == 302
    assert client.post(f"/registrations/{token}/erase", data={"confirm": "y"}).status_code == 302
    with look(any_app):
        assert db.session.get(Registration, family_id).contact_name == ""


@pytest.mark.parametrize("token", ["made-up", "x" * 300, "%00", "%2E%2E"])
def test_a_made_up_or_tampered_link_erases_nothing(any_app, full_event, token):
    _event_id, family_id, real, _waiting_id = full_event
    tampered = real[:-2] + ("AA" if not real.endswith("AA") else "BB")
    client = any_app.test_client()
    for attempt in (token, tampered):
        assert client.get(f"/registrations/{attempt}/erase").status_code == 404
        assert client.post(f"/registrations/{attempt}/erase", data={"confirm": "y"}).status_code == 404
    with look(any_app):
        assert db.session.get(Registration, family_id).contact_name == "Fatima Family"
