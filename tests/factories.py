"""Builders for test data. They add and flush; the test decides when to commit."""

import itertools
from datetime import datetime, timedelta

from dialogue.accounts.services import create_user
from dialogue.database import utcnow
from dialogue.events.models import Audience, Event, EventKind, EventLanguage, EventStatus
from dialogue.extensions import db
from dialogue.neighbourhoods.models import Neighbourhood
from dialogue.permissions import Role
from dialogue.registrations.services import RegistrationRequest, register

_numbers = itertools.count(1)
PASSWORD = "correct horse battery"


def make_neighbourhood(name: str | None = None, **fields) -> Neighbourhood:
    number = next(_numbers)
    name = name or f"Neighbourhood {number}"
    neighbourhood = Neighbourhood(
        name=name,
        slug=fields.pop("slug", f"neighbourhood-{number}"),
        district=fields.pop("district", "Innerstaden"),
        description=fields.pop("description", f"About {name}."),
        **fields,
    )
    db.session.add(neighbourhood)
    db.session.flush()
    return neighbourhood


def make_event(neighbourhood: Neighbourhood | None = None, **fields) -> Event:
    number = next(_numbers)
    starts_at: datetime = fields.pop("starts_at", utcnow() + timedelta(days=7))
    languages = fields.pop("languages", ("sv",))
    event = Event(
        kind=fields.pop("kind", EventKind.CITIZEN_DIALOGUE),
        title=fields.pop("title", f"Dialogue evening {number}"),
        description=fields.pop("description", "We talk about the park."),
        neighbourhood=neighbourhood or make_neighbourhood(),
        venue=fields.pop("venue", "Library"),
        address=fields.pop("address", "Storgatan 1, Malmö"),
        accessibility_info=fields.pop("accessibility_info", "Step-free entrance."),
        starts_at=starts_at,
        ends_at=fields.pop("ends_at", starts_at + timedelta(hours=2)),
        capacity=fields.pop("capacity", 20),
        waitlist_enabled=fields.pop("waitlist_enabled", True),
        audience=fields.pop("audience", Audience.EVERYONE),
        status=fields.pop("status", EventStatus.PUBLISHED),
        languages=[EventLanguage(code=code) for code in languages],
        **fields,
    )
    db.session.add(event)
    db.session.flush()
    return event


def make_user(role: Role = Role.RESIDENT, email: str | None = None, **fields):
    number = next(_numbers)
    return create_user(
        email=email or f"user{number}@example.se",
        name=fields.pop("name", f"User {number}"),
        password=fields.pop("password", PASSWORD),
        role=role,
        **fields,
    )


def make_registration(event: Event, email: str | None = None, adults: int = 1, children: int = 0, **fields):
    number = next(_numbers)
    user = fields.pop("user", None)
    return register(
        event.id,
        RegistrationRequest(
            contact_name=fields.pop("contact_name", f"Person {number}"),
            email=email or f"person{number}@example.se",
            adults=adults,
            children=children,
            **fields,
        ),
        user=user,
    )


def login(client, email: str, password: str = PASSWORD):
    return client.post("/account/login", data={"email": email, "password": password})


def make_organisation(name: str | None = None, kind=None):
    from dialogue.organisations.models import Organisation, OrganisationKind

    number = next(_numbers)
    organisation = Organisation(name=name or f"Organisation {number}", kind=kind or OrganisationKind.PROPERTY_OWNER)
    db.session.add(organisation)
    db.session.flush()
    return organisation


def make_developer(neighbourhoods=(), organisation=None, email: str | None = None, **fields):
    """A property developer in `organisation` (a new property owner unless given; pass False for none),
    assigned to `neighbourhoods`."""
    from dialogue.contributions.models import NeighbourhoodAssignment

    developer = make_user(Role.DEVELOPER, email=email, **fields)
    if organisation is None:
        organisation = make_organisation()
    developer.organisation = organisation or None
    for neighbourhood in neighbourhoods:
        db.session.add(NeighbourhoodAssignment(user_id=developer.id, neighbourhood_id=neighbourhood.id))
    db.session.flush()
    return developer


def make_proposal(neighbourhood: Neighbourhood | None = None, **fields):
    """A public proposal (status new) through the service; `created_at` may be given as `now`."""
    from dialogue.contributions.models import Theme
    from dialogue.contributions.services import ProposalInput, submit_proposal

    number = next(_numbers)
    author = fields.pop("author", None)
    now = fields.pop("now", None)
    data = ProposalInput(
        title=fields.pop("title", f"Proposal {number}"),
        body=fields.pop("body", "More benches along the path, please."),
        theme=fields.pop("theme", Theme.GREEN_SPACE_AND_PLAY),
        **fields,
    )
    return submit_proposal(neighbourhood or make_neighbourhood(), data, author=author, now=now)
