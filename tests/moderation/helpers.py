"""Helpers for the staff pages' tests: a neighbourhood with proposals and feedback, logging in, images."""

import io
import re
from dataclasses import dataclass

from PIL import Image
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from dialogue.contributions.models import Contribution, Report
from dialogue.contributions.services import FeedbackInput, report, submit_feedback
from dialogue.extensions import db
from dialogue.permissions import Role
from tests.factories import login, make_developer, make_event, make_neighbourhood, make_proposal, make_user
from tests.support import arrange


@dataclass
class World:
    """A neighbourhood with an event, two proposals and feedback, and a user for each role asked for."""

    neighbourhood_id: int
    slug: str
    event_id: int
    proposal_id: int
    other_proposal_id: int
    feedback_id: int
    emails: dict


# A developer who is assigned to the neighbourhood: still not staff.
DEVELOPER_INSIDE = "developer_inside"


def build_world(app, roles=(Role.PROCESS_LEADER,)) -> World:
    """`roles`: Role members, or DEVELOPER_INSIDE. Each account costs a password hash, so ask only for those used."""
    with arrange(app):
        neighbourhood = make_neighbourhood("Sege Park")
        event = make_event(neighbourhood)
        proposal = make_proposal(neighbourhood, title="A bench by the pond", contact_email="lina@example.se")
        other = make_proposal(neighbourhood, title="Benches by the pond")
        feedback = submit_feedback(neighbourhood, FeedbackInput(rating=4, body="Good evening"), author=None)
        emails = {}
        for role in roles:
            if role == DEVELOPER_INSIDE:
                emails[role] = make_developer([neighbourhood], email="builder@example.se").email
            else:
                emails[role] = make_user(role, email=f"{role.value}@example.se").email
        world = World(
            neighbourhood_id=neighbourhood.id,
            slug=neighbourhood.slug,
            event_id=event.id,
            proposal_id=proposal.id,
            other_proposal_id=other.id,
            feedback_id=feedback.id,
            emails=emails,
        )
    return world


def log_in_as(client, world: World, role: Role = Role.PROCESS_LEADER):
    response = login(client, world.emails[role])
    assert response.status_code == 302, response.status_code
    return client


def jpeg_with_exif(size=(64, 48), colour=(200, 40, 40)) -> bytes:
    """A real JPEG with EXIF (camera make and a GPS block), as a phone would send."""
    image = Image.new("RGB", size, colour)
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Model X"  # Model
    exif[0x8825] = {1: "N", 2: (55.0, 36.0, 0.0)}  # GPS info: latitude of Malmö
    output = io.BytesIO()
    image.save(output, format="JPEG", exif=exif)
    return output.getvalue()


def png_bytes(size=(20, 10)) -> bytes:
    output = io.BytesIO()
    Image.new("RGBA", size, (0, 120, 60, 255)).save(output, format="PNG")
    return output.getvalue()


def upload(data: bytes, filename: str) -> FileStorage:
    content_type = "image/png" if filename.endswith(".png") else "image/jpeg"
    return FileStorage(io.BytesIO(data), filename=filename, content_type=content_type)


def post_multipart(client, path: str, data: dict):
    """POST a multipart form. Encoded here in memory: the test client would spill a large body to a temporary
    file that it never closes (a ResourceWarning, an error under filterwarnings=error)."""
    boundary, body = encode_multipart(MultiDict(data))
    return client.post(path, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def contribution_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Contribution))


def open_report_count(contribution_id: int) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(Report)
        .where(Report.contribution_id == contribution_id, Report.resolved_at.is_(None))
    )


def add_report(contribution_id: int, reason: str = "Rude words") -> None:
    report(db.session.get(Contribution, contribution_id), reason, reporter=None)


def element_text(html: str, element_id: str) -> str | None:
    """The text inside the element with this id (tags removed), or None when there is none."""
    match = re.search(rf'<(\w+)[^>]*\bid="{re.escape(element_id)}"[^>]*>(.*?)</\1>', html, re.S)
    if match is None:
        return None
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(2)).split())
