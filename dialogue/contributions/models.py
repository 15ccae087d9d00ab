"""Proposals and feedback from residents, with supports, reports, answers and photos."""

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, LargeBinary, SmallInteger, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dialogue.accounts.models import EMAIL_MAX_LENGTH, User
from dialogue.database import UTCDateTime, enum_type, utcnow
from dialogue.events.models import Event
from dialogue.extensions import db
from dialogue.neighbourhoods.models import Neighbourhood
from dialogue.organisations.models import Organisation

TITLE_MAX_LENGTH = 140
TEXT_MAX_LENGTH = 4000
PLACE_MAX_LENGTH = 200
REASON_MAX_LENGTH = 500
ANSWER_MAX_LENGTH = 4000
MAX_PEOPLE_BEHIND = 10_000
PHOTO_MAX_BYTES = 5 * 1024 * 1024
# The proposals anyone may see, which every public list and the review queue read. The partial indexes below hold
# only these rows, in the orders the pages show them, so that a page reads its rows and no others. Queries name the
# kind as a literal (dialogue.contributions.queries.visible_proposals_condition), not a parameter, so that
# PostgreSQL's planner sees that they fit.
VISIBLE_PROPOSAL = "kind = 'proposal' AND hidden_at IS NULL AND merged_into_id IS NULL"
ANSWERED = " AND last_answered_at IS NOT NULL"
UNANSWERED = " AND last_answered_at IS NULL"
STILL_NEW = " AND status = 'new'"
# Contributions the indicators count: neither hidden nor merged into another.
COUNTED = "hidden_at IS NULL AND merged_into_id IS NULL"


def _visible_proposals_index(name: str, *columns: str, where: str = "") -> Index:
    condition = text(VISIBLE_PROPOSAL + where)
    return Index(name, *columns, postgresql_where=condition, sqlite_where=condition)


class ContributionKind(str, enum.Enum):
    PROPOSAL = "proposal"
    FEEDBACK = "feedback"


class Theme(str, enum.Enum):
    HOUSING = "housing"
    GREEN_SPACE_AND_PLAY = "green_space_and_play"
    SAFETY = "safety"
    STREETS_AND_TRAFFIC = "streets_and_traffic"
    MEETING_PLACES = "meeting_places"
    SERVICES_AND_SHOPS = "services_and_shops"
    CULTURE_AND_LEISURE = "culture_and_leisure"
    OTHER = "other"


class Channel(str, enum.Enum):
    ONLINE = "online"
    SAID_AT_EVENT = "said_at_event"
    DANCE_OR_MOVEMENT = "dance_or_movement"
    DRAWING = "drawing"
    WALK = "walk"
    PAPER_CARD = "paper_card"
    OTHER = "other"


class ProposalStatus(str, enum.Enum):
    NEW = "new"
    UNDER_REVIEW = "under_review"
    PLANNED = "planned"
    IMPLEMENTED = "implemented"
    NOT_PLANNED = "not_planned"
    ALREADY_EXISTS = "already_exists"


class Contribution(db.Model):
    """A proposal (a concrete suggestion with a status) or feedback (a rating and/or comment)."""

    __tablename__ = "contributions"
    __table_args__ = (
        CheckConstraint(
            "kind != 'proposal' OR (title IS NOT NULL AND status IS NOT NULL AND theme IS NOT NULL)",
            name="proposal_fields",
        ),
        CheckConstraint("kind != 'feedback' OR status IS NULL", name="feedback_has_no_status"),
        CheckConstraint("kind != 'feedback' OR rating IS NOT NULL OR body != ''", name="feedback_not_empty"),
        CheckConstraint("rating IS NULL OR (rating >= 1 AND rating <= 5)", name="rating_range"),
        CheckConstraint(f"people_count >= 1 AND people_count <= {MAX_PEOPLE_BEHIND}", name="people_count_range"),
        CheckConstraint("merged_into_id IS NULL OR merged_into_id != id", name="not_merged_into_itself"),
        CheckConstraint("support_count >= 0", name="support_count_not_negative"),
        Index("ix_contributions_neighbourhood_kind", "neighbourhood_id", "kind", "id"),
        # A neighbourhood's list, newest first and most supported first, its latest answers and its counts by status
        # (read from the index alone).
        _visible_proposals_index("ix_contributions_visible_newest", "neighbourhood_id", "created_at", "id", "status"),
        _visible_proposals_index(
            "ix_contributions_visible_supported",
            "neighbourhood_id",
            "support_count",
            "people_count",
            "created_at",
            "id",
        ),
        _visible_proposals_index(
            "ix_contributions_visible_answered", "neighbourhood_id", "last_answered_at", "id", where=ANSWERED
        ),
        # A neighbourhood's list sorted by the latest answer ends with the unanswered proposals, newest first.
        _visible_proposals_index(
            "ix_contributions_visible_unanswered", "neighbourhood_id", "created_at", "id", where=UNANSWERED
        ),
        # The review queue spans a developer's neighbourhoods, unanswered first: each part is walked in its order
        # and the rows of other neighbourhoods are passed over.
        _visible_proposals_index("ix_contributions_queue_unanswered", "created_at", "id", where=UNANSWERED),
        _visible_proposals_index(
            "ix_contributions_queue_answered", "last_answered_at", "created_at", "id", where=ANSWERED
        ),
        # The indicators count a period's contributions per channel and theme, and time the answers to its
        # proposals, from this index alone (dialogue.reports.indicators).
        Index(
            "ix_contributions_counted",
            "created_at",
            "kind",
            "channel",
            "theme",
            "neighbourhood_id",
            "first_answered_at",
            postgresql_where=text(COUNTED),
            sqlite_where=text(COUNTED),
        ),
        # A neighbourhood's median time to a first answer, read from the index alone.
        _visible_proposals_index(
            "ix_contributions_visible_first_answer",
            "neighbourhood_id",
            "first_answered_at",
            "created_at",
            where=" AND first_answered_at IS NOT NULL",
        ),
        # The staff overview counts, per neighbourhood, the proposals still new after a month.
        _visible_proposals_index("ix_contributions_visible_new", "neighbourhood_id", "created_at", where=STILL_NEW),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ContributionKind] = mapped_column(enum_type(ContributionKind, "contribution_kind"))
    neighbourhood_id: Mapped[int] = mapped_column(ForeignKey("neighbourhoods.id", ondelete="RESTRICT"))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"), index=True)
    title: Mapped[str | None] = mapped_column(String(TITLE_MAX_LENGTH))
    body: Mapped[str] = mapped_column(Text, default="")
    theme: Mapped[Theme | None] = mapped_column(enum_type(Theme, "contribution_theme"))
    place_description: Mapped[str] = mapped_column(String(PLACE_MAX_LENGTH), default="")
    channel: Mapped[Channel] = mapped_column(enum_type(Channel, "contribution_channel"), default=Channel.ONLINE)
    language: Mapped[str] = mapped_column(String(8), default="sv")
    rating: Mapped[int | None] = mapped_column(SmallInteger)
    people_count: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[ProposalStatus | None] = mapped_column(enum_type(ProposalStatus, "proposal_status"))
    # How many accounts support the proposal: changed in the same transaction as its supports
    # (dialogue.contributions.supports), so that lists sort and show it without counting the supports table.
    support_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    # Only staff see it; a developer never does.
    contact_email: Mapped[str | None] = mapped_column(String(EMAIL_MAX_LENGTH))
    logged_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("contributions.id", ondelete="SET NULL"), index=True)
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    first_answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    neighbourhood: Mapped[Neighbourhood] = relationship()
    event: Mapped[Event | None] = relationship()
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    logged_by: Mapped[User | None] = relationship(foreign_keys=[logged_by_id])
    merged_into: Mapped["Contribution | None"] = relationship(remote_side=[id], foreign_keys=[merged_into_id])
    photo: Mapped["Photo | None"] = relationship(
        back_populates="contribution", cascade="all, delete-orphan", uselist=False
    )
    answers: Mapped[list["Answer"]] = relationship(
        back_populates="contribution", order_by="Answer.id", cascade="all, delete-orphan"
    )

    @property
    def is_proposal(self) -> bool:
        return self.kind == ContributionKind.PROPOSAL

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def is_public(self) -> bool:
        return self.hidden_at is None and self.merged_into_id is None

    def __repr__(self) -> str:
        return f"<Contribution {self.id} {self.kind.value}>"


class Support(db.Model):
    """A resident stands behind a proposal; one per account and proposal."""

    __tablename__ = "supports"

    contribution_id: Mapped[int] = mapped_column(ForeignKey("contributions.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Report(db.Model):
    """Someone thinks a contribution is inappropriate."""

    __tablename__ = "reports"
    __table_args__ = (
        # The open reports, newest first, and how many there are: the resolved ones of past years are not walked.
        Index(
            "ix_reports_open",
            "created_at",
            "id",
            postgresql_where=text("resolved_at IS NULL"),
            sqlite_where=text("resolved_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contribution_id: Mapped[int] = mapped_column(ForeignKey("contributions.id", ondelete="CASCADE"), index=True)
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(String(REASON_MAX_LENGTH))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    contribution: Mapped[Contribution] = relationship()


class Answer(db.Model):
    """A public answer to a proposal and the status change it made: who, when, from and to."""

    __tablename__ = "answers"
    __table_args__ = (
        CheckConstraint("text != ''", name="text_not_empty"),
        # The organisations that answered in a period (the indicators), read from the index alone.
        Index(
            "ix_answers_organisation_written",
            "created_at",
            "organisation_id",
            postgresql_where=text("organisation_id IS NOT NULL"),
            sqlite_where=text("organisation_id IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contribution_id: Mapped[int] = mapped_column(ForeignKey("contributions.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="SET NULL"))
    from_status: Mapped[ProposalStatus] = mapped_column(enum_type(ProposalStatus, "answer_from_status"))
    to_status: Mapped[ProposalStatus] = mapped_column(enum_type(ProposalStatus, "answer_to_status"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    contribution: Mapped[Contribution] = relationship(back_populates="answers")
    author: Mapped[User | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship()


class Photo(db.Model):
    """A re-encoded photo of a paper card or a drawing, without metadata. Stored in the database, so that it is
    written or rolled back together with its contribution and every app server can serve it."""

    __tablename__ = "photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    contribution_id: Mapped[int] = mapped_column(ForeignKey("contributions.id", ondelete="CASCADE"), unique=True)
    content_type: Mapped[str] = mapped_column(String(20))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    contribution: Mapped[Contribution] = relationship(back_populates="photo")


class ModerationAction(str, enum.Enum):
    HIDE = "hide"
    RESTORE = "restore"
    MERGE = "merge"


class ModerationLog(db.Model):
    """What a moderator did to a contribution, and why."""

    __tablename__ = "moderation_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    contribution_id: Mapped[int] = mapped_column(ForeignKey("contributions.id", ondelete="CASCADE"), index=True)
    moderator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[ModerationAction] = mapped_column(enum_type(ModerationAction, "moderation_action"))
    reason: Mapped[str] = mapped_column(String(REASON_MAX_LENGTH))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    moderator: Mapped[User | None] = relationship()


class ProposalCount(db.Model):
    """How many proposals anyone may see (neither hidden nor merged) a neighbourhood has in a status: the staff
    overview's backlog, a neighbourhood's counts per status and the totals of the proposal lists and the review
    queue read these few rows instead of counting the proposals. Changed in the flush that adds, answers, hides,
    restores or merges a proposal (dialogue.contributions.counts)."""

    __tablename__ = "proposal_counts"
    __table_args__ = (CheckConstraint("proposals >= 0", name="not_negative"),)

    neighbourhood_id: Mapped[int] = mapped_column(ForeignKey("neighbourhoods.id", ondelete="CASCADE"), primary_key=True)
    status: Mapped[ProposalStatus] = mapped_column(enum_type(ProposalStatus, "proposal_count_status"), primary_key=True)
    proposals: Mapped[int] = mapped_column(Integer, default=0)


class NeighbourhoodAssignment(db.Model):
    """A property developer reviews the proposals of this neighbourhood."""

    __tablename__ = "neighbourhood_assignments"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    neighbourhood_id: Mapped[int] = mapped_column(
        ForeignKey("neighbourhoods.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
