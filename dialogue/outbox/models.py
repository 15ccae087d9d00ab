"""The outbox: every email is a row, written in the transaction of the change that causes it."""

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dialogue.database import UTCDateTime, enum_type, utcnow
from dialogue.extensions import db


class OutboxStatus(str, enum.Enum):
    PENDING = "pending"  # waiting for its first try or for its next retry
    SENT = "sent"
    FAILED = "failed"  # gave up after the configured number of tries; kept for staff to see


class OutboxMessage(db.Model):
    __tablename__ = "outbox_messages"
    __table_args__ = (
        # The worker's query: the pending messages that are due, oldest first.
        Index("ix_outbox_messages_due", "status", "next_attempt_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    to_address: Mapped[str] = mapped_column(String(254))
    to_name: Mapped[str] = mapped_column(String(120), default="")
    subject: Mapped[str] = mapped_column(String(250))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8), default="sv")
    # What the message is about, for staff lists and tests: e.g. "registration_confirmed".
    kind: Mapped[str] = mapped_column(String(50), index=True)
    # Set for messages that must go out once only (e.g. "reminder:registration:42"); a second one is not queued.
    dedupe_key: Mapped[str | None] = mapped_column(String(120), unique=True)
    status: Mapped[OutboxStatus] = mapped_column(enum_type(OutboxStatus, "outbox_status"), default=OutboxStatus.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_error: Mapped[str | None] = mapped_column(String(1000))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # When the privacy purge emptied the recipient, the text and the attachments; kind, status and dates stay.
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    attachments: Mapped[list["OutboxAttachment"]] = relationship(
        back_populates="message", cascade="all, delete-orphan", order_by="OutboxAttachment.id"
    )


class OutboxAttachment(db.Model):
    __tablename__ = "outbox_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("outbox_messages.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(120))
    content_type: Mapped[str] = mapped_column(String(100))  # e.g. "text/calendar; method=REQUEST"
    data: Mapped[bytes] = mapped_column(LargeBinary)

    message: Mapped[OutboxMessage] = relationship(back_populates="attachments")
