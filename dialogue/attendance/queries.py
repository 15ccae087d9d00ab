"""Read-side queries for an event's registrations, the door and the closing report.

Lists load what they show up front and forbid lazy loads, so a page runs the same number of statements
whatever the number of registrations; the summaries are counted by the database.
"""

from dataclasses import dataclass, field

from flask import abort
from sqlalchemy import Select, String, case, func, literal, literal_column, null, or_, select, type_coerce, union_all
from sqlalchemy.orm import joinedload, raiseload, selectinload

from dialogue.attendance.models import ClosingReport, WalkIn
from dialogue.events.models import Event, event_cohosts
from dialogue.extensions import db
from dialogue.organisations.models import Organisation
from dialogue.registrations.models import (
    CHECK_IN_ALPHABET,
    CHECK_IN_CODE_LENGTH,
    AccessNeed,
    Registration,
    RegistrationAccessNeed,
    RegistrationStatus,
)
from dialogue.text import without_control_characters

REGISTRATIONS_PER_PAGE = 100
SEARCH_MAX_LENGTH = 100
STATUS_ORDER = case(
    (Registration.status == RegistrationStatus.CONFIRMED, 0),
    (Registration.status == RegistrationStatus.WAITLISTED, 1),
    else_=2,
)


def event_for_staff(event_id: int) -> Event | None:
    return db.session.scalars(
        select(Event).where(Event.id == event_id).options(joinedload(Event.neighbourhood))
    ).one_or_none()


def clean_search(text: str | None) -> str:
    """What was typed, with runs of whitespace made one space and control characters (a NUL, which PostgreSQL
    refuses in a query) left out."""
    return " ".join(without_control_characters(text or "").split())[:SEARCH_MAX_LENGTH]


def as_check_in_code(text: str) -> str | None:
    """The code in what was typed ("abc 123", "ABC-123"), or None when it cannot be one."""
    code = "".join(character for character in text.upper() if character not in " -")
    if len(code) == CHECK_IN_CODE_LENGTH and all(character in CHECK_IN_ALPHABET for character in code):
        return code
    return None


def _matching(query: Select, text: str) -> Select:
    """Registrations whose name or email contains `text`, or whose check-in code it is."""
    conditions = [
        Registration.contact_name.ilike(f"%{_escape_like(text)}%", escape="\\"),
        Registration.email.ilike(f"%{_escape_like(text)}%", escape="\\"),
    ]
    code = as_check_in_code(text)
    if code:
        conditions.append(Registration.check_in_code == code)
    return query.where(or_(*conditions))


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _list_options():
    return (selectinload(Registration.access_needs), raiseload("*"))


def registrations_select(event_id: int, search: str = "", status: RegistrationStatus | None = None) -> Select:
    """The event's registrations: confirmed, then waiting (in their turn), then cancelled."""
    query = (
        select(Registration)
        .where(Registration.event_id == event_id)
        .options(*_list_options())
        .order_by(STATUS_ORDER, Registration.id)
    )
    if status:
        query = query.where(Registration.status == status)
    if search:
        query = _matching(query, search)
    return query


def registrations_for_export(event_id: int) -> list[Registration]:
    return list(
        db.session.scalars(
            select(Registration)
            .where(Registration.event_id == event_id)
            .options(*_list_options())
            .order_by(Registration.id)
        )
    )


def confirmed_by_name(event_id: int) -> list[Registration]:
    """Confirmed registrations in alphabetical order: the attendance sheet and the door list."""
    return list(
        db.session.scalars(
            select(Registration)
            .where(Registration.event_id == event_id, Registration.status == RegistrationStatus.CONFIRMED)
            .options(*_list_options())
            .order_by(func.lower(Registration.contact_name), Registration.id)
        )
    )


def door_matches(event_id: int, search: str) -> list[Registration]:
    """What the door finds for a name or code: every status, so that staff can tell a cancelled person why."""
    query = (
        select(Registration)
        .where(Registration.event_id == event_id)
        .options(*_list_options())
        .order_by(STATUS_ORDER, func.lower(Registration.contact_name), Registration.id)
    )
    return list(db.session.scalars(_matching(query, search)))


def code_of_another_event(event_id: int, code: str) -> bool:
    return (
        db.session.scalar(
            select(func.count())
            .select_from(Registration)
            .where(Registration.check_in_code == code, Registration.event_id != event_id)
        )
        > 0
    )


@dataclass
class NeedCount:
    need: AccessNeed
    confirmed: int = 0
    waitlisted: int = 0


@dataclass
class LanguageCount:
    code: str
    confirmed: int = 0
    waitlisted: int = 0


def _counts_per_status(key, *conditions) -> Select:
    """(key, status, registrations) for the event's confirmed and waiting registrations matching `conditions`."""
    return (
        select(type_coerce(key, String).label("key"), Registration.status, func.count())
        .where(*conditions, Registration.status != RegistrationStatus.CANCELLED)
        .group_by(key, Registration.status)
    )


def planning_summaries(event_id: int) -> tuple[list[NeedCount], list[LanguageCount]]:
    """For planning, in one statement: how many confirmed and waiting registrations asked for each access need
    (every need listed), and for an interpreter into each language (most asked first)."""
    needs = _counts_per_status(
        RegistrationAccessNeed.need,
        RegistrationAccessNeed.registration_id == Registration.id,
        Registration.event_id == event_id,
    )
    interpreters = _counts_per_status(
        Registration.interpreter_language,
        Registration.event_id == event_id,
        Registration.interpreter_language.is_not(None),
    )
    kind = literal_column("'need'").label("kind"), literal_column("'interpreter'").label("kind")
    rows = db.session.execute(union_all(needs.add_columns(kind[0]), interpreters.add_columns(kind[1]))).all()
    need_counts = {need: NeedCount(need) for need in AccessNeed}
    language_counts: dict[str, LanguageCount] = {}
    for key, status, count, counted in rows:
        status = RegistrationStatus(status)
        if counted == "need":
            setattr(need_counts[AccessNeed(key)], status.value, count)
        else:
            setattr(language_counts.setdefault(key, LanguageCount(key)), status.value, count)
    interpreters_wanted = sorted(
        language_counts.values(), key=lambda item: (-(item.confirmed + item.waitlisted), item.code)
    )
    return list(need_counts.values()), interpreters_wanted


@dataclass
class StatusCount:
    registrations: int = 0
    people: int = 0


@dataclass
class Attendance:
    """The event's figures at a glance."""

    by_status: dict[RegistrationStatus, StatusCount] = field(
        default_factory=lambda: {status: StatusCount() for status in RegistrationStatus}
    )
    checked_in: StatusCount = field(default_factory=StatusCount)
    no_shows: int = 0
    walk_in_groups: int = 0
    walk_in_people: int = 0

    @property
    def confirmed(self) -> StatusCount:
        return self.by_status[RegistrationStatus.CONFIRMED]


def attendance(event_id: int) -> Attendance:
    """The figures at a glance, in one statement: the registrations per status and the walk-ins (the row whose
    status is empty)."""
    result = Attendance()
    people = Registration.adults + Registration.children
    checked_in = Registration.checked_in_at.is_not(None)
    registered = (
        select(
            Registration.status,
            func.count(),
            func.sum(people),
            func.sum(case((checked_in, 1), else_=0)),
            func.sum(case((checked_in, people), else_=0)),
            func.sum(case((Registration.no_show.is_(True), 1), else_=0)),
        )
        .where(Registration.event_id == event_id)
        .group_by(Registration.status)
    )
    walked_in = select(
        null(), func.count(), func.coalesce(func.sum(WalkIn.party_size), 0), literal(0), literal(0), literal(0)
    ).where(WalkIn.event_id == event_id)
    for status, count, people_sum, checked_count, checked_people, no_shows in db.session.execute(
        union_all(registered, walked_in)
    ):
        if status is None:
            result.walk_in_groups, result.walk_in_people = count, people_sum
            continue
        status = RegistrationStatus(status)
        result.by_status[status] = StatusCount(count, people_sum or 0)
        if status == RegistrationStatus.CONFIRMED:
            result.checked_in = StatusCount(checked_count or 0, checked_people or 0)
            result.no_shows = no_shows or 0
    return result


def walk_ins(event_id: int) -> list[WalkIn]:
    return list(
        db.session.scalars(
            select(WalkIn).where(WalkIn.event_id == event_id).options(raiseload("*")).order_by(WalkIn.id.desc())
        )
    )


def report_with_organisations(event_id: int) -> ClosingReport | None:
    return db.session.scalars(
        select(ClosingReport)
        .where(ClosingReport.event_id == event_id)
        .options(selectinload(ClosingReport.organisations), raiseload("*"))
    ).one_or_none()


def all_organisations() -> list[Organisation]:
    return list(db.session.scalars(select(Organisation).order_by(Organisation.name)))


def cohost_ids(event_id: int) -> set[int]:
    return set(db.session.scalars(select(event_cohosts.c.organisation_id).where(event_cohosts.c.event_id == event_id)))


def registrations_among(event_id: int, registration_ids: list[int], active_only: bool = False) -> list[Registration]:
    """The event's registrations whose ids are in `registration_ids`, in sign-up order; another event's are left out."""
    query = (
        select(Registration)
        .where(Registration.event_id == event_id, Registration.id.in_(registration_ids))
        .options(*_list_options())
        .order_by(Registration.id)
    )
    if active_only:
        query = query.where(Registration.status != RegistrationStatus.CANCELLED)
    return list(db.session.scalars(query))


def event_or_404(event_id: int) -> Event:
    event = event_for_staff(event_id)
    if event is None:
        abort(404)
    return event


def registration_or_404(event: Event, registration_id: int) -> Registration:
    """A registration of this event; another event's id is as unknown as a made-up one."""
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.event_id != event.id:
        abort(404)
    return registration
