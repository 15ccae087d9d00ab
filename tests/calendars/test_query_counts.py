"""Every feed runs the same number of SQL statements with 5 and with 100 events (no lazy loads per event)."""

from dataclasses import dataclass

import pytest

from dialogue.accounts.models import User
from dialogue.events.models import EventKind
from dialogue.extensions import db
from dialogue.neighbourhoods.models import Neighbourhood
from tests.calendars.helpers import feed_events, parse_calendar
from tests.factories import make_event, make_neighbourhood, make_registration, make_user
from tests.support import arrange, recorded_statements

FEW, MANY = 5, 100


@dataclass
class Site:
    app: object
    neighbourhood_id: int
    user_id: int
    personal_path: str
    events: int = 0

    def grow_to(self, count: int) -> None:
        """Adds events of one neighbourhood and kind, each with a registration of the user."""
        with arrange(self.app):
            neighbourhood = db.session.get(Neighbourhood, self.neighbourhood_id)
            user = db.session.get(User, self.user_id)
            for _ in range(count - self.events):
                event = make_event(neighbourhood, kind=EventKind.EXHIBITION, capacity=None)
                make_registration(event, email=user.email, user=user)
        self.events = count


@pytest.fixture
def site(any_app):
    from dialogue.calendars.tokens import renew_calendar_token

    with arrange(any_app):
        neighbourhood = make_neighbourhood(slug="holma")
        user = make_user()
        token = renew_calendar_token(user)
        site = Site(any_app, neighbourhood.id, user.id, f"/calendar/personal/{token}.ics")
    site.grow_to(FEW)
    return site


def feed_paths(site: Site) -> list[str]:
    return [
        "/calendar/events.ics",
        "/calendar/neighbourhoods/holma.ics",
        "/calendar/kinds/exhibition.ics",
        site.personal_path,
    ]


def measure(site: Site) -> dict[str, list[str]]:
    """path -> the SELECT statements run to answer it; every feed must list all of the site's events."""
    client = site.app.test_client()
    selects = {}
    for path in feed_paths(site):
        with site.app.app_context(), recorded_statements(db.engine) as statements:
            response = client.get(path)
        assert len(feed_events(parse_calendar(response))) == site.events, path
        selects[path] = [statement for statement in statements if statement.lstrip().upper().startswith("SELECT")]
    return selects


def test_feeds_do_not_query_per_event(site):
    few = measure(site)
    site.grow_to(MANY)
    many = measure(site)

    assert {path: len(selects) for path, selects in many.items()} == {
        path: len(selects) for path, selects in few.items()
    }
    # At most the neighbourhood or the owner of a personal feed, then the events in one statement.
    assert all(len(selects) <= 2 for selects in few.values()), few
