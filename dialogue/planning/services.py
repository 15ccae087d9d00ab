"""Planning events: create, edit, publish, cancel and duplicate. Series are made in series.py.

Changes that touch places or status hold the event's row lock (registrations.services.lock_event), so they never
interleave with a registration or a cancellation of the same event: a capacity is checked against the places
confirmed at that moment, and waiting registrations move up in the same transaction. Services take the acting
user, add and flush; the view commits.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import gettext, lazy_ngettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from dialogue.accounts.models import User
from dialogue.audit.log import record
from dialogue.audit.models import AuditAction
from dialogue.database import utcnow
from dialogue.events.models import (
    DESCRIPTION_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Audience,
    Event,
    EventKind,
    EventLanguage,
    EventStatus,
    EventTranslation,
)
from dialogue.extensions import db
from dialogue.i18n import SPOKEN_LANGUAGES
from dialogue.local_time import local_today
from dialogue.neighbourhoods.models import Neighbourhood
from dialogue.organisations.models import Organisation
from dialogue.planning.clock import local_day
from dialogue.planning.window import day_refusal
from dialogue.refusals import Refusal
from dialogue.registrations import emails
from dialogue.registrations.cancellation import promote_from_waitlist
from dialogue.registrations.models import Registration
from dialogue.registrations.services import lock_event

# Limits of the event form; the lengths are those of the columns in dialogue.events.models.
MAX_CAPACITY = 10_000
VENUE_MAX_LENGTH = 160
ADDRESS_MAX_LENGTH = 200
ACCESSIBILITY_INFO_MAX_LENGTH = 1000
INCLUSIVE_NOTE_MAX_LENGTH = 500
CANCELLATION_MESSAGE_MAX_LENGTH = 2000


class PlanningError(Refusal):
    """A rule of event planning refused the change."""


@dataclass
class EventDetails:
    """Everything staff write about an event; times are UTC."""

    kind: EventKind
    title: str
    neighbourhood_id: int
    venue: str
    address: str
    starts_at: datetime
    ends_at: datetime
    description: str = ""
    accessibility_info: str = ""
    capacity: int | None = None  # None: no limit
    registration_opens_at: datetime | None = None
    registration_closes_at: datetime | None = None
    waitlist_enabled: bool = True
    audience: Audience = Audience.EVERYONE
    language_codes: list[str] = field(default_factory=list)
    cohost_ids: list[int] = field(default_factory=list)
    inclusive_method: bool = False
    inclusive_methods_note: str = ""


@dataclass
class EventUpdate:
    event: Event
    promoted: list[Registration]  # waiting registrations confirmed because the capacity rose
    revision_raised: bool


_TEXT_LIMITS = (
    ("title", TITLE_MAX_LENGTH),
    ("description", DESCRIPTION_MAX_LENGTH),
    ("venue", VENUE_MAX_LENGTH),
    ("address", ADDRESS_MAX_LENGTH),
    ("accessibility_info", ACCESSIBILITY_INFO_MAX_LENGTH),
    ("inclusive_methods_note", INCLUSIVE_NOTE_MAX_LENGTH),
)


def _strip_texts(details: EventDetails) -> None:
    for name, maximum in _TEXT_LIMITS:
        value = (getattr(details, name) or "").strip()
        if len(value) > maximum:
            raise PlanningError(_l("At most %(max)d characters.", max=maximum), field=name)
        setattr(details, name, value)


def _check_days(details: EventDetails, today: date) -> None:
    for name, moment in (
        ("start_date", details.starts_at),
        ("end_date", details.ends_at),
        ("registration_opens_date", details.registration_opens_at),
        ("registration_closes_date", details.registration_closes_at),
    ):
        refusal = day_refusal(local_day(moment), today) if moment else None
        if refusal is not None:
            raise PlanningError(refusal, field=name)


def check_details(details: EventDetails, now: datetime | None = None) -> None:
    """The rules of an event's details, the same ones the form checks, for callers that bypass the form."""
    _strip_texts(details)
    for name, message in (
        ("title", _l("Write a title.")),
        ("venue", _l("Write where the event takes place.")),
        ("address", _l("Write the address.")),
    ):
        if not getattr(details, name):
            raise PlanningError(message, field=name)
    _check_days(details, local_today(now))
    if details.ends_at <= details.starts_at:
        raise PlanningError(_l("The event must end after it starts."), field="end_time")
    if details.capacity is not None and not 1 <= details.capacity <= MAX_CAPACITY:
        raise PlanningError(
            _l("Between 1 and %(max)d places, or leave it empty for no limit.", max=MAX_CAPACITY), field="capacity"
        )
    opens, closes = details.registration_opens_at, details.registration_closes_at
    if opens and closes and closes <= opens:
        raise PlanningError(_l("Registration must close after it opens."), field="registration_closes_time")
    if opens and opens >= details.starts_at:
        raise PlanningError(_l("Registration must open before the event starts."), field="registration_opens_time")
    if details.inclusive_method and not details.inclusive_methods_note:
        raise PlanningError(
            _l("Describe the inclusive methods, for example dance or an interpreter."), field="inclusive_methods_note"
        )
    if details.inclusive_methods_note and not details.inclusive_method:
        raise PlanningError(
            _l("Tick “Inclusive methods” as well, or leave the description empty."), field="inclusive_methods_note"
        )
    if not set(details.language_codes) <= set(SPOKEN_LANGUAGES):
        raise PlanningError(_l("Choose the languages from the list."), field="languages")


def _neighbourhood(neighbourhood_id: int) -> Neighbourhood:
    neighbourhood = db.session.get(Neighbourhood, neighbourhood_id)
    if neighbourhood is None:
        raise PlanningError(_l("Choose a neighbourhood from the list."), field="neighbourhood")
    return neighbourhood


def _organisations(ids: list[int]) -> list[Organisation]:
    wanted = set(ids)
    if not wanted:
        return []
    found = list(
        db.session.scalars(select(Organisation).where(Organisation.id.in_(wanted)).order_by(Organisation.name))
    )
    if len(found) != len(wanted):
        raise PlanningError(_l("One of the chosen organisations no longer exists. Choose again."), field="cohosts")
    return found


def _set_languages(event: Event, codes: list[str]) -> None:
    wanted = sorted(set(codes))
    kept = [language for language in event.languages if language.code in wanted]
    have = {language.code for language in kept}
    event.languages = kept + [EventLanguage(code=code) for code in wanted if code not in have]


def _apply(event: Event, details: EventDetails, neighbourhood: Neighbourhood, cohosts: list[Organisation]) -> None:
    event.kind = details.kind
    event.title = details.title
    event.description = details.description
    event.neighbourhood = neighbourhood
    event.venue = details.venue
    event.address = details.address
    event.accessibility_info = details.accessibility_info
    event.starts_at = details.starts_at
    event.ends_at = details.ends_at
    event.capacity = details.capacity
    event.registration_opens_at = details.registration_opens_at
    event.registration_closes_at = details.registration_closes_at
    event.waitlist_enabled = details.waitlist_enabled
    event.audience = details.audience
    event.inclusive_method = details.inclusive_method
    event.inclusive_methods_note = details.inclusive_methods_note
    event.cohosts = cohosts
    _set_languages(event, details.language_codes)


def create_event(details: EventDetails, creator: User, now: datetime | None = None) -> Event:
    """A new draft: nobody sees it or registers until it is published."""
    check_details(details, now)
    neighbourhood = _neighbourhood(details.neighbourhood_id)
    cohosts = _organisations(details.cohost_ids)
    event = Event(status=EventStatus.DRAFT, places_taken=0, revision=0, created_by_id=creator.id)
    _apply(event, details, neighbourhood, cohosts)
    db.session.add(event)
    db.session.flush()
    record(AuditAction.EVENT_CREATED, event, actor=creator)
    return event


def _time_or_place(event: Event) -> tuple:
    return (event.starts_at, event.ends_at, event.neighbourhood_id, event.venue, event.address)


def _places_detail(capacity_before: int | None, event: Event) -> str | None:
    """For the audit log: a changed number of places, which may move people up or refuse new ones."""
    if capacity_before == event.capacity:
        return None
    return f"{capacity_before or '∞'} → {event.capacity or '∞'}"


def _capacity_rose(before: int | None, after: int | None) -> bool:
    return before is not None and (after is None or after > before)


def update_event(event_id: int, details: EventDetails, editor: User, now: datetime | None = None) -> EventUpdate:
    """Change an event. A capacity below the confirmed places is refused; a higher one lets waiting people in."""
    now = now or utcnow()
    check_details(details, now)
    neighbourhood = _neighbourhood(details.neighbourhood_id)
    cohosts = _organisations(details.cohost_ids)
    event = lock_event(event_id)
    if event is None:
        raise PlanningError(_l("This event does not exist."))
    if details.capacity is not None and details.capacity < event.places_taken:
        raise PlanningError(
            lazy_ngettext(
                "%(num)s place is already confirmed: the event cannot have fewer places than that.",
                "%(num)s places are already confirmed: the event cannot have fewer places than that.",
                event.places_taken,
            ),
            field="capacity",
        )
    before, capacity_before = _time_or_place(event), event.capacity
    _apply(event, details, neighbourhood, cohosts)
    db.session.flush()
    revision_raised = _time_or_place(event) != before
    if revision_raised:
        event.revision += 1
        if event.status == EventStatus.PUBLISHED and event.ends_at > now:
            db.session.flush()
            emails.event_changed(event)
    promoted = []
    # Places that free up before the event let waiting people in, as a cancellation does; not after it.
    if (
        _capacity_rose(capacity_before, event.capacity)
        and event.status == EventStatus.PUBLISHED
        and event.ends_at > now
    ):
        promoted = promote_from_waitlist(event, now)
    db.session.flush()
    record(AuditAction.EVENT_UPDATED, event, actor=editor, now=now, detail=_places_detail(capacity_before, event))
    return EventUpdate(event=event, promoted=promoted, revision_raised=revision_raised)


def publish_event(event_id: int, actor: User) -> Event:
    event = lock_event(event_id)
    if event is None:
        raise PlanningError(_l("This event does not exist."))
    if event.status == EventStatus.PUBLISHED:
        raise PlanningError(_l("This event is already published."))
    if event.status == EventStatus.CANCELLED:
        raise PlanningError(_l("A cancelled event cannot be published again. Duplicate it to plan it anew."))
    if event.status == EventStatus.HELD:
        raise PlanningError(_l("This event has already been held."))
    event.status = EventStatus.PUBLISHED
    db.session.flush()
    record(AuditAction.EVENT_PUBLISHED, event, actor=actor)
    return event


def cancel_event(event_id: int, message: str, actor: User, now: datetime | None = None) -> Event:
    """Cancel the event and keep the organiser's message for the registrants; registrations are kept."""
    message = (message or "").strip()
    if not message:
        raise PlanningError(_l("Write a message for the people who registered."), field="message")
    if len(message) > CANCELLATION_MESSAGE_MAX_LENGTH:
        raise PlanningError(_l("At most %(max)d characters.", max=CANCELLATION_MESSAGE_MAX_LENGTH), field="message")
    event = lock_event(event_id)
    if event is None:
        raise PlanningError(_l("This event does not exist."))
    if event.status == EventStatus.CANCELLED:
        raise PlanningError(_l("This event is already cancelled."))
    if event.status == EventStatus.HELD:
        raise PlanningError(_l("This event has already been held, so it cannot be cancelled."))
    event.status = EventStatus.CANCELLED
    event.cancellation_message = message
    event.cancelled_at = now or utcnow()
    event.revision += 1
    db.session.flush()
    emails.event_cancelled(event)
    record(AuditAction.EVENT_CANCELLED, event, actor=actor, now=event.cancelled_at)
    return event


def copy_event(
    event: Event,
    creator: User,
    *,
    title: str,
    status: EventStatus = EventStatus.DRAFT,
    series_key: str | None = None,
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
    registration_opens_at: datetime | None = None,
    registration_closes_at: datetime | None = None,
) -> Event:
    """A new event with the same details, co-hosts, languages and translations, and none of the registrations."""
    copy = Event(
        kind=event.kind,
        title=title[:TITLE_MAX_LENGTH],
        description=event.description,
        neighbourhood_id=event.neighbourhood_id,
        venue=event.venue,
        address=event.address,
        accessibility_info=event.accessibility_info,
        original_language=event.original_language,
        starts_at=starts_at or event.starts_at,
        ends_at=ends_at or event.ends_at,
        capacity=event.capacity,
        places_taken=0,
        registration_opens_at=registration_opens_at,
        registration_closes_at=registration_closes_at,
        waitlist_enabled=event.waitlist_enabled,
        audience=event.audience,
        status=status,
        inclusive_method=event.inclusive_method,
        inclusive_methods_note=event.inclusive_methods_note,
        series_key=series_key,
        revision=0,
        created_by_id=creator.id,
    )
    copy.cohosts = list(event.cohosts)
    copy.languages = [EventLanguage(code=code) for code in event.language_codes]
    copy.translations = [
        EventTranslation(
            language=translation.language,
            title=translation.title,
            description=translation.description,
            accessibility_info=translation.accessibility_info,
        )
        for translation in event.translations
    ]
    db.session.add(copy)
    return copy


def duplicate_event(event_id: int, creator: User) -> Event:
    """A draft copy titled "Copy of ...", at the same time, to be edited before it is published."""
    event = db.session.get(Event, event_id)
    if event is None:
        raise PlanningError(_l("This event does not exist."))
    copy = copy_event(
        event,
        creator,
        title=gettext("Copy of %(title)s", title=event.title),
        registration_opens_at=event.registration_opens_at,
        registration_closes_at=event.registration_closes_at,
    )
    db.session.flush()
    record(AuditAction.EVENT_DUPLICATED, copy, actor=creator, detail=f"#{event.id}")
    return copy
