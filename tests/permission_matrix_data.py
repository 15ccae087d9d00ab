"""The data behind the permission matrix: two neighbourhoods, an account for every role, and contributions.

Neighbourhood A (Sege Park) holds everything the routes act on: a public, answered proposal with a photo, a
contact email and an open report; feedback from an event; a hidden proposal with a photo; a registration for the
event, which staff may cancel without an email, with its manage link, and an administrator's request about its address.
Neighbourhood B
(Lindängen) holds one proposal, so that each developer is inside one neighbourhood and outside the other.
The answer and the hiding are in the audit log, so that its page has rows to show, or to keep from, each role.
"""

import io
from dataclasses import dataclass

from PIL import Image

from dialogue.contributions.models import ProposalStatus
from dialogue.contributions.photos import photo_from_upload
from dialogue.contributions.services import FeedbackInput, answer, attach_photo, hide, report, submit_feedback
from dialogue.extensions import db
from dialogue.organisations.models import OrganisationKind
from dialogue.permissions import Role
from dialogue.privacy.requests import request_token
from tests.factories import (
    make_developer,
    make_event,
    make_neighbourhood,
    make_organisation,
    make_proposal,
    make_registration,
    make_user,
)

# Only staff may ever read these (issue 3: "a contact email for follow-up that only staff can see").
CONTACT_EMAIL = "proposer.private@example.se"
HIDDEN_CONTACT_EMAIL = "hidden.proposer@example.se"
HIDDEN_TITLE = "Hidden card naming a neighbour"

ROLES = ("anonymous", "resident", "process_leader", "developer_inside", "developer_outside", "admin")
STAFF_ROLES = frozenset({"process_leader", "admin"})


@dataclass(frozen=True)
class Dataset:
    ids: dict[str, object]  # what the URL templates refer to: {slug_a}, {proposal}, {hidden_photo}, ...
    emails: dict[str, str]  # role -> the account's email address


def _image(image_format: str) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (40, 30), (30, 110, 60)).save(output, format=image_format)
    return output.getvalue()


def build_dataset() -> Dataset:
    """Call inside an application context; commits."""
    sege_park = make_neighbourhood("Sege Park", slug="sege-park")
    lindangen = make_neighbourhood("Lindängen", slug="lindangen")
    event = make_event(sege_park, title="Dance workshop in Sege Park")
    accounts = {
        "resident": make_user(Role.RESIDENT, email="resident@example.se"),
        "process_leader": make_user(Role.PROCESS_LEADER, email="leader@example.se"),
        "admin": make_user(Role.ADMIN, email="admin@example.se"),
        "developer_inside": make_developer(
            [sege_park],
            organisation=make_organisation("Sege Park Fastigheter AB", OrganisationKind.PROPERTY_OWNER),
            email="inside@builder.example.se",
        ),
        "developer_outside": make_developer(
            [lindangen],
            organisation=make_organisation("Lindängen Bygg AB", OrganisationKind.BUILDER),
            email="outside@builder.example.se",
        ),
    }

    proposal = make_proposal(
        sege_park, title="Benches along the park path", contact_email=CONTACT_EMAIL, event_id=event.id
    )
    attach_photo(proposal, photo_from_upload(io.BytesIO(_image("PNG"))))
    # Answered, so that "You said, we did" and the public proposal page show an answer next to it.
    answer(proposal, ProposalStatus.UNDER_REVIEW, "We are looking at where benches fit.", accounts["developer_inside"])
    report(proposal, "It names a neighbour", reporter=None)  # stays open

    feedback = submit_feedback(
        sege_park, FeedbackInput(rating=4, body="A good evening", event_id=event.id), author=None
    )

    hidden = make_proposal(sege_park, title=HIDDEN_TITLE, contact_email=HIDDEN_CONTACT_EMAIL)
    attach_photo(hidden, photo_from_upload(io.BytesIO(_image("JPEG"))))
    hide(hidden, "Personal details", moderator=accounts["process_leader"])

    proposal_b = make_proposal(lindangen, title="A bigger library in Lindängen")
    made = make_registration(event, email="registered@example.se")
    registration = made.registration

    dataset = Dataset(
        ids={
            "slug_a": sege_park.slug,
            "slug_b": lindangen.slug,
            "event": event.id,
            "proposal": proposal.id,
            "photo": proposal.photo.id,
            "feedback": feedback.id,
            "hidden": hidden.id,
            "hidden_photo": hidden.photo.id,
            "proposal_b": proposal_b.id,
            "developer_inside": accounts["developer_inside"].id,
            "registration": registration.id,
            "manage_token": made.manage_token,
            "request_token": request_token("registered@example.se"),
        },
        emails={role: account.email for role, account in accounts.items()},
    )
    db.session.commit()
    return dataset
