"""Rules for proposals and feedback: submitting, supporting, reporting, moderating, merging and answering.

Services take the acting user as a parameter, add and flush; the view or CLI command commits.
"""

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, update

from dialogue.accounts.models import User, normalise_email
from dialogue.audit.log import record
from dialogue.audit.models import AuditAction
from dialogue.contributions import emails, supports
from dialogue.contributions.models import (
    MAX_PEOPLE_BEHIND,
    Answer,
    Channel,
    Contribution,
    ContributionKind,
    ModerationAction,
    ModerationLog,
    NeighbourhoodAssignment,
    Photo,
    ProposalStatus,
    Report,
    Support,
    Theme,
)
from dialogue.contributions.permissions import can_answer, can_moderate
from dialogue.database import utcnow
from dialogue.events.models import Event
from dialogue.extensions import db
from dialogue.neighbourhoods.models import Neighbourhood
from dialogue.refusals import Forbidden, Refusal


class ContributionError(Refusal):
    """A rule of proposals and feedback refused the change."""


class NotAllowed(ContributionError, Forbidden):
    pass


# Where an answer may take a proposal. Staying in the same status is a progress update, allowed while open.
WORKFLOW: dict[ProposalStatus, frozenset[ProposalStatus]] = {
    ProposalStatus.NEW: frozenset(
        {ProposalStatus.UNDER_REVIEW, ProposalStatus.PLANNED, ProposalStatus.NOT_PLANNED, ProposalStatus.ALREADY_EXISTS}
    ),
    ProposalStatus.UNDER_REVIEW: frozenset(
        {ProposalStatus.UNDER_REVIEW, ProposalStatus.PLANNED, ProposalStatus.NOT_PLANNED, ProposalStatus.ALREADY_EXISTS}
    ),
    ProposalStatus.PLANNED: frozenset({ProposalStatus.PLANNED, ProposalStatus.IMPLEMENTED, ProposalStatus.NOT_PLANNED}),
    ProposalStatus.IMPLEMENTED: frozenset(),
    ProposalStatus.NOT_PLANNED: frozenset({ProposalStatus.UNDER_REVIEW}),
    ProposalStatus.ALREADY_EXISTS: frozenset(),
}


def allowed_next_statuses(status: ProposalStatus) -> list[ProposalStatus]:
    return [candidate for candidate in ProposalStatus if candidate in WORKFLOW[status]]


@dataclass
class ProposalInput:
    title: str
    body: str
    theme: Theme
    place_description: str = ""
    event_id: int | None = None
    channel: Channel = Channel.ONLINE
    language: str = "sv"
    contact_email: str | None = None
    people_count: int = 1


@dataclass
class FeedbackInput:
    rating: int | None
    body: str = ""
    event_id: int | None = None
    theme: Theme | None = None
    channel: Channel = Channel.ONLINE
    language: str = "sv"
    people_count: int = 1


def _check_event(neighbourhood: Neighbourhood, event_id: int | None) -> None:
    if event_id is None:
        return
    event_neighbourhood = db.session.scalar(select(Event.neighbourhood_id).where(Event.id == event_id))
    if event_neighbourhood != neighbourhood.id:
        raise ContributionError(_l("Choose an event in this neighbourhood."), field="event_id")


def _add_contribution(
    kind: ContributionKind,
    neighbourhood: Neighbourhood,
    data: ProposalInput | FeedbackInput,
    author: User | None,
    logged_by: User | None,
    now: datetime | None,
    **fields,
) -> Contribution:
    """What proposals and feedback share: the place, the event, the words, who and when."""
    _check_event(neighbourhood, data.event_id)
    contribution = Contribution(
        kind=kind,
        neighbourhood=neighbourhood,
        event_id=data.event_id,
        body=data.body.strip(),
        theme=data.theme,
        channel=data.channel,
        language=data.language,
        people_count=data.people_count,
        author=author,
        logged_by=logged_by,
        created_at=now or utcnow(),
        **fields,
    )
    db.session.add(contribution)
    db.session.flush()
    return contribution


def submit_proposal(
    neighbourhood: Neighbourhood,
    data: ProposalInput,
    author: User | None,
    logged_by: User | None = None,
    now: datetime | None = None,
) -> Contribution:
    return _add_contribution(
        ContributionKind.PROPOSAL,
        neighbourhood,
        data,
        author,
        logged_by,
        now,
        title=data.title.strip(),
        place_description=data.place_description.strip(),
        contact_email=normalise_email(data.contact_email) if data.contact_email else None,
        status=ProposalStatus.NEW,
    )


def submit_feedback(
    neighbourhood: Neighbourhood,
    data: FeedbackInput,
    author: User | None,
    logged_by: User | None = None,
    now: datetime | None = None,
) -> Contribution:
    if data.rating is None and not data.body.strip():
        raise ContributionError(_l("Give a rating or write a comment."), field="body")
    return _add_contribution(ContributionKind.FEEDBACK, neighbourhood, data, author, logged_by, now, rating=data.rating)


def attach_photo(contribution: Contribution, photo: Photo) -> None:
    contribution.photo = photo
    db.session.flush()


def toggle_support(proposal: Contribution, user: User) -> bool:
    """Support the proposal, or take the support back; returns whether the user now supports it."""
    if not proposal.is_proposal:
        raise ContributionError(_l("Only proposals can be supported."))
    if not proposal.is_public:
        raise ContributionError(_l("This proposal is not public, so it cannot be supported."))
    if proposal.author_id is not None and proposal.author_id == user.id:
        raise ContributionError(_l("You cannot support your own proposal."))
    if supports.take_back(proposal, user.id):
        return False
    supports.add(proposal, user.id)
    return True


def report(contribution: Contribution, reason: str, reporter: User | None) -> Report:
    reason = reason.strip()
    if not reason:
        raise ContributionError(_l("Tell us why this is inappropriate."), field="reason")
    if contribution.is_hidden:
        raise ContributionError(_l("This contribution has already been hidden."))
    entry = Report(contribution=contribution, reason=reason, reporter_id=reporter.id if reporter else None)
    db.session.add(entry)
    db.session.flush()
    return entry


def hide(contribution: Contribution, reason: str, moderator: User, now: datetime | None = None) -> None:
    """Take it out of public view; it stays stored, and its open reports are resolved."""
    if not can_moderate(moderator):
        raise NotAllowed(_l("Only process leaders can moderate."))
    reason = reason.strip()
    if not reason:
        raise ContributionError(_l("Write why it is hidden."), field="reason")
    if contribution.is_hidden:
        raise ContributionError(_l("This contribution is already hidden."))
    now = now or utcnow()
    contribution.hidden_at = now
    _log(contribution, ModerationAction.HIDE, reason, moderator, now)
    db.session.execute(
        update(Report)
        .where(Report.contribution_id == contribution.id, Report.resolved_at.is_(None))
        .values(resolved_at=now, resolved_by_id=moderator.id)
    )
    db.session.flush()
    record(AuditAction.CONTRIBUTION_HIDDEN, contribution, actor=moderator, now=now)


def restore(contribution: Contribution, reason: str, moderator: User) -> None:
    if not can_moderate(moderator):
        raise NotAllowed(_l("Only process leaders can moderate."))
    if not reason.strip():
        raise ContributionError(_l("Write why it is restored."), field="reason")
    if not contribution.is_hidden:
        raise ContributionError(_l("This contribution is not hidden."))
    contribution.hidden_at = None
    _log(contribution, ModerationAction.RESTORE, reason.strip(), moderator, utcnow())
    db.session.flush()
    record(AuditAction.CONTRIBUTION_RESTORED, contribution, actor=moderator)


def _log(contribution: Contribution, action: ModerationAction, reason: str, moderator: User, now: datetime) -> None:
    db.session.add(
        ModerationLog(
            contribution_id=contribution.id, moderator_id=moderator.id, action=action, reason=reason, created_at=now
        )
    )


def merge(duplicate: Contribution, target: Contribution, moderator: User, reason: str = "") -> None:
    """Fold a duplicate proposal into `target`: its supporters move over, and it stays as a source."""
    if not can_moderate(moderator):
        raise NotAllowed(_l("Only process leaders can merge proposals."))
    if duplicate.id == target.id:
        raise ContributionError(_l("A proposal cannot be merged into itself."), field="target_id")
    if not (duplicate.is_proposal and target.is_proposal):
        raise ContributionError(_l("Only proposals can be merged."), field="target_id")
    if duplicate.neighbourhood_id != target.neighbourhood_id:
        raise ContributionError(_l("Proposals can only be merged within the same neighbourhood."), field="target_id")
    if duplicate.merged_into_id is not None or target.merged_into_id is not None:
        raise ContributionError(_l("One of these proposals has already been merged."), field="target_id")
    if target.is_hidden:
        raise ContributionError(_l("You cannot merge into a hidden proposal."), field="target_id")
    already = select(Support.user_id).where(Support.contribution_id == target.id)
    db.session.execute(
        update(Support)
        .where(Support.contribution_id == duplicate.id, Support.user_id.not_in(already))
        .values(contribution_id=target.id)
        .execution_options(synchronize_session=False)
    )
    db.session.execute(delete(Support).where(Support.contribution_id == duplicate.id))
    supports.recount((duplicate.id, target.id))
    # Sources of the duplicate become sources of the target.
    db.session.execute(
        update(Contribution)
        .where(Contribution.merged_into_id == duplicate.id)
        .values(merged_into_id=target.id)
        .execution_options(synchronize_session=False)
    )
    duplicate.merged_into_id = target.id
    target.people_count = min(target.people_count + duplicate.people_count, MAX_PEOPLE_BEHIND)
    _log(duplicate, ModerationAction.MERGE, reason.strip(), moderator, utcnow())
    db.session.flush()
    record(AuditAction.PROPOSAL_MERGED, duplicate, actor=moderator, detail=f"→ #{target.id}")


def answer(
    proposal: Contribution, to_status: ProposalStatus, text: str, author: User, now: datetime | None = None
) -> Answer:
    if not can_answer(author, proposal):
        raise NotAllowed(_l("You cannot answer proposals in this neighbourhood."))
    if not proposal.is_proposal:
        raise ContributionError(_l("Only proposals can be answered."))
    if not proposal.is_public:
        raise ContributionError(_l("This proposal is not public, so it cannot be answered."))
    text = text.strip()
    if not text:
        raise ContributionError(_l("Write an answer: every change of status is explained in public."), field="text")
    if to_status not in WORKFLOW[proposal.status]:
        raise ContributionError(_l("A proposal cannot go from this status to the one you chose."), field="status")
    now = now or utcnow()
    entry = Answer(
        contribution=proposal,
        author_id=author.id,
        organisation_id=author.organisation_id,
        from_status=proposal.status,
        to_status=to_status,
        text=text,
        created_at=now,
    )
    proposal.status = to_status
    proposal.first_answered_at = proposal.first_answered_at or now
    proposal.last_answered_at = now
    db.session.add(entry)
    db.session.flush()
    emails.proposal_status_changed(proposal, entry)
    record(
        AuditAction.PROPOSAL_ANSWERED,
        proposal,
        actor=author,
        now=now,
        detail=f"{entry.from_status.value} → {entry.to_status.value}",
    )
    return entry


def assign(developer: User, neighbourhood: Neighbourhood, assigned_by: User) -> None:
    exists = db.session.get(NeighbourhoodAssignment, (developer.id, neighbourhood.id))
    if exists is None:
        db.session.add(
            NeighbourhoodAssignment(
                user_id=developer.id, neighbourhood_id=neighbourhood.id, assigned_by_id=assigned_by.id
            )
        )
        db.session.flush()


def unassign(developer: User, neighbourhood: Neighbourhood) -> None:
    db.session.execute(
        delete(NeighbourhoodAssignment).where(
            NeighbourhoodAssignment.user_id == developer.id,
            NeighbourhoodAssignment.neighbourhood_id == neighbourhood.id,
        )
    )
    db.session.flush()


# --- Staff: logging an event's input, editing, photos ---------------------------------------------------------


@dataclass
class LoggedItem:
    """One item a process leader logs after an event: a proposal or feedback, and an optional photo."""

    data: ProposalInput | FeedbackInput
    photo: Photo | None = None


class LoggedItemError(ContributionError):
    """A rule refused item number `position` (0-based, in the order given) of a logged batch."""

    def __init__(self, position: int, error: ContributionError):
        super().__init__(error.message, field=error.field)
        self.position = position


def log_event_input(event: Event, items: list[LoggedItem], logged_by: User) -> list[Contribution]:
    """Store what an event produced, all or nothing: every item belongs to the event and its neighbourhood,
    has no author and is logged by `logged_by`. A refused item raises LoggedItemError; the caller rolls back."""
    if not can_moderate(logged_by):
        raise NotAllowed(_l("Only process leaders can log input from events."))
    saved = []
    for position, item in enumerate(items):
        item.data.event_id = event.id
        try:
            if isinstance(item.data, ProposalInput):
                contribution = submit_proposal(event.neighbourhood, item.data, author=None, logged_by=logged_by)
            else:
                contribution = submit_feedback(event.neighbourhood, item.data, author=None, logged_by=logged_by)
        except ContributionError as error:
            raise LoggedItemError(position, error) from error
        if item.photo is not None:
            attach_photo(contribution, item.photo)
        saved.append(contribution)
    record(AuditAction.INPUT_LOGGED, event, actor=logged_by, detail=" ".join(f"#{item.id}" for item in saved))
    return saved


@dataclass
class ContributionChanges:
    """What staff may change in a contribution. `title` and `rating` apply to proposals and feedback only."""

    body: str
    theme: Theme | None
    place_description: str
    channel: Channel
    people_count: int
    title: str | None = None
    rating: int | None = None


def edit_contribution(contribution: Contribution, changes: ContributionChanges, editor: User) -> None:
    if not can_moderate(editor):
        raise NotAllowed(_l("Only process leaders can edit contributions."))
    if not 1 <= changes.people_count <= MAX_PEOPLE_BEHIND:
        raise ContributionError(_l("Between 1 and 10000 people."), field="people_count")
    body = changes.body.strip()
    if contribution.is_proposal:
        title = (changes.title or "").strip()
        if not title:
            raise ContributionError(_l("Write a title."), field="title")
        if not body:
            raise ContributionError(_l("Write the proposal."), field="body")
        if changes.theme is None:
            raise ContributionError(_l("Choose a theme."), field="theme")
        contribution.title = title
    else:
        if changes.rating is None and not body:
            raise ContributionError(_l("Give a rating or write a comment."), field="body")
        contribution.rating = changes.rating
    contribution.body = body
    contribution.theme = changes.theme
    contribution.place_description = changes.place_description.strip()
    contribution.channel = changes.channel
    contribution.people_count = changes.people_count
    db.session.flush()
    record(AuditAction.CONTRIBUTION_EDITED, contribution, actor=editor)


def replace_photo(contribution: Contribution, photo: Photo | None) -> None:
    """Put `photo` in place of the current one, or just remove the current one when `photo` is None."""
    if contribution.photo is not None:
        # Deleted and flushed first: a contribution has at most one photo (a unique key).
        contribution.photo = None
        db.session.flush()
    if photo is not None:
        contribution.photo = photo
    db.session.flush()
