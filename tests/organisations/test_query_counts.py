"""The two register lists run the same number of SQL statements with 10 and with 200 rows (no N+1 queries), on
SQLite and PostgreSQL. The pages must also show the rows they should, so a page that lists nothing cannot pass."""

import pytest
from sqlalchemy import func, select

from dialogue.extensions import db
from dialogue.initiatives.models import InitiativeKind, InitiativeStatus
from dialogue.organisations.models import Organisation, OrganisationKind
from tests.factories import make_neighbourhood, make_organisation
from tests.organisations.helpers import make_held_event, make_initiative, staff_client
from tests.support import arrange, recorded_statements

FEW, MANY = 10, 200
KINDS = list(OrganisationKind)


def add_rows(app, up_to: int) -> None:
    """Organisations of every kind, each co-hosting and attending an event and partner in an initiative, and as
    many initiatives of every kind and status, with partners and neighbourhoods."""
    with arrange(app):
        area = make_neighbourhood()
        start = db.session.scalar(select(func.count()).select_from(Organisation))
        for number in range(start, up_to):
            organisation = make_organisation(f"Organisation {number:03d}", KINDS[number % len(KINDS)])
            make_held_event(area, cohosts=[organisation], participants=[organisation])
            make_initiative(
                f"Initiative {number:03d}",
                kind=list(InitiativeKind)[number % 3],
                status=InitiativeStatus.IDEA,
                partners=[organisation],
                neighbourhoods=[area],
            )


def measure(app, client, urls) -> dict[str, int]:
    """Each URL in a request of its own (no application context held open around it, so nothing is cached)."""
    with app.app_context():
        engine = db.engine
    counts = {}
    for url in urls:
        with recorded_statements(engine) as statements:
            response = client.get(url)
        assert response.status_code == 200, url
        html = response.get_data(as_text=True)
        assert '<tr id="organisation-' in html or '<tr id="initiative-' in html, f"{url} lists nothing"
        counts[url] = len(statements)
    return counts


@pytest.fixture
def staff(any_app):
    return staff_client(any_app, any_app.test_client())


def test_the_register_lists_run_as_many_statements_with_200_rows_as_with_10(any_app, staff):
    urls = [
        "/staff/organisations/",
        "/staff/organisations/?kind=property_owner",
        "/staff/initiatives/",
        "/staff/initiatives/?kind=method&status=idea",
    ]
    add_rows(any_app, FEW)
    few = measure(any_app, staff, urls)
    add_rows(any_app, MANY)
    many = measure(any_app, staff, urls + ["/staff/organisations/?page=4", "/staff/initiatives/?page=3"])

    for url, count in few.items():
        assert many[url] == count, f"{url}: {count} statements with {FEW} rows, {many[url]} with {MANY}"
    assert many["/staff/organisations/?page=4"] == few["/staff/organisations/"]
    assert many["/staff/initiatives/?page=3"] == few["/staff/initiatives/"]
    assert all(count < FEW for count in many.values()), many
