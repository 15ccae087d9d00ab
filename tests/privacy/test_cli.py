"""`flask privacy purge`: counts per kind, `--dry-run` changes nothing, a second run finds nothing, and unused
staff accounts are listed for an administrator."""

from datetime import timedelta

from sqlalchemy import update

from dialogue.accounts.models import User
from dialogue.database import utcnow
from dialogue.events.models import Event
from dialogue.extensions import db
from dialogue.permissions import Role
from dialogue.registrations.models import Registration
from tests.factories import make_event, make_registration, make_user
from tests.support import arrange, look


def arrange_an_event_long_over(app) -> int:
    with arrange(app):
        event = make_event()
        registration = make_registration(event, contact_name="Astrid", email="astrid@example.se").registration
        past = utcnow() - timedelta(days=45)
        db.session.execute(
            update(Event).where(Event.id == event.id).values(starts_at=past, ends_at=past + timedelta(hours=2))
        )
        leader = make_user(Role.PROCESS_LEADER, email="old-leader@example.se", name="Old Leader")
        leader.created_at = leader.email_confirmed_at = utcnow() - timedelta(days=800)
        return registration.id


def test_a_dry_run_prints_the_counts_and_changes_nothing(app, runner):
    registration_id = arrange_an_event_long_over(app)

    result = runner.invoke(args=["privacy", "purge", "--dry-run"])

    assert result.exit_code == 0, result.output
    assert "Would remove (nothing changed, --dry-run):" in result.output
    assert "  registrations: 1\n" in result.output
    assert "old-leader@example.se  Old Leader  process_leader" in result.output
    with look(app):
        assert db.session.get(Registration, registration_id).contact_name == "Astrid"


def test_a_purge_prints_what_it_removed_and_a_second_finds_nothing(app, runner):
    registration_id = arrange_an_event_long_over(app)

    first = runner.invoke(args=["privacy", "purge"])
    second = runner.invoke(args=["privacy", "purge"])

    assert first.exit_code == 0, first.output
    assert "Removed:\n  registrations: 1\n" in first.output
    assert "  registrations: 0\n" in second.output and "  emails: 0\n" in second.output
    with look(app):
        registration = db.session.get(Registration, registration_id)
        assert (registration.contact_name, registration.email, registration.anonymised_at is not None) == (
            "",
            None,
            True,
        )
        assert db.session.query(User).filter_by(email="old-leader@example.se").one()  # staff: listed, kept
