"""The weekly digest for property owners and builders: the new public proposals in their neighbourhoods.
`flask notify digest` queues it from cron, once per developer and ISO week; `flask outbox send` delivers."""

from datetime import date, datetime, timedelta
from itertools import groupby

from flask_babel import ngettext
from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from dialogue.accounts.models import User
from dialogue.contributions.models import Contribution, ContributionKind, NeighbourhoodAssignment
from dialogue.database import utcnow
from dialogue.extensions import db
from dialogue.neighbourhoods.models import Neighbourhood
from dialogue.outbox.links import links_available
from dialogue.outbox.messages import Message, already_queued, in_language, link, queue, render
from dialogue.outbox.models import OutboxMessage
from dialogue.permissions import Role

DEVELOPER_DIGEST = "developer_digest"
DIGEST_PERIOD = timedelta(days=7)


def digest_key(developer: User, day: date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"digest:{developer.id}:{year}-W{week:02d}"


def digest_message(developer: User, proposals: list[Contribution]) -> Message:
    """`proposals` are ordered by neighbourhood; the mail lists them under a heading per neighbourhood."""
    with in_language(developer.preferred_language) as language:
        subject = ngettext(
            "%(num)s new proposal in your neighbourhoods this week",
            "%(num)s new proposals in your neighbourhoods this week",
            len(proposals),
        )
        groups = [
            (neighbourhood, [(item, link("contributions.show_proposal", proposal_id=item.id)) for item in items])
            for neighbourhood, items in groupby(proposals, key=lambda item: item.neighbourhood)
        ]
        text, html = render(
            DEVELOPER_DIGEST, language, subject, developer=developer, groups=groups, queue_url=link("reviews.queue")
        )
    return Message(DEVELOPER_DIGEST, language, developer.email, developer.name, subject, text, html)


def developer_digest(developer: User, proposals: list[Contribution], day: date) -> OutboxMessage | None:
    """One digest per developer and ISO week; none when there is nothing new."""
    if not proposals:
        return None
    with links_available():
        return queue(digest_message(developer, proposals), dedupe_key=digest_key(developer, day))


def queue_digests(now: datetime | None = None) -> int:
    """For each developer who can review (has an organisation): the public proposals made in the last seven
    days in their neighbourhoods, once per ISO week; nothing when there is nothing new."""
    now = now or utcnow()
    rows = db.session.execute(
        select(NeighbourhoodAssignment.user_id, Contribution)
        .join(Contribution, Contribution.neighbourhood_id == NeighbourhoodAssignment.neighbourhood_id)
        .join(Contribution.neighbourhood)
        .where(
            Contribution.kind == ContributionKind.PROPOSAL,
            Contribution.hidden_at.is_(None),
            Contribution.merged_into_id.is_(None),
            Contribution.created_at > now - DIGEST_PERIOD,
            Contribution.created_at <= now,
        )
        .options(contains_eager(Contribution.neighbourhood))
        .order_by(NeighbourhoodAssignment.user_id, Neighbourhood.name, Contribution.created_at, Contribution.id)
    ).all()
    proposals_for: dict[int, list[Contribution]] = {}
    for user_id, proposal in rows:
        proposals_for.setdefault(user_id, []).append(proposal)
    if not proposals_for:
        return 0
    developers = db.session.scalars(
        select(User)
        .where(User.id.in_(proposals_for), User.role == Role.DEVELOPER, User.organisation_id.is_not(None))
        .order_by(User.id)
    ).all()
    done = already_queued([digest_key(developer, now.date()) for developer in developers])
    queued = 0
    for developer in developers:
        if digest_key(developer, now.date()) not in done:
            queued += developer_digest(developer, proposals_for[developer.id], now.date()) is not None
    return queued
