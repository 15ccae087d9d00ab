"""Read-side queries for the organisations register's pages.

The list loads one page of organisations and then their activity counts for that page in a single aggregated
statement, so it runs the same number of statements whatever the number of rows.
"""

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import raiseload, selectinload

from dialogue.accounts.models import User
from dialogue.attendance.models import closing_report_organisations
from dialogue.events.models import Event, EventStatus, event_cohosts
from dialogue.extensions import db
from dialogue.initiatives.models import Initiative, initiative_partners
from dialogue.neighbourhoods.models import Neighbourhood
from dialogue.organisations.models import Organisation, OrganisationNeighbourhood, SiteRelation

ORGANISATIONS_PER_PAGE = 50


@dataclass(frozen=True)
class Activity:
    cohosted: int = 0  # events it hosted together with the city, cancelled ones left out
    attended: int = 0  # held events whose closing report names it
    initiatives: int = 0  # initiatives it is a partner in


@dataclass(frozen=True)
class Site:
    neighbourhood: Neighbourhood
    relation: SiteRelation


def _cohosted_count():
    return (
        select(func.count())
        .select_from(event_cohosts)
        .join(Event, Event.id == event_cohosts.c.event_id)
        .where(event_cohosts.c.organisation_id == Organisation.id, Event.status != EventStatus.CANCELLED)
        .correlate(Organisation)
        .scalar_subquery()
    )


def _attended_count():
    return (
        select(func.count())
        .select_from(closing_report_organisations)
        .join(Event, Event.id == closing_report_organisations.c.event_id)
        .where(closing_report_organisations.c.organisation_id == Organisation.id, Event.status == EventStatus.HELD)
        .correlate(Organisation)
        .scalar_subquery()
    )


def _initiative_count():
    return (
        select(func.count())
        .select_from(initiative_partners)
        .where(initiative_partners.c.organisation_id == Organisation.id)
        .correlate(Organisation)
        .scalar_subquery()
    )


def activity_counts(organisation_ids: list[int]) -> dict[int, Activity]:
    """Counts for the organisations of one page, in one statement."""
    if not organisation_ids:
        return {}
    rows = db.session.execute(
        select(Organisation.id, _cohosted_count(), _attended_count(), _initiative_count()).where(
            Organisation.id.in_(organisation_ids)
        )
    )
    return {
        organisation_id: Activity(cohosted=cohosted, attended=attended, initiatives=initiatives)
        for organisation_id, cohosted, attended, initiatives in rows
    }


def _events_linked_by(link, organisation_id: int) -> list[Event]:
    """The events a link table (event_id, organisation_id) ties to the organisation, latest first."""
    return list(
        db.session.scalars(
            select(Event)
            .join(link, link.c.event_id == Event.id)
            .where(link.c.organisation_id == organisation_id)
            .options(selectinload(Event.neighbourhood), raiseload("*"))
            .order_by(Event.starts_at.desc(), Event.id.desc())
        )
    )


def cohosted_events(organisation_id: int) -> list[Event]:
    """Every event it co-hosted, cancelled and draft ones included (the page shows their status), latest first."""
    return _events_linked_by(event_cohosts, organisation_id)


def attended_events(organisation_id: int) -> list[Event]:
    """Held events whose closing report names the organisation as a participant, latest first."""
    return _events_linked_by(closing_report_organisations, organisation_id)


def sites_of(organisation_id: int) -> list[Site]:
    rows = db.session.execute(
        select(Neighbourhood, OrganisationNeighbourhood.relation)
        .join(OrganisationNeighbourhood, OrganisationNeighbourhood.neighbourhood_id == Neighbourhood.id)
        .where(OrganisationNeighbourhood.organisation_id == organisation_id)
        .order_by(Neighbourhood.name, OrganisationNeighbourhood.relation)
    )
    return [Site(neighbourhood=neighbourhood, relation=relation) for neighbourhood, relation in rows]


def site_count(organisation_id: int) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(OrganisationNeighbourhood)
        .where(OrganisationNeighbourhood.organisation_id == organisation_id)
    )


def members_of(organisation_id: int) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .where(User.organisation_id == organisation_id)
            .options(raiseload("*"))
            .order_by(User.name, User.id)
        )
    )


def initiatives_of(organisation_id: int) -> list[Initiative]:
    return list(
        db.session.scalars(
            select(Initiative)
            .join(initiative_partners, initiative_partners.c.initiative_id == Initiative.id)
            .where(initiative_partners.c.organisation_id == organisation_id)
            .options(raiseload("*"))
            .order_by(Initiative.name, Initiative.id)
        )
    )
