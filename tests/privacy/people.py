"""A resident with a life in Dialogue, for the tests of download and delete: an account with a registration for a
full event (a guest waits behind it), a registration for a held event with children and access needs, a guest
registration made earlier with the same address, a proposal with a public answer, feedback, a support, a report
and emails; and a neighbour with data of her own, which must never appear in the resident's file or be touched
by the resident's deletion."""

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import update

from dialogue.contributions.models import ProposalStatus
from dialogue.contributions.services import FeedbackInput, answer, report, submit_feedback, toggle_support
from dialogue.database import utcnow
from dialogue.events.models import Event
from dialogue.extensions import db
from dialogue.permissions import Role
from dialogue.registrations.models import AccessNeed
from dialogue.registrations.services import ChildDetail
from tests.factories import make_developer, make_event, make_neighbourhood, make_proposal, make_registration, make_user

RESIDENT_EMAIL = "amira.haddad@example.se"
WAITING_EMAIL = "waiting.guest@example.se"
NEIGHBOUR_EMAIL = "neighbour@example.se"


@dataclass
class People:
    resident_id: int
    neighbour_id: int
    upcoming_event_id: int
    upcoming_registration_id: int
    waiting_registration_id: int
    held_registration_id: int
    guest_registration_id: int
    guest_token: str
    proposal_id: int
    feedback_id: int
    supported_id: int
    neighbour_registration_id: int
    neighbour_token: str
    slug: str


def move_into_the_past(event_id: int, days: int = 3) -> None:
    starts = utcnow() - timedelta(days=days)
    db.session.execute(
        update(Event).where(Event.id == event_id).values(starts_at=starts, ends_at=starts + timedelta(hours=2))
    )
    db.session.expire_all()


def build_people() -> People:
    area = make_neighbourhood("Seved", slug="seved")
    resident = make_user(email=RESIDENT_EMAIL, name="Amira Haddad", preferred_language="en")
    neighbour = make_user(email=NEIGHBOUR_EMAIL, name="Nora Neighbour")

    full = make_event(area, title="Evening on the square", capacity=2)
    upcoming = make_registration(full, email=RESIDENT_EMAIL, contact_name="Amira Haddad", adults=2, user=resident)
    waiting = make_registration(full, email=WAITING_EMAIL, contact_name="Walid Waiting", adults=2)

    held = make_event(area, title="Dance workshop for families")
    family = make_registration(
        held,
        email=RESIDENT_EMAIL,
        contact_name="Amira Haddad",
        user=resident,
        children=2,
        child_details=[ChildDetail("Sami", 7), ChildDetail("Lina", 4)],
        access_needs={AccessNeed.INTERPRETER, AccessNeed.WHEELCHAIR},
        interpreter_language="ar",
        access_note="A ramp at the side door",
    )
    earlier = make_event(area, title="Walk through the park")
    guest = make_registration(earlier, email=RESIDENT_EMAIL, contact_name="Amira H")  # before she had an account
    theirs = make_registration(earlier, email=NEIGHBOUR_EMAIL, contact_name="Nora Neighbour", user=neighbour)
    move_into_the_past(held.id)

    proposal = make_proposal(area, title="A bench under the lime trees", author=resident, contact_email=RESIDENT_EMAIL)
    developer = make_developer([area])
    answer(proposal, ProposalStatus.PLANNED, "We put two benches there in May.", developer)
    feedback = submit_feedback(area, FeedbackInput(rating=5, body="A warm evening", event_id=held.id), author=resident)
    supported = make_proposal(area, title="Lights on the footpath", author=neighbour)
    toggle_support(supported, resident)
    report(supported, "It repeats another proposal", reporter=resident)
    make_user(Role.ADMIN, email="admin@example.se", name="Ada Admin")
    db.session.flush()
    return People(
        resident_id=resident.id,
        neighbour_id=neighbour.id,
        upcoming_event_id=full.id,
        upcoming_registration_id=upcoming.registration.id,
        waiting_registration_id=waiting.registration.id,
        held_registration_id=family.registration.id,
        guest_registration_id=guest.registration.id,
        guest_token=guest.manage_token,
        proposal_id=proposal.id,
        feedback_id=feedback.id,
        supported_id=supported.id,
        neighbour_registration_id=theirs.registration.id,
        neighbour_token=theirs.manage_token,
        slug=area.slug,
    )
