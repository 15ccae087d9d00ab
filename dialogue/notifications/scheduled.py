"""Messages that go out because time passed: reminders before events, thank-yous after held events, and the
developers' weekly digest. `flask notify reminders | thank-you | digest` queue them from cron; `flask outbox
send` delivers. A run queues only what no earlier run queued (the outbox's dedupe keys), so running a command
twice, or two at once, sends nobody anything twice.
"""
from datetime import datetime, timedelta

import click
from flask.cli import AppGroup
from sqlalchemy import select
from sqlalchemy.orm import contains_eager, selectinload

from dialogue.accounts.models import User
from dialogue.contributions.models import (
    Contribution,
    ContributionKind,
    NeighbourhoodAssignment,
)
from dialogue.database import utcnow, write_transactions
from dialogue.events.models import Event, EventStatus
from dialogue.extensions import db
from dialogue.neighbourhoods.models import Neighbourhood
from dialogue.notifications import notices
from dialogue.notifications.links import PublicUrlMissing, public_request_context
from dialogue.notifications.models import OutboxMessage
from dialogue.permissions import Role
from dialogue.registrations.models import Registration, RegistrationStatus

LONGEST_REMINDER = timedelta(hours=336)  # the events table allows reminder_hours up to two weeks
# A thank-you after this long would puzzle more than please: an event marked held later gets none.
THANK_YOU_WITHIN = timedelta(days=30)
DIGEST_PERIOD = timedelta(days=7)


def _already_queued(keys: list[str]) -> set[str]:
    if not keys:
        return set()
    return set(db.session.scalars(select(OutboxMessage.dedupe_key).where(OutboxMessage.dedupe_key.in_(keys))))


def _confirmed_registrations(event_ids: list[int], key_prefix: str) -> list[Registration]:
    """Confirmed registrations of these events that have no message with this dedupe key prefix yet."""
    if not event_ids:
        return []
    registrations = list(
        db.session.scalars(
            select(Registration)
            .where(
                Registration.event_id.in_(event_ids),
                Registration.status == RegistrationStatus.CONFIRMED,
                Registration.no_show.is_(False),
            )
            .options(selectinload(Registration.access_needs))
            .order_by(Registration.event_id, Registration.id)
        )
    )
    done = _already_queued([f"{key_prefix}:{registration.id}" for registration in registrations])
    return [registration for registration in registrations if f"{key_prefix}:{registration.id}" not in done]


def queue_reminders(now: datetime | None = None) -> int:
    """Remind confirmed people of published events whose reminder window (event.reminder_hours before the
    start) has opened. Someone confirmed after the window opened just got the confirmation with the same
    facts, so gets no reminder on top of it."""
    now = now or utcnow()
    events = db.session.scalars(
        select(Event)
        .where(
            Event.status == EventStatus.PUBLISHED,
            Event.reminder_hours > 0,
            Event.starts_at > now,
            Event.starts_at <= now + LONGEST_REMINDER,
        )
        .options(selectinload(Event.neighbourhood))
    )
    window_opened = {
        event.id: event.starts_at - timedelta(hours=event.reminder_hours)
        for event in events
        if event.starts_at - timedelta(hours=event.reminder_hours) <= now
    }
    queued = 0
    for registration in _confirmed_registrations(list(window_opened), "reminder"):
        if registration.confirmed_at and registration.confirmed_at > window_opened[registration.event_id]:
            continue
        queued += notices.reminder(registration) is not None
    return queued


def queue_thank_yous(now: datetime | None = None) -> int:
    """Thank the people who were confirmed for an event held in the last 30 days (not the no-shows)."""
    now = now or utcnow()
    event_ids = list(
        db.session.scalars(
            select(Event.id).where(
                Event.status == EventStatus.HELD,
                Event.ends_at <= now,
                Event.ends_at > now - THANK_YOU_WITHIN,
            )
        )
    )
    queued = 0
    for registration in _confirmed_registrations(event_ids, "thank-you"):
        queued += notices.thank_you(registration) is not None
    return queued


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
    done = _already_queued([notices.digest_key(developer, now.date()) for developer in developers])
    queued = 0
    for developer in developers:
        if notices.digest_key(developer, now.date()) not in done:
            queued += notices.developer_digest(developer, proposals_for[developer.id], now.date()) is not None
    return queued


notify_cli = AppGroup(
    "notify", help="Queue the emails that go out on a schedule (for cron); `flask outbox send` delivers them."
)


def _queue_and_commit(queue, what: str) -> None:
    try:
        with write_transactions(), public_request_context():
            count = queue()
            db.session.commit()
    except PublicUrlMissing as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"{what} queued: {count}.")


@notify_cli.command("reminders")
def reminders_command() -> None:
    """Queue reminders for events whose reminder time has come (run every hour, or more often)."""
    _queue_and_commit(queue_reminders, "Reminders")


@notify_cli.command("thank-you")
def thank_you_command() -> None:
    """Queue thank-yous, with a link to give feedback, for events held in the last 30 days (run daily)."""
    _queue_and_commit(queue_thank_yous, "Thank-you messages")


@notify_cli.command("digest")
def digest_command() -> None:
    """Queue the developers' digest of the week's new proposals (run weekly; once per developer and week)."""
    _queue_and_commit(queue_digests, "Digests")
