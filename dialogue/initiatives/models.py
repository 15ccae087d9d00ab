"""Innovations, methods and learning formats developed together with partners."""

import enum
from datetime import date, datetime

from sqlalchemy import Column, Date, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dialogue.database import UTCDateTime, enum_type, utcnow
from dialogue.events.models import Event
from dialogue.extensions import db
from dialogue.neighbourhoods.models import Neighbourhood
from dialogue.organisations.models import Organisation

NAME_MAX_LENGTH = 160


class InitiativeKind(str, enum.Enum):
    INNOVATION = "innovation"
    METHOD = "method"
    LEARNING_FORMAT = "learning_format"


class InitiativeStatus(str, enum.Enum):
    IDEA = "idea"
    TESTED = "tested"
    SPREAD = "spread"


initiative_partners = Table(
    "initiative_partners",
    db.metadata,
    Column("initiative_id", ForeignKey("initiatives.id", ondelete="CASCADE"), primary_key=True),
    Column("organisation_id", ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True, index=True),
)
initiative_neighbourhoods = Table(
    "initiative_neighbourhoods",
    db.metadata,
    Column("initiative_id", ForeignKey("initiatives.id", ondelete="CASCADE"), primary_key=True),
    Column("neighbourhood_id", ForeignKey("neighbourhoods.id", ondelete="CASCADE"), primary_key=True, index=True),
)
initiative_events = Table(
    "initiative_events",
    db.metadata,
    Column("initiative_id", ForeignKey("initiatives.id", ondelete="CASCADE"), primary_key=True),
    Column("event_id", ForeignKey("events.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Initiative(db.Model):
    __tablename__ = "initiatives"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX_LENGTH), unique=True)
    kind: Mapped[InitiativeKind] = mapped_column(enum_type(InitiativeKind, "initiative_kind"), index=True)
    status: Mapped[InitiativeStatus] = mapped_column(
        enum_type(InitiativeStatus, "initiative_status"), default=InitiativeStatus.IDEA
    )
    description: Mapped[str] = mapped_column(Text, default="")
    # When it was first tried out (status tested or spread): the date the indicators report counts it on.
    tested_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    partners: Mapped[list[Organisation]] = relationship(secondary=initiative_partners, order_by="Organisation.name")
    neighbourhoods: Mapped[list[Neighbourhood]] = relationship(
        secondary=initiative_neighbourhoods, order_by="Neighbourhood.name"
    )
    events: Mapped[list[Event]] = relationship(secondary=initiative_events, order_by="Event.starts_at")
