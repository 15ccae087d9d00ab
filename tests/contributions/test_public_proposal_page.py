"""One proposal's public page: text, facts, photo, answers, sources, and what the public may not see."""

import io
import re
from dataclasses import dataclass

import pytest
from PIL import Image

from dialogue.accounts.services import user_by_email
from dialogue.contributions.models import Channel, Contribution, ProposalStatus, Theme
from dialogue.contributions.photos import photo_from_upload
from dialogue.contributions.services import FeedbackInput, answer, attach_photo, hide, merge, submit_feedback
from dialogue.extensions import db
from dialogue.permissions import Role
from tests.contributions.helpers import visit_as
from tests.factories import (
    login,
    make_developer,
    make_event,
    make_neighbourhood,
    make_organisation,
    make_proposal,
    make_user,
)

SECRET_EMAIL = "only-for-staff@example.se"


def png_bytes() -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(output, format="PNG")
    return output.getvalue()


@dataclass
class World:
    proposal_id: int
    source_id: int
    hidden_id: int
    feedback_id: int
    event_id: int
    photo_id: int
    leader_email: str
    developer_email: str


@pytest.fixture
def world(app) -> World:
    with app.app_context():
        seved = make_neighbourhood("Seved", slug="seved")
        event = make_event(seved, title="Dance workshop at the school")
        leader = make_user(Role.PROCESS_LEADER)
        developer = make_developer([seved], organisation=make_organisation("MKB Fastighets AB"))
        proposal = make_proposal(
            seved,
            title="A football pitch <script>alert('x')</script>",
            body="The children want to play.\nIn the evenings too.",
            theme=Theme.GREEN_SPACE_AND_PLAY,
            place_description="Behind the school",
            event_id=event.id,
            channel=Channel.DRAWING,
            contact_email=SECRET_EMAIL,
            people_count=12,
        )
        attach_photo(proposal, photo_from_upload(io.BytesIO(png_bytes())))
        source = make_proposal(seved, title="Somewhere to play ball", contact_email=SECRET_EMAIL)
        merge(source, proposal, leader, reason="Same idea")
        answer(proposal, ProposalStatus.UNDER_REVIEW, "We are looking at the yard.", leader)
        answer(proposal, ProposalStatus.PLANNED, "A pitch is planned for <b>2027</b>.", developer)
        hidden = make_proposal(seved, title="Rude words", contact_email=SECRET_EMAIL)
        hide(hidden, "Insults", leader)
        feedback = submit_feedback(seved, FeedbackInput(rating=4, body="Nice evening"), author=None)
        db.session.commit()
        return World(
            proposal.id, source.id, hidden.id, feedback.id, event.id, proposal.photo.id, leader.email, developer.email
        )


def test_shows_the_proposal_with_its_facts(client, world):
    client.post("/language", data={"language": "en"})
    response = client.get(f"/proposals/{world.proposal_id}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "A football pitch &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert "<script>alert" not in page
    assert "The children want to play.\nIn the evenings too." in page
    assert "Behind the school" in page
    # The event's title is marked with the language it is written in (Swedish, with no English translation).
    event_link = (
        f'<a href="/events/{world.event_id}"><span dir="auto" lang="sv">Dance workshop at the school</span></a>'
    )
    assert event_link in page
    assert "Drawing" in page and "Green space and play" in page and "Planned" in page
    assert "13 people stood behind it" in page  # 12 at the workshop, and the merged proposal's proposer
    assert re.search(r'id="support-count">\s*0 supporters', page)
    assert 'href="/account/login?next=/proposals/' in page  # anonymous: log in to support
    assert f'href="/contributions/{world.proposal_id}/report"' in page


def test_shows_the_photo_with_alt_text(client, world):
    page = client.get(f"/proposals/{world.proposal_id}").get_data(as_text=True)
    image = re.search(r'<img src="/photos/(\d+)"[^>]*alt="([^"]+)"', page)
    assert image and int(image.group(1)) == world.photo_id
    assert "A football pitch" in image.group(2)


def test_answer_history_newest_first_with_who_when_and_statuses(client, world):
    client.post("/language", data={"language": "en"})
    page = client.get(f"/proposals/{world.proposal_id}").get_data(as_text=True)
    answers = page[page.index('id="answers-heading"') :]
    developer_answer = answers.index("MKB Fastighets AB")
    staff_answer = answers.index("City of Malmö")
    assert developer_answer < staff_answer
    assert "Status changed from Under review to Planned" in answers
    assert "Status changed from New to Under review" in answers
    assert "A pitch is planned for &lt;b&gt;2027&lt;/b&gt;." in answers


def test_lists_the_proposals_merged_into_it(client, world):
    page = client.get(f"/proposals/{world.proposal_id}").get_data(as_text=True)
    assert 'id="sources-heading"' in page
    assert "Somewhere to play ball" in page[page.index('id="sources-heading"') :]


def test_a_merged_proposal_redirects_to_the_one_it_was_merged_into(client, world):
    response = client.get(f"/proposals/{world.source_id}")
    assert response.status_code in (301, 302)
    assert response.headers["Location"] == f"/proposals/{world.proposal_id}"


@pytest.mark.parametrize("who", ["anonymous", "resident", "developer"])
def test_a_hidden_proposal_is_not_found_by_the_public(client, app, world, who):
    visit_as(app, client, who, world.developer_email)
    assert client.get(f"/proposals/{world.hidden_id}").status_code == 404


def test_staff_see_a_hidden_proposal_with_a_notice(client, world):
    client.post("/language", data={"language": "en"})
    login(client, world.leader_email)
    response = client.get(f"/proposals/{world.hidden_id}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Rude words" in page
    assert "Hidden: this proposal is not public" in page
    assert "Support this proposal" not in page


@pytest.mark.parametrize("who", ["anonymous", "leader", "developer"])
def test_the_contact_email_is_never_shown(client, world, who):
    if who == "leader":
        login(client, world.leader_email)
    elif who == "developer":
        login(client, world.developer_email)
    for proposal_id in (world.proposal_id, world.hidden_id):
        page = client.get(f"/proposals/{proposal_id}", follow_redirects=True).get_data(as_text=True)
        assert SECRET_EMAIL not in page


def test_unknown_ids_and_feedback_are_not_found(client, world):
    assert client.get("/proposals/999999").status_code == 404
    assert client.get(f"/proposals/{world.feedback_id}").status_code == 404
    assert client.get("/proposals/abc").status_code == 404
    assert client.get("/proposals/99999999999999999999").status_code == 404  # larger than any key


def test_a_draft_event_is_not_linked(client, app):
    from dialogue.events.models import EventStatus

    with app.app_context():
        seved = make_neighbourhood(slug="seved")
        draft = make_event(seved, title="Secret planning meeting", status=EventStatus.DRAFT)
        proposal_id = make_proposal(seved, event_id=draft.id).id
        db.session.commit()
    page = client.get(f"/proposals/{proposal_id}").get_data(as_text=True)
    assert "Secret planning meeting" not in page


def test_every_answer_names_its_organisation(client, app, world):
    with app.app_context():
        proposal = db.session.get(Contribution, world.proposal_id)
        developer = user_by_email(world.developer_email)
        for number in range(5):
            answer(proposal, ProposalStatus.PLANNED, f"Update {number}", developer)
        db.session.commit()
    page = client.get(f"/proposals/{world.proposal_id}").get_data(as_text=True)
    assert page.count("MKB Fastighets AB") == 6
