"""A city a few weeks after an event: a held event with registrations (children, access needs, an interpreter, a
note), a check-in, a walk-in who gave a name, no-shows and a closing report; guest proposals with a follow-up
address, one answered; every email sent, one given up on; residents' accounts, an unconfirmed sign-up, spent links
and a count of wrong passwords; and the audit log all of it wrote.

Every personal value contains one of MARKERS, so that a test can scan every text column for what must be gone.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import update

from dialogue.accounts.password_reset import request_reset
from dialogue.accounts.signup import sign_up
from dialogue.accounts.throttle import record_failure
from dialogue.attendance.services import ReportInput, add_walk_in, check_in, mark_no_shows, save_closing_report
from dialogue.contributions.models import NeighbourhoodAssignment, ProposalStatus
from dialogue.contributions.services import answer
from dialogue.database import utcnow
from dialogue.events.models import Event
from dialogue.extensions import db
from dialogue.outbox.models import OutboxMessage, OutboxStatus
from dialogue.permissions import Role
from dialogue.registrations.cancellation import cancel
from dialogue.registrations.models import AccessNeed
from dialogue.registrations.services import ChildDetail
from tests.factories import (
    make_event,
    make_neighbourhood,
    make_organisation,
    make_proposal,
    make_registration,
    make_user,
)

# Every personal value in the dataset carries one of these; none of them may survive the purge.
MARKERS = ("zorro", "Zorro", "ZORRO")


@dataclass
class City:
    neighbourhood_slug: str
    event_id: int
    leader_id: int
    resident_ids: list[int]
    first_day: date
    last_day: date


def mark_every_email_sent(at: datetime) -> None:
    """As the outbox worker would have: every queued email sent at `at`."""
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.status == OutboxStatus.PENDING)
        .values(status=OutboxStatus.SENT, sent_at=at, attempts=1)
    )


def build_city() -> City:
    now = utcnow()
    neighbourhood = make_neighbourhood()
    leader = make_user(Role.PROCESS_LEADER, email="leader@example.se", name="Lena Leader")
    organisation = make_organisation()
    developer = make_user(Role.DEVELOPER, email="builder-zorro@example.se", name="Bo Zorro Builder")
    developer.organisation = organisation
    db.session.add(NeighbourhoodAssignment(user_id=developer.id, neighbourhood_id=neighbourhood.id))
    resident = make_user(email="amira-zorro@example.se", name="Amira Zorro", preferred_language="en")

    event = make_event(neighbourhood, capacity=6)
    family = make_registration(
        event,
        email="family-zorro@example.se",
        contact_name="Fatima Zorro",
        adults=2,
        children=2,
        child_details=[ChildDetail("Zorro junior", 7), ChildDetail("Little Zorro", 4)],
        access_needs={AccessNeed.INTERPRETER, AccessNeed.WHEELCHAIR},
        interpreter_language="ar",
        access_note="A ramp for Zorro's chair",
    ).registration
    family.origin_hash = "0" * 64  # made on the site: the keyed hash of the connection it came from
    make_registration(event, email="amira-zorro@example.se", contact_name="Amira Zorro", user=resident, adults=2)
    make_registration(event, email="waiting-zorro@example.se", contact_name="Wanda Zorro", adults=2)  # waitlisted
    gone = make_registration(event, email="gone-zorro@example.se", contact_name="Gunnar Zorro").registration
    cancel(gone.id)

    # The event took place ten days ago.
    starts = now - timedelta(days=10)
    db.session.execute(
        update(Event).where(Event.id == event.id).values(starts_at=starts, ends_at=starts + timedelta(hours=2))
    )
    db.session.expire_all()
    check_in(event, family.id, leader, now=starts)
    add_walk_in(event, "Walker Zorro", 3, leader, now=starts)
    mark_no_shows(event, leader, now=starts + timedelta(hours=3))
    save_closing_report(event.id, ReportInput(attendees=8, organisation_ids={organisation.id}), leader)

    answered = make_proposal(neighbourhood, contact_email="guest-zorro@example.se", now=now - timedelta(days=5))
    answer(answered, ProposalStatus.PLANNED, "We will build it next spring.", developer, now=now - timedelta(days=2))
    make_proposal(neighbourhood, contact_email="quiet-zorro@example.se", now=now - timedelta(days=3))

    other = make_user(email="old-zorro@example.se", name="Olle Zorro")
    request_reset(other.email, now=now - timedelta(days=1))
    sign_up("new-zorro@example.se", "Nils Zorro", "a long and unusual password", now=now - timedelta(days=4))
    record_failure("guesser-zorro@example.se", now=now - timedelta(days=2))

    mark_every_email_sent(now - timedelta(days=1))
    db.session.add(
        OutboxMessage(
            to_address="bounced-zorro@example.se",
            to_name="Bounce Zorro",
            subject="Your registration",
            body_text="Hello Bounce Zorro",
            body_html="<p>Hello Bounce Zorro</p>",
            kind="registration_confirmed",
            status=OutboxStatus.FAILED,
            attempts=8,
            last_error="550 5.1.1 <bounced-zorro@example.se>: Recipient address rejected",
            next_attempt_at=now - timedelta(days=1),
        )
    )
    db.session.flush()
    today = now.date()
    return City(
        neighbourhood_slug=neighbourhood.slug,
        event_id=event.id,
        leader_id=leader.id,
        resident_ids=[resident.id, other.id, developer.id],
        first_day=today - timedelta(days=60),
        last_day=today + timedelta(days=1),
    )
