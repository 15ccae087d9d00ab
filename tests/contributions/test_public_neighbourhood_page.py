"""The neighbourhood page's "You said, we did": latest answers, counts per status, median days to first answer."""

import re
from datetime import timedelta

import pytest

from dialogue.contributions.models import ProposalStatus
from dialogue.contributions.services import answer, hide, merge
from dialogue.database import utcnow
from dialogue.extensions import db
from dialogue.permissions import Role
from tests.factories import make_developer, make_event, make_neighbourhood, make_organisation, make_proposal, make_user


def you_said_section(response) -> str:
    page = response.get_data(as_text=True)
    return page[page.index('id="you-said-heading"') :]


def answered_titles(section: str) -> list[str]:
    return re.findall(r'<h3><a href="/proposals/\d+"><span dir="auto"[^>]*>([^<]+)</span></a></h3>', section)


def status_count(section: str, label: str) -> int:
    match = re.search(rf'<th scope="row">{label}</th><td>(\d+)</td>', section)
    assert match, f"no row for {label}"
    return int(match.group(1))


@pytest.fixture
def seved(app):
    """Seved: 7 answered proposals (first answers after 1..7 days), 2 new ones, and some that do not count."""
    with app.app_context():
        seved = make_neighbourhood("Seved", slug="seved")
        elsewhere = make_neighbourhood("Lindängen", slug="lindangen")
        developer = make_developer([seved, elsewhere], organisation=make_organisation("Trianon AB"))
        leader = make_user(Role.PROCESS_LEADER)
        start = utcnow() - timedelta(days=60)
        for number in range(1, 8):
            proposal = make_proposal(seved, title=f"Answered {number}", now=start + timedelta(days=number))
            first = start + timedelta(days=2 * number)  # number days after it was made
            answer(proposal, ProposalStatus.UNDER_REVIEW, f"Looking at {number}", developer, now=first)
            if number % 2 == 0:
                answer(proposal, ProposalStatus.PLANNED, f"Planned {number}", leader, now=first + timedelta(days=20))
        make_proposal(seved, title="Fresh 1")
        make_proposal(seved, title="Fresh 2")
        hidden = make_proposal(seved, title="Hidden one", now=start)
        answer(hidden, ProposalStatus.NOT_PLANNED, "No", developer, now=utcnow())
        hide(hidden, "Insults", leader)
        duplicate = make_proposal(seved, title="Duplicate one", now=start)
        answer(duplicate, ProposalStatus.NOT_PLANNED, "No", developer, now=utcnow())
        merge(duplicate, make_proposal(seved, title="Fresh 3"), leader)
        other = make_proposal(elsewhere, title="Elsewhere", now=start)
        answer(other, ProposalStatus.PLANNED, "Elsewhere", developer, now=utcnow())
        db.session.commit()


def test_latest_five_answered_with_answer_status_and_who(client, seved):
    client.post("/language", data={"language": "en"})
    response = client.get("/neighbourhoods/seved")
    assert response.status_code == 200
    section = you_said_section(response)
    # Last answered: the planned ones (days 24..34 after start), then the rest by their first answer.
    assert answered_titles(section) == ["Answered 6", "Answered 4", "Answered 2", "Answered 7", "Answered 5"]
    six = section[section.index("Answered 6") : section.index("Answered 4")]
    assert "Planned 6" in six and "Planned" in six and "Answered by City of Malmö" in six
    seven = section[section.index("Answered 7") : section.index("Answered 5")]
    assert (
        "Looking at 7" in seven
        and "Under review" in seven
        and 'Answered by <span dir="auto">Trianon AB</span>' in seven
    )
    assert "Hidden one" not in section and "Duplicate one" not in section and "Elsewhere" not in section


def test_counts_public_proposals_per_status(client, seved):
    client.post("/language", data={"language": "en"})
    section = you_said_section(client.get("/neighbourhoods/seved"))
    assert status_count(section, "New") == 3
    assert status_count(section, "Under review") == 4
    assert status_count(section, "Planned") == 3
    assert status_count(section, "Not planned") == 0
    assert status_count(section, "Total") == 10


def test_median_days_from_proposal_to_first_answer(client, seved):
    client.post("/language", data={"language": "en"})
    section = you_said_section(client.get("/neighbourhoods/seved"))
    # First answers after 1, 2, ..., 7 days: the median is 4; later answers and hidden ones do not count.
    assert "get their first answer after 4 days (median)" in section


def test_links_to_the_list_and_both_forms(client, seved):
    section = you_said_section(client.get("/neighbourhoods/seved"))
    for path in ("proposals", "proposals/new", "feedback/new"):
        assert f'href="/neighbourhoods/seved/{path}"' in section


def test_a_neighbourhood_without_answers(client, app):
    client.post("/language", data={"language": "en"})
    with app.app_context():
        make_proposal(make_neighbourhood(slug="segevang"))
        db.session.commit()
    section = you_said_section(client.get("/neighbourhoods/segevang"))
    assert answered_titles(section) == []
    assert "No proposal here has been answered yet." in section
    assert "no answer time to show" in section
    assert status_count(section, "New") == 1


def test_the_event_page_links_to_both_forms_with_the_event(client, app):
    with app.app_context():
        event = make_event(make_neighbourhood(slug="seved"))
        db.session.commit()
        event_id = event.id
    page = client.get(f"/events/{event_id}").get_data(as_text=True)
    assert f'href="/neighbourhoods/seved/proposals/new?event={event_id}"' in page
    assert f'href="/neighbourhoods/seved/feedback/new?event={event_id}"' in page
