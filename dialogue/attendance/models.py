"""Who came: walk-ins at the door and the closing report that marks an event as held."""

from datetime import datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dialogue.database import UTCDateTime, utcnow
from dialogue.extensions import db
from dialogue.organisations.models import Organisation

MAX_WALK_IN_PARTY = 50
MAX_ATTENDEES = 100_000
MINUTES_MAX_LENGTH = 20_000


class WalkIn(db.Model):
    """People who came without registering; a name only if they wanted to give one."""

    __tablename__ = "walk_ins"
    __table_args__ = (
        CheckConstraint(f"party_size >= 1 AND party_size <= {MAX_WALK_IN_PARTY}", name="party_size_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    party_size: Mapped[int] = mapped_column(Integer, default=1)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


closing_report_organisations = Table(
    "closing_report_organisations",
    db.metadata,
    Column("event_id", ForeignKey("closing_reports.event_id", ondelete="CASCADE"), primary_key=True),
    Column("organisation_id", ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class ClosingReport(db.Model):
    """Written after the event: how many came, which organisations took part, what was said."""

    __tablename__ = "closing_reports"
    __table_args__ = (CheckConstraint(f"attendees >= 0 AND attendees <= {MAX_ATTENDEES}", name="attendees_range"),)

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    attendees: Mapped[int] = mapped_column(Integer)
    minutes: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    organisations: Mapped[list[Organisation]] = relationship(
        secondary=closing_report_organisations, order_by="Organisation.name"
    )
