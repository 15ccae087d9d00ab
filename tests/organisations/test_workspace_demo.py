"""The workspace demo (dialogue/demo/workspace.py): held events with check-ins, walk-ins, co-hosts and closing
reports; where property owners and builders own or build; initiatives. That seeding twice adds nothing is tested
with the command, in tests/test_cli.py."""

from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from dialogue.accounts.models import User
from dialogue.attendance.models import ClosingReport, WalkIn
from dialogue.database import utcnow
from dialogue.demo.workspace import INITIATIVES
from dialogue.events.models import Event, EventKind, EventStatus
from dialogue.extensions import db
from dialogue.initiatives.models import Initiative, InitiativeKind, InitiativeStatus
from dialogue.organisations.models import Organisation, OrganisationKind, OrganisationNeighbourhood
from dialogue.organisations.queries import SITE_KINDS
from dialogue.registrations.models import Registration, RegistrationStatus
from tests.conftest import close_connections, copy_sqlite_database, make_app
from tests.factories import login


@pytest.fixture(scope="module")
def seeded(tmp_path_factory, demo_sqlite):
    """One demo database for the read-only tests of this module."""
    app = make_app(copy_sqlite_database(demo_sqlite[0], tmp_path_factory.mktemp("demo") / "demo.sqlite"))
    yield app
    close_connections(app)


def test_held_events_of_every_kind_lie_in_the_past_four_months(seeded):
    now = utcnow()
    with seeded.app_context():
        held = list(db.session.scalars(select(Event).where(Event.status == EventStatus.HELD)))
        assert len(held) >= 8
        assert {event.kind for event in held} == set(EventKind)
        for event in held:
            assert now - timedelta(days=122) < event.starts_at and event.ends_at < now, event.title
        assert sum(1 for event in held if event.cohosts) >= 5
        assert any(not event.cohosts for event in held)  # the city alone: not a meeting in collaboration
        inclusive = [event for event in held if event.inclusive_method]
        assert len(inclusive) >= 3 and all(event.inclusive_methods_note for event in inclusive)
        assert any("Dans som uttryck för barnens behov" in event.inclusive_methods_note for event in inclusive)


def test_every_held_event_has_a_closing_report_counting_check_ins_and_walk_ins(seeded):
    with seeded.app_context():
        held = list(db.session.scalars(select(Event).where(Event.status == EventStatus.HELD)))
        for event in held:
            report = db.session.get(ClosingReport, event.id)
            assert report is not None and report.minutes, event.title
            registrations = list(db.session.scalars(select(Registration).where(Registration.event_id == event.id)))
            checked_in = sum(r.party_size for r in registrations if r.checked_in_at is not None)
            walk_ins = db.session.scalar(
                select(func.coalesce(func.sum(WalkIn.party_size), 0)).where(WalkIn.event_id == event.id)
            )
            assert report.attendees == checked_in + walk_ins > 0, event.title
            assert all(r.status == RegistrationStatus.CONFIRMED for r in registrations)
            assert all((r.checked_in_at is None) == r.no_show for r in registrations), event.title
            assert sum(r.party_size for r in registrations) == event.places_taken
            assert {organisation.id for organisation in event.cohosts} <= {o.id for o in report.organisations}
        assert db.session.scalar(select(func.count()).select_from(WalkIn)) > 0
        assert db.session.scalar(select(func.count()).where(Registration.no_show.is_(True))) > 0


def test_only_property_owners_and_builders_have_neighbourhoods_and_all_of_them_do(seeded):
    with seeded.app_context():
        linked = Counter(
            db.session.scalars(
                select(Organisation.kind).join(
                    OrganisationNeighbourhood, OrganisationNeighbourhood.organisation_id == Organisation.id
                )
            )
        )
        assert set(linked) == SITE_KINDS
        without = db.session.scalars(
            select(Organisation.name).where(
                Organisation.kind.in_(SITE_KINDS),
                ~select(OrganisationNeighbourhood)
                .where(OrganisationNeighbourhood.organisation_id == Organisation.id)
                .exists(),
            )
        ).all()
        assert without == []


def test_the_initiatives_give_the_indicators_something_to_count(seeded):
    today = utcnow().date()
    with seeded.app_context():
        initiatives = list(db.session.scalars(select(Initiative)))
        innovations_with_owner = [
            initiative
            for initiative in initiatives
            if initiative.kind == InitiativeKind.INNOVATION
            and initiative.status in (InitiativeStatus.TESTED, InitiativeStatus.SPREAD)
            and any(partner.kind == OrganisationKind.PROPERTY_OWNER for partner in initiative.partners)
        ]
        kinds = Counter(initiative.kind for initiative in initiatives)
        assert len(innovations_with_owner) >= 2
        assert kinds[InitiativeKind.METHOD] >= 2 and kinds[InitiativeKind.LEARNING_FORMAT] >= 2
        for initiative in initiatives:
            tested = initiative.status != InitiativeStatus.IDEA
            assert (initiative.tested_on is not None) == tested, initiative.name
            assert initiative.tested_on is None or initiative.tested_on <= today + timedelta(days=1)
        series = next(i for i in initiatives if i.name == "Lunchseminarieserien Bygga tillsammans")
        assert {event.kind for event in series.events} == {EventKind.LUNCH_SEMINAR} and len(series.events) == 4


def test_every_initiative_shows_each_event_its_data_names(seeded):
    with seeded.app_context():
        shown = {
            initiative.name: [event.title for event in initiative.events]
            for initiative in db.session.scalars(select(Initiative))
        }
    for demo in INITIATIVES:
        assert sorted(shown[demo.name]) == sorted(demo.events), demo.name


def test_the_staff_pages_of_the_registers_render_the_demo(seeded):
    client = seeded.test_client()
    assert login(client, "processledare@demo.dialogue.se", "demo-processledare").status_code == 302
    with seeded.app_context():
        organisation_ids = list(db.session.scalars(select(Organisation.id)))
        initiative_ids = list(db.session.scalars(select(Initiative.id)))
        assert db.session.scalar(select(User.id).where(User.email == "processledare@demo.dialogue.se"))
    pages = ["/staff/organisations/", "/staff/initiatives/"]
    pages += [f"/staff/organisations/{organisation_id}" for organisation_id in organisation_ids]
    pages += [f"/staff/organisations/{organisation_id}/edit" for organisation_id in organisation_ids[:3]]
    pages += [f"/staff/initiatives/{initiative_id}" for initiative_id in initiative_ids]
    pages += [f"/staff/initiatives/{initiative_id}/edit" for initiative_id in initiative_ids]
    for path in pages:
        assert client.get(path).status_code == 200, path
