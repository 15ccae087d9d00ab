"""The records behind each figure of the indicators report, a page at a time, chosen by the same conditions the
figures are counted with (dialogue.reports.indicators), so a list always has as many rows as its figure says."""

import enum
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import raiseload, selectinload
from sqlalchemy.sql.elements import ColumnElement

from dialogue.attendance.models import ClosingReport
from dialogue.contributions.models import Channel, Contribution, Theme
from dialogue.events.models import Event, EventKind
from dialogue.extensions import db
from dialogue.initiatives.models import Initiative, InitiativeKind
from dialogue.organisations.models import Organisation, OrganisationKind
from dialogue.pagination import Page
from dialogue.reports.indicators import (
    Period,
    contribution_conditions,
    has_cohost,
    held_event_conditions,
    initiative_conditions,
    participations,
    people_reached_of_event,
    proposal_conditions,
)

RECORDS_PER_PAGE = 50


class Figure(str, enum.Enum):
    """The figures that have a list of records behind them, as named in the URL."""

    PROPERTY_OWNERS = "property-owners"
    ORGANISATIONS = "organisations"
    COLLABORATION_MEETINGS = "collaboration-meetings"
    INCLUSIVE_ACTIVITIES = "inclusive-activities"
    INNOVATIONS = "innovations"
    LEARNING_FORMATS = "learning-formats"
    HELD_EVENTS = "held-events"  # also behind "people reached" and the events per kind (?kind=)
    CONTRIBUTIONS = "contributions"  # ?channel= or ?theme= (theme "none": without a theme)
    PROPOSALS = "proposals"  # behind the share answered and the median days to the first answer


RECORD_TYPE = {
    Figure.PROPERTY_OWNERS: "organisations",
    Figure.ORGANISATIONS: "organisations",
    Figure.COLLABORATION_MEETINGS: "events",
    Figure.INCLUSIVE_ACTIVITIES: "events",
    Figure.HELD_EVENTS: "events",
    Figure.INNOVATIONS: "initiatives",
    Figure.LEARNING_FORMATS: "initiatives",
    Figure.CONTRIBUTIONS: "contributions",
    Figure.PROPOSALS: "proposals",
}
NO_THEME = "none"
FIGURE_TITLES = {
    Figure.PROPERTY_OWNERS: _l("Participating property owners"),
    Figure.ORGANISATIONS: _l("Participating organisations"),
    Figure.COLLABORATION_MEETINGS: _l("Meetings organised in collaboration"),
    Figure.INCLUSIVE_ACTIVITIES: _l("Activities with inclusive methods"),
    Figure.INNOVATIONS: _l("Innovations developed with property owners"),
    Figure.LEARNING_FORMATS: _l("Tested learning formats"),
    Figure.HELD_EVENTS: _l("Held events"),
    Figure.CONTRIBUTIONS: _l("Contributions"),
    Figure.PROPOSALS: _l("Proposals and their answers"),
}


@dataclass(frozen=True)
class Narrowing:
    """What a list behind a breakdown (events per kind, contributions per channel or theme) keeps."""

    kind: EventKind | None = None
    channel: Channel | None = None
    theme: Theme | None = None
    without_theme: bool = False


@dataclass
class OrganisationRow:
    organisation: Organisation
    cohosted: int  # held events of the period it co-hosted
    attended: int  # held events whose closing report names it
    answers: int  # answers to proposals it gave in the period


@dataclass
class EventRow:
    event: Event
    people: int


def _page(query, count_query, page: int) -> tuple[list, int]:
    rows = db.session.execute(query.limit(RECORDS_PER_PAGE).offset((page - 1) * RECORDS_PER_PAGE)).all()
    return rows, db.session.scalar(count_query)


def organisation_page(period: Period, page: int, property_owners_only: bool) -> Page:
    taking_part = participations(period)
    conditions = [Organisation.kind == OrganisationKind.PROPERTY_OWNER] if property_owners_only else []
    query = (
        select(
            Organisation,
            func.sum(taking_part.c.cohosted),
            func.sum(taking_part.c.attended),
            func.sum(taking_part.c.answered),
        )
        .join(taking_part, taking_part.c.organisation_id == Organisation.id)
        .where(*conditions)
        .group_by(Organisation.id)
        .order_by(Organisation.name, Organisation.id)
    )
    count = (
        select(func.count(Organisation.id.distinct()))
        .select_from(Organisation)
        .join(taking_part, taking_part.c.organisation_id == Organisation.id)
        .where(*conditions)
    )
    rows, total = _page(query, count, page)
    items = [
        OrganisationRow(organisation, int(cohosted), int(attended), int(answers))
        for organisation, cohosted, attended, answers in rows
    ]
    return Page(items=items, page=page, per_page=RECORDS_PER_PAGE, total=total)


def _event_conditions(period: Period, figure: Figure, narrowing: Narrowing) -> list[ColumnElement]:
    conditions = held_event_conditions(period)
    if figure == Figure.COLLABORATION_MEETINGS:
        conditions.append(has_cohost())
    elif figure == Figure.INCLUSIVE_ACTIVITIES:
        conditions.append(Event.inclusive_method.is_(True))
    if narrowing.kind is not None:
        conditions.append(Event.kind == narrowing.kind)
    return conditions


def event_page(period: Period, figure: Figure, narrowing: Narrowing, page: int) -> Page:
    conditions = _event_conditions(period, figure, narrowing)
    query = (
        select(Event, people_reached_of_event())
        .outerjoin(ClosingReport, ClosingReport.event_id == Event.id)
        .where(*conditions)
        .options(selectinload(Event.neighbourhood), selectinload(Event.cohosts), raiseload("*"))
        .order_by(Event.starts_at, Event.id)
    )
    count = select(func.count()).select_from(Event).where(*conditions)
    rows, total = _page(query, count, page)
    items = [EventRow(event, int(people)) for event, people in rows]
    return Page(items=items, page=page, per_page=RECORDS_PER_PAGE, total=total)


def initiative_page(period: Period, figure: Figure, page: int) -> Page:
    kind = InitiativeKind.INNOVATION if figure == Figure.INNOVATIONS else InitiativeKind.LEARNING_FORMAT
    conditions = initiative_conditions(period, kind)
    query = (
        select(Initiative)
        .where(*conditions)
        .options(selectinload(Initiative.partners), selectinload(Initiative.neighbourhoods), raiseload("*"))
        .order_by(Initiative.tested_on, Initiative.name)
    )
    count = select(func.count()).select_from(Initiative).where(*conditions)
    rows, total = _page(query, count, page)
    return Page(items=[initiative for (initiative,) in rows], page=page, per_page=RECORDS_PER_PAGE, total=total)


def _contribution_conditions(period: Period, figure: Figure, narrowing: Narrowing) -> list[ColumnElement]:
    if figure == Figure.PROPOSALS:
        return proposal_conditions(period)
    conditions = contribution_conditions(period)
    if narrowing.channel is not None:
        conditions.append(Contribution.channel == narrowing.channel)
    if narrowing.theme is not None:
        conditions.append(Contribution.theme == narrowing.theme)
    if narrowing.without_theme:
        conditions.append(Contribution.theme.is_(None))
    return conditions


def contribution_page(period: Period, figure: Figure, narrowing: Narrowing, page: int) -> Page:
    """Contributions (or, for the proposals figure, proposals) of the period, oldest first."""
    conditions = _contribution_conditions(period, figure, narrowing)
    query = (
        select(Contribution)
        .where(*conditions)
        .options(selectinload(Contribution.neighbourhood), raiseload("*"))
        .order_by(Contribution.created_at, Contribution.id)
    )
    count = select(func.count()).select_from(Contribution).where(*conditions)
    rows, total = _page(query, count, page)
    return Page(items=[contribution for (contribution,) in rows], page=page, per_page=RECORDS_PER_PAGE, total=total)


def record_page(period: Period, figure: Figure, narrowing: Narrowing, page: int) -> Page:
    record_type = RECORD_TYPE[figure]
    if record_type == "organisations":
        return organisation_page(period, page, property_owners_only=figure == Figure.PROPERTY_OWNERS)
    if record_type == "events":
        return event_page(period, figure, narrowing, page)
    if record_type == "initiatives":
        return initiative_page(period, figure, page)
    return contribution_page(period, figure, narrowing, page)
