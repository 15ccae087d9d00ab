"""The review queue runs the same number of SQL statements with 10 and with 500 proposals (no N+1 queries).

Each page is measured with 10 proposals, then 490 more are added (with supports and answers) and it is measured
again, with a later page of the pagination. Each page must also list the rows it should, so an empty page cannot
pass.
"""

from dataclasses import dataclass, field

import pytest
from flask import Flask
from sqlalchemy import insert, select

from dialogue.accounts.models import User
from dialogue.contributions.models import NeighbourhoodAssignment, ProposalStatus, Support, Theme
from dialogue.contributions.services import answer
from dialogue.extensions import db
from dialogue.neighbourhoods.models import Neighbourhood
from tests.factories import make_neighbourhood, make_proposal
from tests.reviews.conftest import City, build_city, in_english, log_in_as
from tests.support import assert_same_statement_counts, page_and_statements

FEW, MANY = 10, 500
THEMES = (Theme.HOUSING, Theme.SAFETY, Theme.GREEN_SPACE_AND_PLAY)
SUPPORTERS = 3
NEIGHBOURHOODS = 25  # the developer's, so that rows on one page come from many of them


@dataclass
class Queue:
    app: Flask
    city: City
    developer_neighbourhood_ids: list[int] = field(default_factory=list)
    added: int = 0
    for_developer: int = 2  # the city's own proposals in Seved
    safety_unanswered_for_developer: int = 0
    everywhere: int = 3

    def add(self, up_to: int) -> None:
        """Proposals numbered up to `up_to`: one in five in Lindängen, the others spread over the developer's
        many neighbourhoods (so that a lazy load per row would show); varied themes; some supported, some
        answered."""
        with self.app.app_context():
            lindangen = db.session.get(Neighbourhood, self.city.lindangen_id)
            theirs = [db.session.get(Neighbourhood, id_) for id_ in self.developer_neighbourhood_ids]
            leader = db.session.get(User, self.city.user_ids["process_leader"])
            supporters = list(db.session.scalars(select(User.id).where(User.email.like("supporter%"))))
            for number in range(self.added + 1, up_to + 1):
                for_developer = number % 5 != 0
                theme = THEMES[number % len(THEMES)]
                neighbourhood = theirs[number % len(theirs)] if for_developer else lindangen
                proposal = make_proposal(neighbourhood, title=f"Idea {number:03d}", theme=theme)
                if number % 2:
                    db.session.execute(
                        insert(Support),
                        [{"contribution_id": proposal.id, "user_id": user_id} for user_id in supporters],
                    )
                answered = number % 3 == 0
                if answered:
                    answer(proposal, ProposalStatus.UNDER_REVIEW, "We are looking at it.", leader)
                self.for_developer += for_developer
                self.safety_unanswered_for_developer += for_developer and theme == Theme.SAFETY and not answered
                self.everywhere += 1
            self.added = up_to
            db.session.commit()


def add_neighbourhoods_and_supporters(app, city: City) -> list[int]:
    """More neighbourhoods for the developer, and residents who support proposals; returns the developer's
    neighbourhood ids."""
    with app.app_context():
        extra = [make_neighbourhood(f"Area {number:02d}") for number in range(NEIGHBOURHOODS - 1)]
        for neighbourhood in extra:
            db.session.add(
                NeighbourhoodAssignment(user_id=city.user_ids["developer"], neighbourhood_id=neighbourhood.id)
            )
        for number in range(SUPPORTERS):
            # A fixed hash: these accounts never log in, and real hashing would only slow the test down.
            db.session.add(User(email=f"supporter{number}@example.se", name="Supporter", password_hash="-"))
        db.session.commit()
        return [city.seved_id] + [neighbourhood.id for neighbourhood in extra]


@pytest.fixture(params=["sqlite", "postgresql"])
def queue(request) -> Queue:
    if request.param == "sqlite":
        app, city = request.getfixturevalue("app"), request.getfixturevalue("city")
    else:
        app = request.getfixturevalue("pg_app")
        with app.app_context():
            city = build_city()
    queue = Queue(app, city, developer_neighbourhood_ids=add_neighbourhoods_and_supporters(app, city))
    queue.add(FEW)
    return queue


def pages(queue: Queue) -> dict[tuple[str, str], int | None]:
    """(role, URL) of each page, and the number of proposals it must say it found (None: not a list)."""
    urls = {
        ("developer", "/review"): queue.for_developer,
        ("developer", "/review?theme=safety&unanswered=y"): queue.safety_unanswered_for_developer,
        ("process_leader", "/review"): queue.everywhere,
        ("developer", f"/review/proposals/{queue.city.proposal_ids['old_seved']}/answer"): None,
        ("process_leader", "/staff/developers"): None,
    }
    if queue.added > FEW:
        urls[("developer", "/review?page=5")] = queue.for_developer
        urls[("process_leader", "/review?status=under_review&page=2")] = queue.added // 3
    return urls


def rows_on_page(url: str, found: int) -> int:
    page = int(url.rsplit("page=", 1)[1]) if "page=" in url else 1
    return max(0, min(20, found - 20 * (page - 1)))


def measure(queue: Queue) -> dict[tuple[str, str], list[str]]:
    """GET every page; check it shows what it should; return the statements each ran."""
    client = queue.app.test_client()
    in_english(client)
    statements = {}
    for (role, url), found in pages(queue).items():
        log_in_as(client, queue.city, role)
        client.get("/")  # warm up: the first request may open a connection
        html, statements[(role, url)] = page_and_statements(queue.app, client, url)
        if found is None:
            assert "Benches by the playground" in html or "Dana Developer" in html, url
        else:
            assert f"{found} proposals found" in html, url
            assert html.count('class="row-title"') == rows_on_page(url, found) > 0, url
    return statements


def test_review_pages_run_as_many_statements_with_500_proposals_as_with_10(queue):
    few = measure(queue)
    queue.add(MANY)
    many = measure(queue)

    assert_same_statement_counts(few, many, FEW, MANY)
    assert len(many[("developer", "/review?page=5")]) == len(many[("developer", "/review")])
    assert all(len(statements) < FEW for statements in many.values()), {k: len(s) for k, s in many.items()}
