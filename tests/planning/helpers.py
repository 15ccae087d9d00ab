"""Helpers for the event management tests: a small world, form data, and looking at the database.

Arranging and checking happen in their own short application contexts, never around a request.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from dialogue.events.models import Event
from dialogue.extensions import db
from dialogue.local_time import LOCAL_TIMEZONE
from dialogue.organisations.models import OrganisationKind
from dialogue.permissions import Role
from tests.factories import make_event, make_neighbourhood, make_organisation, make_user
from tests.moderation.helpers import element_text
from tests.support import arrange


@dataclass
class World:
    neighbourhood_id: int
    other_neighbourhood_id: int
    event_id: int
    organisation_ids: list[int]
    emails: dict


def build_world(app, roles=(Role.PROCESS_LEADER,), **event_fields) -> World:
    """Two neighbourhoods, two organisations, a published event in the first neighbourhood, and a user per role."""
    with arrange(app):
        neighbourhood = make_neighbourhood("Lindängen")
        other = make_neighbourhood("Sege Park")
        organisations = [
            make_organisation("MKB Fastighets AB", OrganisationKind.PROPERTY_OWNER),
            make_organisation("Dansföreningen", OrganisationKind.ASSOCIATION),
        ]
        event = make_event(neighbourhood, **event_fields)
        emails = {role: make_user(role, email=f"{role.value}@example.se").email for role in roles}
        world = World(
            neighbourhood_id=neighbourhood.id,
            other_neighbourhood_id=other.id,
            event_id=event.id,
            organisation_ids=[organisation.id for organisation in organisations],
            emails=emails,
        )
    return world


def event_form(world: World, **overrides) -> dict:
    """A complete, valid submission of the event form; `overrides` replace or add fields."""
    data = {
        "kind": "dance_workshop",
        "title": "Dance the square",
        "description": "Children show with their bodies what the square needs.\n\nBring comfortable shoes.",
        "neighbourhood": str(world.other_neighbourhood_id),
        "venue": "Sege Park pavilion",
        "address": "Sege Park 1, Malmö",
        "accessibility_info": "Step-free entrance.",
        "start_date": "2027-05-12",
        "start_time": "17:30",
        "end_date": "",
        "end_time": "19:00",
        "capacity": "30",
        "waitlist_enabled": "y",
        "registration_opens_date": "2027-04-01",
        "registration_opens_time": "09:00",
        "registration_closes_date": "2027-05-11",
        "registration_closes_time": "23:00",
        "audience": "children_with_guardian",
        "languages": ["sv", "ar"],
        "cohosts": [str(world.organisation_ids[1])],
        "inclusive_method": "y",
        "inclusive_methods_note": "Dance, and an Arabic interpreter.",
    }
    for name, value in overrides.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def stockholm(year, month, day, hour, minute=0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LOCAL_TIMEZONE)


def event_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Event))


def snapshot(event_id: int) -> dict:
    """The event's columns, to prove that a refused change wrote nothing."""
    event = db.session.get(Event, event_id)
    columns = {column.key: getattr(event, column.key) for column in Event.__table__.columns}
    columns["language_codes"] = event.language_codes
    columns["cohost_ids"] = [organisation.id for organisation in event.cohosts]
    return columns


def errors_on(html: str, field: str) -> str | None:
    return element_text(html, f"{field}-error")
