"""The review queue: who gets it, which proposals it lists, in which order, and its filters."""

from datetime import timedelta

import pytest

from dialogue.accounts.models import User
from dialogue.contributions.models import Contribution, ProposalStatus, Theme
from dialogue.contributions.services import answer, hide, merge, toggle_support
from dialogue.database import utcnow
from dialogue.extensions import db
from dialogue.neighbourhoods.models import Neighbourhood
from tests.factories import make_proposal, make_user
from tests.reviews.conftest import CONTACT_EMAIL, in_english, log_in_as

TITLES = ("Benches by the playground", "Lights on Rasmusgatan", "A bigger library in Lindängen")


def listed_titles(html: str) -> list[str]:
    """The titles in the queue, in the order shown."""
    found = [
        (html.find(f'<th scope="row" class="row-title"><span dir="auto" lang="sv">{title}</span></th>'), title)
        for title in TITLES
    ]
    return [title for position, title in sorted(found) if position >= 0]


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("developer", ["Benches by the playground", "Lights on Rasmusgatan"]),
        ("developer_elsewhere", ["A bigger library in Lindängen"]),
        ("process_leader", ["Benches by the playground", "A bigger library in Lindängen", "Lights on Rasmusgatan"]),
        ("admin", ["Benches by the playground", "A bigger library in Lindängen", "Lights on Rasmusgatan"]),
    ],
)
def test_queue_lists_the_proposals_of_the_users_neighbourhoods_oldest_first(client, city, role, expected):
    log_in_as(client, city, role)

    response = client.get("/review")

    assert response.status_code == 200
    assert listed_titles(response.get_data(as_text=True)) == expected


@pytest.mark.parametrize(
    ("role", "status"),
    [("resident", 403), ("developer_without_organisation", 403), ("developer", 200), ("process_leader", 200)],
)
def test_queue_access_per_role(client, city, role, status):
    log_in_as(client, city, role)
    assert client.get("/review").status_code == status


def test_anonymous_visitor_is_sent_to_log_in(client, city):
    response = client.get("/review")

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/account/login")


def test_developer_without_organisation_is_told_what_is_missing(client, city):
    in_english(client)
    log_in_as(client, city, "developer_without_organisation")

    response = client.get("/review")

    assert response.status_code == 403
    page = response.get_data(as_text=True)
    assert "Your account is not linked to an organisation yet" in page
    assert "Benches by the playground" not in page


def test_developer_without_neighbourhoods_sees_an_empty_queue_and_why(app, client, city):
    with app.app_context():
        from tests.factories import make_developer

        lonely = make_developer(email="lonely@example.se")
        db.session.commit()
        city.user_ids["lonely"] = lonely.id
    log_in_as(client, city, "lonely")

    response = client.get("/review")

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'id="no-neighbourhoods"' in page
    assert listed_titles(page) == []


def test_answered_proposals_follow_the_unanswered_ones_by_last_answer(app, client, city):
    with app.app_context():
        leader = db.session.get(User, city.user_ids["process_leader"])
        seved = db.session.get(Neighbourhood, city.seved_id)
        oldest = db.session.get(Contribution, city.proposal_ids["old_seved"])
        answer(oldest, ProposalStatus.UNDER_REVIEW, "We are looking at it.", leader, now=utcnow() - timedelta(days=5))
        newer = db.session.get(Contribution, city.proposal_ids["new_seved"])
        answer(newer, ProposalStatus.PLANNED, "Lights go up in May.", leader, now=utcnow() - timedelta(days=9))
        make_proposal(seved, title="Unanswered but recent", now=utcnow() - timedelta(hours=1))
        db.session.commit()
    log_in_as(client, city, "developer")

    page = client.get("/review").get_data(as_text=True)

    unanswered = page.find("Unanswered but recent")
    lights = page.find("Lights on Rasmusgatan")
    benches = page.find("Benches by the playground")
    assert 0 <= unanswered < lights < benches  # unanswered first; then the longest-unanswered answered one


def test_queue_leaves_out_hidden_and_merged_proposals_and_feedback(app, client, city):
    with app.app_context():
        leader = db.session.get(User, city.user_ids["process_leader"])
        seved = db.session.get(Neighbourhood, city.seved_id)
        hidden = make_proposal(seved, title="Hidden one")
        hide(hidden, "Insulting.", leader)
        duplicate = make_proposal(seved, title="Duplicate one")
        merge(duplicate, db.session.get(Contribution, city.proposal_ids["old_seved"]), leader, "Same idea.")
        db.session.commit()
    log_in_as(client, city, "developer")

    page = client.get("/review").get_data(as_text=True)

    assert "Hidden one" not in page
    assert "Duplicate one" not in page
    assert listed_titles(page) == ["Benches by the playground", "Lights on Rasmusgatan"]


def test_rows_show_supports_people_and_age(app, client, city):
    with app.app_context():
        proposal = db.session.get(Contribution, city.proposal_ids["old_seved"])
        proposal.people_count = 14
        for number in range(3):
            toggle_support(proposal, make_user(email=f"supporter{number}@example.se"))
        db.session.commit()
    log_in_as(client, city, "developer")

    page = client.get("/review").get_data(as_text=True)

    row = page[page.index(f'id="proposal-{city.proposal_ids["old_seved"]}"') :]
    row = row[: row.index("</tr>")]
    cells = [cell.split(">", 1)[1].split("<", 1)[0].strip() for cell in row.split('<td class="numeric"')[1:]]
    assert cells == ["3", "14", "30"]
    assert f"/review/proposals/{city.proposal_ids['old_seved']}/answer" in row


def test_filters_narrow_the_queue(app, client, city):
    with app.app_context():
        seved = db.session.get(Neighbourhood, city.seved_id)
        make_proposal(seved, title="Safer crossing", theme=Theme.SAFETY)
        leader = db.session.get(User, city.user_ids["process_leader"])
        answer(db.session.get(Contribution, city.proposal_ids["new_seved"]), ProposalStatus.PLANNED, "Yes.", leader)
        db.session.commit()
    log_in_as(client, city, "process_leader")

    by_theme = client.get("/review?theme=safety").get_data(as_text=True)
    by_status = client.get("/review?status=planned").get_data(as_text=True)
    unanswered = client.get("/review?unanswered=y").get_data(as_text=True)
    by_neighbourhood = client.get(f"/review?neighbourhood={city.lindangen_id}").get_data(as_text=True)

    assert "Safer crossing" in by_theme and listed_titles(by_theme) == []
    assert listed_titles(by_status) == ["Lights on Rasmusgatan"]
    assert "Lights on Rasmusgatan" not in unanswered and "Safer crossing" in unanswered
    assert listed_titles(by_neighbourhood) == ["A bigger library in Lindängen"]


def test_filters_name_themes_and_statuses_in_words(client, city):
    in_english(client)
    log_in_as(client, city, "developer")

    page = client.get("/review").get_data(as_text=True)

    assert '<option value="other">Other</option>' in page  # the theme, not "Other channel"
    assert '<option value="under_review">Under review</option>' in page


def test_developer_cannot_filter_on_a_neighbourhood_outside_theirs(client, city):
    log_in_as(client, city, "developer")

    response = client.get(f"/review?neighbourhood={city.lindangen_id}")

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="neighbourhood-error"' in page
    assert "A bigger library in Lindängen" not in page
    assert f'<option value="{city.lindangen_id}"' not in page


def test_queue_is_paginated_by_twenty(app, client, city):
    with app.app_context():
        seved = db.session.get(Neighbourhood, city.seved_id)
        for number in range(25):
            make_proposal(seved, title=f"Idea {number:02d}", now=utcnow() - timedelta(hours=25 - number))
        db.session.commit()
    log_in_as(client, city, "developer")

    first = client.get("/review").get_data(as_text=True)
    second = client.get("/review?page=2").get_data(as_text=True)

    assert first.count('class="row-title"') == 20 and second.count('class="row-title"') == 7
    assert "Idea 17" in first and "Idea 18" in second  # 2 older proposals + Idea 00..17 fill page one
    assert client.get("/review?page=3").status_code == 404
    assert client.get("/review?page=0").status_code == 404


def test_the_queue_never_shows_contact_emails(client, city):
    log_in_as(client, city, "developer")

    page = client.get("/review").get_data(as_text=True)

    assert "Benches by the playground" in page
    assert CONTACT_EMAIL not in page


@pytest.mark.parametrize(("role", "shown"), [("developer", True), ("process_leader", True), ("resident", False)])
def test_review_link_in_the_menu(client, city, role, shown):
    log_in_as(client, city, role)
    assert ('href="/review"' in client.get("/").get_data(as_text=True)) is shown


@pytest.mark.parametrize(("role", "shown"), [("developer", False), ("admin", True), ("resident", False)])
def test_developers_link_in_the_menu_is_for_staff(client, city, role, shown):
    log_in_as(client, city, role)
    assert ('href="/staff/developers"' in client.get("/").get_data(as_text=True)) is shown
