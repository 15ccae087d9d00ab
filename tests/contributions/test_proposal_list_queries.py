"""The proposal list, the neighbourhood page and a proposal page run the same number of SQL statements with
10 and with 500 proposals (no query per row).

Each page is measured with 10 proposals, then 490 more are added (answered by organisations and by staff,
supported, hidden, merged) and it is measured again, with a later page of the list too. The pages must show
what they should, so a page that lists nothing cannot pass.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pytest
from flask import Flask

from dialogue.accounts.models import User
from dialogue.contributions import supports
from dialogue.contributions.models import Answer, Channel, Contribution, ContributionKind, ProposalStatus, Theme
from dialogue.database import utcnow
from dialogue.extensions import db
from dialogue.organisations.models import Organisation, OrganisationKind
from tests.factories import make_neighbourhood
from tests.support import assert_same_statement_counts, describe, page_and_statements

FEW, MANY = 10, 500
THEMES = list(Theme)
CHANNELS = list(Channel)


@dataclass
class Site:
    app: Flask
    neighbourhood_id: int
    organisation_ids: list[int]
    supporter_ids: list[int]
    base_time: datetime
    public: list[tuple[int, str, Channel]] = field(default_factory=list)  # (number, title, channel), newest first
    first_id: int | None = None
    count: int = 0

    def add_proposals(self, up_to: int) -> None:
        with self.app.app_context():
            for number in range(self.count + 1, up_to + 1):
                self._add(number)
            db.session.commit()
        self.count = up_to

    def _add(self, number: int) -> None:
        created = self.base_time - timedelta(hours=number)
        hidden = number % 7 == 0
        merged = number % 11 == 0 and self.first_id is not None
        proposal = Contribution(
            kind=ContributionKind.PROPOSAL,
            neighbourhood_id=self.neighbourhood_id,
            title=f"Proposal {number:04d}",
            body="Text",
            theme=THEMES[number % len(THEMES)],
            channel=CHANNELS[number % len(CHANNELS)],
            status=ProposalStatus.NEW,
            people_count=1 + number % 4,
            created_at=created,
            hidden_at=created if hidden else None,
            merged_into_id=self.first_id if merged else None,
        )
        db.session.add(proposal)
        db.session.flush()
        self.first_id = self.first_id or proposal.id
        if number % 3 == 0 or number % 5 == 0:
            organisation_id = self.organisation_ids[number % len(self.organisation_ids)] if number % 3 == 0 else None
            answered = created + timedelta(days=1 + number % 9)
            db.session.add(
                Answer(
                    contribution_id=proposal.id,
                    organisation_id=organisation_id,
                    from_status=ProposalStatus.NEW,
                    to_status=ProposalStatus.PLANNED,
                    text=f"Answer to {number}",
                    created_at=answered,
                )
            )
            proposal.status = ProposalStatus.PLANNED
            proposal.first_answered_at = proposal.last_answered_at = answered
        db.session.flush()
        for user_id in self.supporter_ids[: number % 4]:
            supports.add(proposal, user_id)
        if not hidden and not merged:  # a higher number is older, so appending keeps newest first
            self.public.append((number, proposal.title, proposal.channel))


@pytest.fixture
def site(any_app):
    with any_app.app_context():
        seved = make_neighbourhood("Seved", slug="seved")
        organisations = [Organisation(name=f"Owner {n}", kind=OrganisationKind.PROPERTY_OWNER) for n in range(4)]
        supporters = [User(email=f"supporter{n}@example.se", name=f"S {n}", password_hash="-") for n in range(3)]
        db.session.add_all(organisations + supporters)
        db.session.commit()
        site = Site(
            any_app,
            seved.id,
            [organisation.id for organisation in organisations],
            [user.id for user in supporters],
            base_time=utcnow(),
        )
    site.add_proposals(FEW)
    return site


def listed_titles(html: str) -> list[str]:
    return re.findall(
        r'<li class="proposal-card">\s*<h2><a href="/proposals/\d+"><span dir="auto"[^>]*>([^<]+)</span></a>', html
    )


def pages(site: Site) -> dict[str, object]:
    """Each page's URL and a check of what it must show."""
    newest = [title for _, title, _ in site.public]
    # Supports and people behind both grow with number % 4; ties go to the newest (the lower number).
    most_supported_said = [
        title
        for number, title, channel in sorted(site.public, key=lambda row: (-(row[0] % 4), row[0]))
        if channel == Channel.SAID_AT_EVENT
    ]

    def list_page(page):
        return lambda html: listed_titles(html) == newest[(page - 1) * 20 : page * 20]

    urls = {
        "/neighbourhoods/seved/proposals": list_page(1),
        "/neighbourhoods/seved/proposals?sort=most_supported&channel=said_at_event": (
            lambda html: listed_titles(html) == most_supported_said[:20] != []
        ),
        "/neighbourhoods/seved/proposals?sort=recently_answered": (
            lambda html: len(listed_titles(html)) == min(20, len(newest))
        ),
        "/neighbourhoods/seved": lambda html: html.count('class="answered-item"') == 5,
        f"/proposals/{site.first_id}": lambda html: "Proposal 0001" in html,
    }
    if len(newest) > 40:
        urls["/neighbourhoods/seved/proposals?page=3"] = list_page(3)
    return urls


def measure(site: Site) -> dict[str, list[str]]:
    client = site.app.test_client()
    client.get("/neighbourhoods/seved")  # warm up: the first request may open a connection
    statements = {}
    for url, shows_what_it_should in pages(site).items():
        html, statements[url] = page_and_statements(site.app, client, url)
        assert shows_what_it_should(html), url
    return statements


def test_pages_run_as_many_statements_with_500_proposals_as_with_10(site):
    few = measure(site)
    site.add_proposals(MANY)
    many = measure(site)

    assert_same_statement_counts(few, many, FEW, MANY)
    later = "/neighbourhoods/seved/proposals?page=3"
    assert len(many[later]) == len(many["/neighbourhoods/seved/proposals"]), describe(many[later])
    # Sanity: a page is a handful of statements, not one per proposal.
    assert all(len(statements) < FEW for statements in many.values()), {u: len(s) for u, s in many.items()}
