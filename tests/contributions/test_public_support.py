"""Supporting a proposal: once per account, pressing again takes it back; not one's own, not a hidden one."""

import re

import pytest
from sqlalchemy import func, select

from dialogue.contributions.models import Support
from dialogue.contributions.services import FeedbackInput, hide, merge, submit_feedback
from dialogue.extensions import db
from dialogue.permissions import Role
from tests.factories import login, make_neighbourhood, make_proposal, make_user
from tests.support import arrange, csrf_token_from, log_in_with_token, look


def supports_of(app, proposal_id: int) -> set[int]:
    with app.app_context():
        return set(db.session.scalars(select(Support.user_id).where(Support.contribution_id == proposal_id)))


def flashes(response) -> str:
    match = re.search(r'<div class="flashes"[^>]*>(.*?)</div>', response.get_data(as_text=True), re.S)
    return match.group(1) if match else ""


@pytest.fixture
def setup(app):
    with app.app_context():
        seved = make_neighbourhood(slug="seved")
        author = make_user()
        resident = make_user()
        leader = make_user(Role.PROCESS_LEADER)
        proposal = make_proposal(seved, author=author)
        hidden = make_proposal(seved)
        hide(hidden, "Spam", leader)
        duplicate = make_proposal(seved)
        merge(duplicate, proposal, leader)
        feedback = submit_feedback(seved, FeedbackInput(rating=3), author=None)
        db.session.commit()
        return {
            "proposal": proposal.id,
            "hidden": hidden.id,
            "duplicate": duplicate.id,
            "feedback": feedback.id,
            "author": author.email,
            "resident": (resident.email, resident.id),
            "leader": leader.email,
        }


def test_anonymous_is_sent_to_log_in_and_nothing_changes(client, app, setup):
    response = client.post(f"/proposals/{setup['proposal']}/support")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/account/login?next=")
    assert f"/proposals/{setup['proposal']}" in response.headers["Location"]
    assert supports_of(app, setup["proposal"]) == set()


def test_support_and_take_it_back(client, app, setup):
    client.post("/language", data={"language": "en"})
    email, user_id = setup["resident"]
    login(client, email)
    response = client.post(f"/proposals/{setup['proposal']}/support", follow_redirects=True)
    assert response.status_code == 200
    assert supports_of(app, setup["proposal"]) == {user_id}
    page = response.get_data(as_text=True)
    assert "Thank you for your support." in flashes(response)
    assert re.search(r'id="support-count">\s*1 supporter<', page)
    assert "Take back my support" in page

    response = client.post(f"/proposals/{setup['proposal']}/support", follow_redirects=True)
    assert supports_of(app, setup["proposal"]) == set()
    assert "You no longer support this proposal." in flashes(response)
    assert re.search(r'id="support-count">\s*0 supporters<', response.get_data(as_text=True))


def test_own_proposal_cannot_be_supported(client, app, setup):
    client.post("/language", data={"language": "en"})
    login(client, setup["author"])
    page = client.get(f"/proposals/{setup['proposal']}").get_data(as_text=True)
    assert "This is your proposal." in page and "Support this proposal" not in page
    response = client.post(f"/proposals/{setup['proposal']}/support", follow_redirects=True)
    assert "You cannot support your own proposal." in flashes(response)
    assert supports_of(app, setup["proposal"]) == set()


def test_hidden_proposal_cannot_be_supported(client, app, setup):
    client.post("/language", data={"language": "en"})
    login(client, setup["resident"][0])
    response = client.post(f"/proposals/{setup['hidden']}/support", follow_redirects=True)
    assert response.status_code == 200
    assert "not public" in flashes(response)
    assert supports_of(app, setup["hidden"]) == set()
    assert response.request.path == "/neighbourhoods/seved/proposals"


def test_merged_proposal_cannot_be_supported_and_leads_to_the_target(client, app, setup):
    login(client, setup["resident"][0])
    response = client.post(f"/proposals/{setup['duplicate']}/support", follow_redirects=True)
    assert response.request.path == f"/proposals/{setup['proposal']}"
    assert supports_of(app, setup["duplicate"]) == set() and supports_of(app, setup["proposal"]) == set()


@pytest.mark.parametrize("target", ["feedback", "unknown", "too large"])
def test_feedback_and_unknown_ids_are_not_found(client, setup, target):
    login(client, setup["resident"][0])
    proposal_id = {"feedback": setup["feedback"], "unknown": 999999, "too large": 99999999999999999999}[target]
    assert client.post(f"/proposals/{proposal_id}/support").status_code == 404


def test_get_is_not_allowed(client, setup):
    assert client.get(f"/proposals/{setup['proposal']}/support").status_code == 405


def test_support_needs_the_csrf_token(csrf_app):
    app = csrf_app
    with arrange(app):
        proposal_id = make_proposal(make_neighbourhood(slug="seved")).id
        email = make_user().email
    client = log_in_with_token(app.test_client(), email)

    assert client.post(f"/proposals/{proposal_id}/support").status_code == 400
    token = csrf_token_from(client.get(f"/proposals/{proposal_id}"))
    assert client.post(f"/proposals/{proposal_id}/support", data={"csrf_token": token}).status_code == 302
    with look(app):
        assert db.session.scalar(select(func.count()).select_from(Support)) == 1
