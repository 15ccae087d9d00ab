"""Who comes and who came: moving people up by hand, phone registrations, cancelling registrations made by a
script, check-in at the door, walk-ins, no-shows and the closing report that marks an event as held.

Changes that depend on the event's places or on its report lock the event row first (see
dialogue.registrations.services.lock_event). Services flush; the view commits.
"""

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from sqlalchemy import func, select, update

from dialogue.accounts.models import User
from dialogue.attendance.models import MAX_ATTENDEES, MAX_WALK_IN_PARTY, MINUTES_MAX_LENGTH, ClosingReport, WalkIn
from dialogue.audit.log import record
from dialogue.audit.models import AuditAction
from dialogue.database import utcnow
from dialogue.events.models import Event, EventStatus
from dialogue.extensions import db
from dialogue.organisations.models import Organisation
from dialogue.refusals import Refusal
from dialogue.registrations.cancellation import QuietCancellation, cancel_without_notice
from dialogue.registrations.models import Registration, RegistrationStatus
from dialogue.registrations.services import RegistrationRequest, RegistrationResult, lock_event, register

WALK_IN_NAME_MAX_LENGTH = 120


class AttendanceError(Refusal):
    """A rule of attendance refused the change."""


@dataclass
class CheckInResult:
    registration: Registration
    already: bool  # it had been checked in before; the first time is kept


@dataclass
class ReportInput:
    attendees: int
    organisation_ids: set[int] = field(default_factory=set)
    minutes: str = ""


def _refuse_if_cancelled(event: Event) -> None:
    if event.status == EventStatus.CANCELLED:
        raise AttendanceError(_l("This event has been cancelled."))


def _registration_of(event: Event, registration_id: int) -> Registration:
    registration = db.session.get(Registration, registration_id, populate_existing=True)
    if registration is None or registration.event_id != event.id:
        raise AttendanceError(_l("This event has no such registration."))
    return registration


def promote(event_id: int, registration_id: int, actor: User, now: datetime | None = None) -> Registration:
    """Confirm one waiting registration out of turn, if its whole party fits the places left."""
    now = now or utcnow()
    event = lock_event(event_id)
    if event is None:
        raise AttendanceError(_l("This event does not exist."))
    _refuse_if_cancelled(event)
    if event.ends_at <= now:
        raise AttendanceError(_l("The event has already taken place."))
    registration = _registration_of(event, registration_id)
    if registration.status != RegistrationStatus.WAITLISTED:
        raise AttendanceError(_l("%(name)s is not on the waiting list.", name=registration.display_name))
    if event.capacity is not None and event.places_taken + registration.party_size > event.capacity:
        raise AttendanceError(
            lazy_ngettext(
                "%(name)s comes with a party of %(party)s, but only %(num)s place is left.",
                "%(name)s comes with a party of %(party)s, but only %(num)s places are left.",
                event.places_left,
                name=registration.display_name,
                party=registration.party_size,
            )
        )
    registration.status = RegistrationStatus.CONFIRMED
    registration.confirmed_at = now
    event.places_taken += registration.party_size
    event.waitlist_length -= 1
    db.session.flush()
    record(AuditAction.PROMOTED_BY_STAFF, registration, actor=actor, now=now)
    return registration


def register_by_phone(
    event_id: int, request: RegistrationRequest, registered_by: User, now: datetime | None = None
) -> RegistrationResult:
    """A registration taken by staff for someone who phoned: the resident's own rules, and who took it."""
    result = register(event_id, request, user=None, now=now, registered_by=registered_by)
    record(AuditAction.REGISTERED_BY_STAFF, result.registration, actor=registered_by, now=now)
    return result


def cancel_made_up(
    event_id: int, registration_ids: Collection[int], actor: User, now: datetime | None = None
) -> QuietCancellation:
    """Cancel registrations that staff judge made up by a script, in one action. Nobody is emailed: the addresses
    were typed in by the script and may be anyone's. The waiting list moves up as usual, and whoever gets a place
    is told. Each cancellation is in the audit log with the staff member who made it."""
    if not registration_ids:
        raise AttendanceError(_l("Choose at least one registration to cancel."), field="registrations")
    result = cancel_without_notice(event_id, registration_ids, now)
    for registration in result.cancelled:
        record(AuditAction.CANCELLED_BY_STAFF, registration, actor=actor, now=now)
    return result


def check_in(event: Event, registration_id: int, actor: User, now: datetime | None = None) -> CheckInResult:
    """Mark a confirmed registration as attended. A second tap keeps the first time and changes nothing."""
    _refuse_if_cancelled(event)
    registration = _registration_of(event, registration_id)
    if registration.status == RegistrationStatus.WAITLISTED:
        raise AttendanceError(
            _l(
                "%(name)s is on the waiting list. Move them up first if there is room, or add them as a walk-in.",
                name=registration.display_name,
            )
        )
    if registration.status == RegistrationStatus.CANCELLED:
        raise AttendanceError(
            _l("The registration of %(name)s is cancelled. Add them as a walk-in.", name=registration.display_name)
        )
    # Conditional, so that two phones tapping at once still keep a single, first time.
    changed = db.session.execute(
        update(Registration)
        .where(Registration.id == registration.id, Registration.checked_in_at.is_(None))
        .values(checked_in_at=now or utcnow(), no_show=False)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.refresh(registration)
    if changed:
        record(AuditAction.CHECKED_IN, registration, actor=actor, now=now)
    return CheckInResult(registration=registration, already=changed == 0)


def undo_check_in(event: Event, registration_id: int, actor: User) -> Registration:
    """For a tap on the wrong name."""
    _refuse_if_cancelled(event)
    registration = _registration_of(event, registration_id)
    if registration.checked_in_at is not None:
        registration.checked_in_at = None
        db.session.flush()
        record(AuditAction.CHECK_IN_UNDONE, registration, actor=actor)
    return registration


def add_walk_in(event: Event, name: str, party_size: int, added_by: User, now: datetime | None = None) -> WalkIn:
    _refuse_if_cancelled(event)
    name = (name or "").strip()
    if len(name) > WALK_IN_NAME_MAX_LENGTH:
        raise AttendanceError(
            _l("The name can be at most %(max)s characters.", max=WALK_IN_NAME_MAX_LENGTH), field="name"
        )
    if not 1 <= party_size <= MAX_WALK_IN_PARTY:
        raise AttendanceError(
            _l("A walk-in group is between 1 and %(max)s people.", max=MAX_WALK_IN_PARTY), field="party_size"
        )
    walk_in = WalkIn(
        event_id=event.id, name=name, party_size=party_size, created_by_id=added_by.id, created_at=now or utcnow()
    )
    db.session.add(walk_in)
    db.session.flush()
    # The size of the group only: the name is the resident's.
    record(AuditAction.WALK_IN_ADDED, event, actor=added_by, now=now, detail=str(party_size))
    return walk_in


def mark_no_shows(event: Event, actor: User, now: datetime | None = None) -> int:
    """After the event: every confirmed registration that was not checked in is a no-show. Returns how many."""
    now = now or utcnow()
    _refuse_if_cancelled(event)
    if event.ends_at > now:
        raise AttendanceError(_l("No-shows can be marked once the event has ended."))
    marked = db.session.execute(
        update(Registration)
        .where(
            Registration.event_id == event.id,
            Registration.status == RegistrationStatus.CONFIRMED,
            Registration.checked_in_at.is_(None),
            Registration.no_show.is_(False),
        )
        .values(no_show=True)
        .execution_options(synchronize_session=False)
    ).rowcount
    record(AuditAction.NO_SHOWS_MARKED, event, actor=actor, now=now, detail=str(marked))
    return marked


def people_checked_in(event_id: int) -> int:
    """People of checked-in registrations plus walk-ins: what the closing report suggests as attendees."""
    registered = select(func.coalesce(func.sum(Registration.adults + Registration.children), 0)).where(
        Registration.event_id == event_id,
        Registration.status == RegistrationStatus.CONFIRMED,
        Registration.checked_in_at.is_not(None),
    )
    walked_in = select(func.coalesce(func.sum(WalkIn.party_size), 0)).where(WalkIn.event_id == event_id)
    return db.session.scalar(select(registered.scalar_subquery() + walked_in.scalar_subquery()))


def closing_report_refusal(event: Event, now: datetime | None = None):
    """Why the event can have no closing report (yet), or None when one can be written."""
    if event.status == EventStatus.CANCELLED:
        return _l("This event was cancelled, so it has no closing report.")
    if event.starts_at > (now or utcnow()):
        return _l("The closing report can be written once the event has started.")
    return None


def save_closing_report(
    event_id: int, data: ReportInput, written_by: User, now: datetime | None = None
) -> ClosingReport:
    """Write or correct the closing report; the event is then held."""
    now = now or utcnow()
    event = lock_event(event_id)
    if event is None:
        raise AttendanceError(_l("This event does not exist."))
    refusal = closing_report_refusal(event, now)
    if refusal is not None:
        raise AttendanceError(refusal)
    if not 0 <= data.attendees <= MAX_ATTENDEES:
        raise AttendanceError(_l("Between 0 and %(max)s people.", max=MAX_ATTENDEES), field="attendees")
    if len(data.minutes) > MINUTES_MAX_LENGTH:
        raise AttendanceError(_l("At most %(max)s characters.", max=MINUTES_MAX_LENGTH), field="minutes")
    organisations = list(db.session.scalars(select(Organisation).where(Organisation.id.in_(data.organisation_ids))))
    if len(organisations) != len(data.organisation_ids):
        raise AttendanceError(_l("One of the organisations no longer exists."), field="organisations")

    report = db.session.get(ClosingReport, event.id)
    if report is None:
        report = ClosingReport(event_id=event.id, created_by_id=written_by.id, created_at=now)
        db.session.add(report)
    report.attendees = data.attendees
    report.minutes = data.minutes.strip()
    report.organisations = organisations
    report.updated_at = now
    event.status = EventStatus.HELD
    db.session.flush()
    record(AuditAction.CLOSING_REPORT_SAVED, event, actor=written_by, now=now, detail=str(data.attendees))
    return report
