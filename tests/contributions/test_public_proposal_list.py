"""The neighbourhood's proposal list: only public proposals, filters, sorting, pagination, and each row's facts."""

import re
from datetime import timedelta

import pytest

from dialogue.accounts.models import User
from dialogue.contributions import supports
from dialogue.contributions.models import Channel, Contribution, ProposalStatus, Theme
from dialogue.contributions.services import answer, hide, merge
from dialogue.database import utcnow
from dialogue.extensions import db
from dialogue.permissions import Role
from tests.factories import make_developer, make_neighbourhood, make_organisation, make_proposal, make_user

LINK = re.compile(r'<li class="proposal-card">\s*<h2><a href="/proposals/(\d+)"')


def listed_ids(response) -> list[int]:
    return [int(number) for number in LINK.findall(response.get_data(as_text=True))]


def card_of(response, proposal_id: int) -> str:
    page = response.get_data(as_text=True)
    start = page.index(f'<h2><a href="/proposals/{proposal_id}"')
    return page[start : page.index("</li>", start)]


@pytest.fixture
def client(any_app):
    """The list only reads, so it runs on SQLite and on PostgreSQL (sorting and NULLs differ there)."""
    return any_app.test_client()


@pytest.fixture
def seved(any_app):
    """Seved with proposals of different themes, channels, ages, supports and answers, and one elsewhere."""
    with any_app.app_context():
        seved = make_neighbourhood("Södra Sofielund (Seved)", slug="seved")
        other = make_neighbourhood("Lindängen", slug="lindangen")
        developer = make_developer([seved], organisation=make_organisation("Seved Fastigheter AB"))
        leader = make_user(Role.PROCESS_LEADER)
        now = utcnow()
        ids = {}

        def proposal(key, days_ago, **fields):
            ids[key] = make_proposal(seved, title=f"Title {key}", now=now - timedelta(days=days_ago), **fields).id

        proposal("benches", 10, theme=Theme.GREEN_SPACE_AND_PLAY, channel=Channel.ONLINE)
        proposal("lights", 8, theme=Theme.SAFETY, channel=Channel.PAPER_CARD)
        proposal("crossing", 6, theme=Theme.STREETS_AND_TRAFFIC, channel=Channel.DRAWING)
        proposal("cafe", 4, theme=Theme.MEETING_PLACES, channel=Channel.ONLINE)
        proposal("hidden", 2, theme=Theme.SAFETY)
        proposal("duplicate", 1, theme=Theme.SAFETY, channel=Channel.PAPER_CARD)
        ids["elsewhere"] = make_proposal(other, title="Title elsewhere").id

        def get(key):
            return db.session.get(Contribution, ids[key])

        answer(get("lights"), ProposalStatus.PLANNED, "We put up lamps in May.", developer, now=now - timedelta(days=3))
        answer(get("benches"), ProposalStatus.UNDER_REVIEW, "We look at it.", leader, now=now - timedelta(days=1))
        hide(get("hidden"), "Personal details", leader)
        merge(get("duplicate"), get("lights"), leader)
        # Supporters never log in here, so they skip the (deliberately slow) password hashing.
        supporters = [User(email=f"supporter{number}@example.se", name="S", password_hash="-") for number in range(3)]
        db.session.add_all(supporters)
        db.session.flush()
        for user in supporters:
            supports.add(get("crossing"), user.id)
        supports.add(get("cafe"), supporters[0].id)
        db.session.commit()
    return ids


def test_lists_public_proposals_of_the_neighbourhood_newest_first(client, seved):
    response = client.get("/neighbourhoods/seved/proposals")
    assert response.status_code == 200
    assert listed_ids(response) == [seved["cafe"], seved["crossing"], seved["lights"], seved["benches"]]
    page = response.get_data(as_text=True)
    assert "Title hidden" not in page and "Title duplicate" not in page and "Title elsewhere" not in page


def test_unknown_neighbourhood_is_404(client, seved):
    assert client.get("/neighbourhoods/nowhere/proposals").status_code == 404


def test_each_row_shows_status_theme_channel_supports_and_who_answered(client, seved):
    client.post("/language", data={"language": "en"})
    response = client.get("/neighbourhoods/seved/proposals")
    lights = card_of(response, seved["lights"])
    assert "Planned" in lights and "Safety" in lights and "Paper card" in lights
    assert 'Answered by <span dir="auto">Seved Fastigheter AB</span>' in lights
    crossing = card_of(response, seved["crossing"])
    assert "3 supporters" in crossing and "Drawing" in crossing and "Answered by" not in crossing
    assert "1 supporter" in card_of(response, seved["cafe"])
    benches = card_of(response, seved["benches"])
    assert "Under review" in benches
    assert "Answered by City of Malmö" in benches  # a process leader's answer has no organisation


@pytest.mark.parametrize(
    "query, expected",
    [
        ("theme=safety", ["lights"]),
        ("status=new", ["cafe", "crossing"]),
        ("channel=online", ["cafe", "benches"]),
        ("channel=paper_card&status=planned", ["lights"]),
        ("theme=housing", []),
    ],
)
def test_filters(client, seved, query, expected):
    response = client.get(f"/neighbourhoods/seved/proposals?{query}")
    assert response.status_code == 200
    assert listed_ids(response) == [seved[key] for key in expected]


@pytest.mark.parametrize(
    "sort, expected",
    [
        ("newest", ["cafe", "crossing", "lights", "benches"]),
        ("most_supported", ["crossing", "cafe", "lights", "benches"]),
        ("recently_answered", ["benches", "lights", "cafe", "crossing"]),
    ],
)
def test_sorting(client, seved, sort, expected):
    response = client.get(f"/neighbourhoods/seved/proposals?sort={sort}")
    assert response.status_code == 200
    assert listed_ids(response) == [seved[key] for key in expected]


@pytest.mark.parametrize("query", ["theme=villas", "status=done", "channel=<b>x</b>", "sort=random"])
def test_invalid_filter_values_get_a_message_not_a_500(client, seved, query):
    response = client.get(f"/neighbourhoods/seved/proposals?{query}")
    assert response.status_code == 422
    field = query.split("=")[0]
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    # The bad filter is left out: every public proposal is still listed.
    assert sorted(listed_ids(response)) == sorted(seved[key] for key in ("cafe", "crossing", "lights", "benches"))
    assert "<b>x</b>" not in response.get_data(as_text=True)


def test_pagination_keeps_filters_and_ends_with_a_404(client, any_app):
    with any_app.app_context():
        seved = make_neighbourhood(slug="seved")
        now = utcnow()
        ids = [make_proposal(seved, theme=Theme.HOUSING, now=now - timedelta(hours=n)).id for n in range(23)]
        make_proposal(seved, theme=Theme.SAFETY)
        db.session.commit()

    first = client.get("/neighbourhoods/seved/proposals?theme=housing")
    assert listed_ids(first) == ids[:20]
    assert 'href="/neighbourhoods/seved/proposals?page=2&amp;theme=housing"' in first.get_data(as_text=True)
    second = client.get("/neighbourhoods/seved/proposals?theme=housing&page=2")
    assert listed_ids(second) == ids[20:]
    assert client.get("/neighbourhoods/seved/proposals?theme=housing&page=3").status_code == 404
    assert client.get("/neighbourhoods/seved/proposals?page=0").status_code == 404
    assert listed_ids(client.get("/neighbourhoods/seved/proposals?page=abc"))[:20] == listed_ids(
        client.get("/neighbourhoods/seved/proposals")
    )


def test_empty_list_is_not_an_error(client, any_app):
    with any_app.app_context():
        make_neighbourhood(slug="seved")
        db.session.commit()
    response = client.get("/neighbourhoods/seved/proposals")
    assert response.status_code == 200
    assert listed_ids(response) == []
    assert 'href="/neighbourhoods/seved/proposals/new"' in response.get_data(as_text=True)
