"""Demo proposals, feedback and answers, so that the demo shows the loop from what was said to what was done.

The demo developer is assigned the neighbourhoods of its account and answers the proposals there; the process
leader answers the others. A proposal is found by neighbourhood and title, feedback by neighbourhood and text.
"""

import io
from dataclasses import dataclass
from datetime import timedelta

from PIL import Image, ImageDraw
from sqlalchemy import select

from dialogue.accounts.models import User
from dialogue.contributions.models import Channel, Contribution, ContributionKind, Photo, ProposalStatus, Theme
from dialogue.contributions.services import (
    FeedbackInput,
    ProposalInput,
    answer,
    assign,
    attach_photo,
    submit_feedback,
    submit_proposal,
    toggle_support,
)
from dialogue.demo.accounts import DEMO_ACCOUNTS
from dialogue.demo.records import read_data, records
from dialogue.demo.seeding import Seeding
from dialogue.events.models import Event
from dialogue.extensions import db
from dialogue.neighbourhoods.models import Neighbourhood
from dialogue.permissions import Role


@dataclass(frozen=True, kw_only=True)
class DemoAnswer:
    status: ProposalStatus  # the proposal's new status
    days_after: int  # the proposal
    text: str


@dataclass(frozen=True, kw_only=True)
class DemoProposal:
    neighbourhood: str  # slug
    title: str
    body: str
    theme: Theme
    channel: Channel
    days_ago: int
    people: int = 1
    place: str = ""
    language: str = "sv"
    with_drawing: bool = False
    supported: bool = False  # by the demo resident
    answers: tuple[DemoAnswer, ...] = ()


@dataclass(frozen=True, kw_only=True)
class DemoFeedback:
    neighbourhood: str  # slug
    rating: int | None = None
    text: str
    channel: Channel


_contributions_file = read_data("contributions")
DEMO_PROPOSALS = records(DemoProposal, _contributions_file["proposals"])
DEMO_FEEDBACK = records(DemoFeedback, _contributions_file["feedback"])
DEVELOPER_NEIGHBOURHOODS = next(account for account in DEMO_ACCOUNTS if account.role == Role.DEVELOPER).neighbourhoods


def seed_contributions(seeding: Seeding) -> None:
    developer, process_leader = seeding.accounts[Role.DEVELOPER], seeding.accounts[Role.PROCESS_LEADER]
    for slug in DEVELOPER_NEIGHBOURHOODS:
        assign(developer, seeding.neighbourhoods[slug], assigned_by=process_leader)
    for demo in DEMO_PROPOSALS:
        _seed_proposal(demo, seeding)
    for demo in DEMO_FEEDBACK:
        _seed_feedback(demo, seeding)


def _seed_proposal(demo: DemoProposal, seeding: Seeding) -> None:
    neighbourhood = seeding.neighbourhoods[demo.neighbourhood]
    if _contribution_exists(neighbourhood, Contribution.title == demo.title):
        return
    created = seeding.now - timedelta(days=demo.days_ago)
    online = demo.channel == Channel.ONLINE
    proposal = submit_proposal(
        neighbourhood,
        ProposalInput(
            title=demo.title,
            body=demo.body,
            theme=demo.theme,
            place_description=demo.place,
            channel=demo.channel,
            language=demo.language,
            people_count=demo.people,
            event_id=None if online else _an_event_id(neighbourhood),
            contact_email=None if not online else "grannen@demo.dialogue.se",
        ),
        author=None,
        logged_by=None if online else seeding.accounts[Role.PROCESS_LEADER],
        now=created,
    )
    seeding.count("proposals")
    if demo.with_drawing:
        attach_photo(proposal, _drawing())
    answerer = _answerer(neighbourhood, seeding)
    for demo_answer in demo.answers:
        answered_at = created + timedelta(days=demo_answer.days_after)
        answer(proposal, demo_answer.status, demo_answer.text, answerer, now=answered_at)
        seeding.count("answers")
    if demo.supported:
        toggle_support(proposal, seeding.accounts[Role.RESIDENT])


def _seed_feedback(demo: DemoFeedback, seeding: Seeding) -> None:
    neighbourhood = seeding.neighbourhoods[demo.neighbourhood]
    if _contribution_exists(
        neighbourhood, Contribution.kind == ContributionKind.FEEDBACK, Contribution.body == demo.text
    ):
        return
    submit_feedback(
        neighbourhood,
        FeedbackInput(rating=demo.rating, body=demo.text, channel=demo.channel, event_id=_an_event_id(neighbourhood)),
        author=None,
        logged_by=seeding.accounts[Role.PROCESS_LEADER] if demo.channel != Channel.ONLINE else None,
        now=seeding.now - timedelta(days=3),
    )
    seeding.count("feedback")


def _contribution_exists(neighbourhood: Neighbourhood, *conditions) -> bool:
    found = db.session.scalar(
        select(Contribution.id).where(Contribution.neighbourhood_id == neighbourhood.id, *conditions).limit(1)
    )
    return found is not None


def _answerer(neighbourhood: Neighbourhood, seeding: Seeding) -> User:
    if neighbourhood.slug in DEVELOPER_NEIGHBOURHOODS:
        return seeding.accounts[Role.DEVELOPER]
    return seeding.accounts[Role.PROCESS_LEADER]


def _an_event_id(neighbourhood: Neighbourhood) -> int | None:
    return db.session.scalar(
        select(Event.id).where(Event.neighbourhood_id == neighbourhood.id).order_by(Event.starts_at).limit(1)
    )


def _drawing() -> Photo:
    """A child's drawing of a dark path and a lamp, drawn here so that the demo ships no image files."""
    image = Image.new("RGB", (480, 320), "#fdfaf2")
    pen = ImageDraw.Draw(image)
    pen.rectangle((0, 220, 480, 320), fill="#6b8e4e")
    pen.polygon(((200, 320), (280, 320), (250, 200), (230, 200)), fill="#8c8c8c")
    pen.line((360, 230, 360, 90), fill="#333333", width=6)
    pen.ellipse((335, 60, 385, 110), fill="#ffd23f", outline="#333333", width=3)
    pen.ellipse((90, 170, 130, 210), fill="#e4572e")
    pen.line((110, 210, 110, 260), fill="#e4572e", width=5)
    output = io.BytesIO()
    image.save(output, format="PNG")
    return Photo(content_type="image/png", data=output.getvalue(), width=image.width, height=image.height)
