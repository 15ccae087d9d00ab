import enum
from datetime import datetime

from flask import current_app, has_app_context
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    event,
    false,
    func,
    text,
    update,
)
from sqlalchemy import inspect as inspect_state
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from dialogue.database import UTCDateTime, enum_type, utcnow
from dialogue.extensions import db
from dialogue.neighbourhoods.models import Neighbourhood
from dialogue.organisations.models import Organisation

TITLE_MAX_LENGTH = 160
DESCRIPTION_MAX_LENGTH = 5000
ACCESSIBILITY_INFO_MAX_LENGTH = 1000
# The interface language an event's texts are written in unless staff say otherwise (config BABEL_DEFAULT_LOCALE).
DEFAULT_TEXT_LANGUAGE = "sv"


def _default_text_language() -> str:
    return current_app.config["BABEL_DEFAULT_LOCALE"] if has_app_context() else DEFAULT_TEXT_LANGUAGE


# The events the public lists read: partial indexes hold only these, so a list walks the published events in its
# order and never the held, cancelled and draft ones of the past years. Queries name the status as a literal
# (dialogue.events.queries.published), so that PostgreSQL's planner sees that they fit.
PUBLISHED = "status = 'published'"
HELD = "status = 'held'"


def _published_index(name: str, *columns: str) -> Index:
    return Index(name, *columns, postgresql_where=text(PUBLISHED), sqlite_where=text(PUBLISHED))


class EventKind(str, enum.Enum):
    CITIZEN_DIALOGUE = "citizen_dialogue"
    EXHIBITION = "exhibition"
    LUNCH_SEMINAR = "lunch_seminar"
    DANCE_WORKSHOP = "dance_workshop"
    OTHER = "other"


class Audience(str, enum.Enum):
    EVERYONE = "everyone"
    CHILDREN_WITH_GUARDIAN = "children_with_guardian"
    PROPERTY_OWNERS_AND_BUILDERS = "property_owners_and_builders"


class EventStatus(str, enum.Enum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CANCELLED = "cancelled"
    HELD = "held"  # took place, and its closing report is written


class Event(db.Model):
    __tablename__ = "events"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity_not_negative"),
        CheckConstraint("places_taken >= 0", name="places_taken_not_negative"),
        CheckConstraint("waitlist_length >= 0", name="waitlist_length_not_negative"),
        CheckConstraint("reminder_hours >= 0 AND reminder_hours <= 336", name="reminder_hours_range"),
        # The last line of defence against overbooking: no transaction can commit more confirmed places.
        CheckConstraint("capacity IS NULL OR places_taken <= capacity", name="not_overbooked"),
        CheckConstraint(
            "registration_closes_at IS NULL OR registration_opens_at IS NULL "
            "OR registration_closes_at > registration_opens_at",
            name="registration_window_order",
        ),
        # Upcoming events soonest first, in the city and in a neighbourhood; and how many have not ended.
        _published_index("ix_events_published_starts", "starts_at", "id"),
        _published_index("ix_events_published_neighbourhood", "neighbourhood_id", "starts_at", "id"),
        _published_index("ix_events_published_ends", "ends_at"),
        # The held events of a period, with what the indicators count them by (dialogue.reports.indicators).
        Index(
            "ix_events_held_starts",
            "starts_at",
            "id",
            "kind",
            "neighbourhood_id",
            "inclusive_method",
            postgresql_where=text(HELD),
            sqlite_where=text(HELD),
        ),
        # A process leader's own events from a moment on (the staff overview).
        Index("ix_events_creator_starts", "created_by_id", "starts_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[EventKind] = mapped_column(enum_type(EventKind, "event_kind"), index=True)
    title: Mapped[str] = mapped_column(String(TITLE_MAX_LENGTH))
    description: Mapped[str] = mapped_column(Text, default="")
    neighbourhood_id: Mapped[int] = mapped_column(ForeignKey("neighbourhoods.id", ondelete="RESTRICT"), index=True)
    venue: Mapped[str] = mapped_column(String(160))
    address: Mapped[str] = mapped_column(String(200))
    accessibility_info: Mapped[str] = mapped_column(String(ACCESSIBILITY_INFO_MAX_LENGTH), default="")
    # The language the title, description and accessibility information above are written in; translations into
    # other interface languages are in event_translations.
    original_language: Mapped[str] = mapped_column(
        String(8), default=_default_text_language, server_default=DEFAULT_TEXT_LANGUAGE
    )
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # None means unlimited places.
    capacity: Mapped[int | None] = mapped_column(Integer)
    # Confirmed places (adults and children of confirmed registrations), kept under the event's row lock.
    places_taken: Mapped[int] = mapped_column(Integer, default=0)
    # Registrations on the waiting list, kept under the event's row lock like places_taken: the place in the queue
    # of the next one to join, known to the statement that takes the lock (dialogue.registrations.places).
    waitlist_length: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    registration_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    registration_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    waitlist_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    audience: Mapped[Audience] = mapped_column(enum_type(Audience, "event_audience"), default=Audience.EVERYONE)
    status: Mapped[EventStatus] = mapped_column(
        enum_type(EventStatus, "event_status"), default=EventStatus.DRAFT, index=True
    )
    # Kept with the event so that notifications can pass the organiser's words on to the registrants.
    cancellation_message: Mapped[str | None] = mapped_column(Text)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    inclusive_method: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    inclusive_methods_note: Mapped[str] = mapped_column(String(500), default="", server_default="")
    # Events made together by "create a series" share this key.
    series_key: Mapped[str | None] = mapped_column(String(32), index=True)
    # Raised on every change people would notice (time, place, cancellation); calendars use it as SEQUENCE.
    revision: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Registrants get a reminder this many hours before the start (0: no reminder).
    reminder_hours: Mapped[int] = mapped_column(Integer, default=24, server_default="24")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    neighbourhood: Mapped[Neighbourhood] = relationship()
    cohosts: Mapped[list[Organisation]] = relationship(secondary="event_cohosts", order_by="Organisation.name")
    languages: Mapped[list["EventLanguage"]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="EventLanguage.code"
    )
    translations: Mapped[list["EventTranslation"]] = relationship(
        back_populates="event", cascade="all, delete-orphan", passive_deletes=True, order_by="EventTranslation.language"
    )

    @property
    def places_left(self) -> int | None:
        if self.capacity is None:
            return None
        return max(self.capacity - self.places_taken, 0)

    @property
    def language_codes(self) -> list[str]:
        return [language.code for language in self.languages]

    def __repr__(self) -> str:
        return f"<Event {self.id} {self.title!r}>"


# Events under way at a moment, of any status: `tstzrange(starts_at, ends_at) @> now` finds the few that have
# started and not ended without walking the ones that ended long ago (dialogue.events.queries.under_way). A GiST
# index over a range is PostgreSQL's; on SQLite the condition is plain comparisons.
Index("ix_events_under_way", func.tstzrange(Event.starts_at, Event.ends_at), postgresql_using="gist").ddl_if(
    dialect="postgresql"
)


class EventLanguage(db.Model):
    """A language spoken at an event (ISO 639-1 code), with a copy of the event's start and of whether it is
    published: the event list's language filter, and the languages it offers, walk the published events that speak
    a language in the order they start (ix_event_languages_published), however many events spoke it before. The
    copies are kept with the event's own columns in the same flush (_copy_event_fields_to_languages)."""

    __tablename__ = "event_languages"
    __table_args__ = (
        Index(
            "ix_event_languages_published",
            "code",
            "event_starts_at",
            "event_id",
            postgresql_where=text("event_published"),
            sqlite_where=text("event_published"),
        ),
    )

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    code: Mapped[str] = mapped_column(String(8), primary_key=True, index=True)
    # Read by the statements of the lists, never with the language itself: not loaded with it.
    event_starts_at: Mapped[datetime] = mapped_column(UTCDateTime(), deferred=True)
    event_published: Mapped[bool] = mapped_column(Boolean, deferred=True)

    event: Mapped[Event] = relationship(back_populates="languages")


@event.listens_for(Session, "before_flush")
def _copy_event_fields_to_new_languages(session: Session, flush_context, instances) -> None:
    for instance in session.new:
        if isinstance(instance, EventLanguage):
            spoken_at = instance.event or session.get(Event, instance.event_id)
            instance.event_starts_at = spoken_at.starts_at
            instance.event_published = spoken_at.status == EventStatus.PUBLISHED


def _start_or_status_changed(instance: Event) -> bool:
    attributes = inspect_state(instance).attrs
    return attributes.starts_at.history.has_changes() or attributes.status.history.has_changes()


@event.listens_for(Session, "after_flush")
def _copy_event_fields_to_languages(session: Session, flush_context) -> None:
    """An event that was published, cancelled, held or moved takes its languages' copies along."""
    for instance in session.dirty:
        if isinstance(instance, Event) and _start_or_status_changed(instance):
            session.connection().execute(
                update(EventLanguage)
                .where(EventLanguage.event_id == instance.id)
                .values(event_starts_at=instance.starts_at, event_published=instance.status == EventStatus.PUBLISHED)
            )


class EventTranslation(db.Model):
    """An event's title, description and accessibility information in another interface language than the one it
    was written in (Event.original_language); at most one per language. Which text a reader is shown is decided
    in one place, dialogue.events.texts."""

    __tablename__ = "event_translations"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    language: Mapped[str] = mapped_column(String(8), primary_key=True)
    title: Mapped[str] = mapped_column(String(TITLE_MAX_LENGTH))
    description: Mapped[str] = mapped_column(Text, default="")
    accessibility_info: Mapped[str] = mapped_column(String(ACCESSIBILITY_INFO_MAX_LENGTH), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    event: Mapped[Event] = relationship(back_populates="translations")

    def __repr__(self) -> str:
        return f"<EventTranslation {self.event_id} {self.language}>"


# Organisations that hosted an event together with the city: a "meeting in collaboration".
event_cohosts = Table(
    "event_cohosts",
    db.metadata,
    Column("event_id", ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("organisation_id", ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True, index=True),
)
