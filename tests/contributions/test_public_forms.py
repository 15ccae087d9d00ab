"""Proposing, giving feedback and reporting, with and without an account, and every kind of bad input."""

import html
import re

import pytest
from sqlalchemy import func, select

from dialogue.contributions.models import Channel, Contribution, ContributionKind, ProposalStatus, Report, Theme
from dialogue.contributions.services import hide
from dialogue.events.models import EventStatus
from dialogue.extensions import db
from dialogue.permissions import Role
from tests.factories import login, make_event, make_neighbourhood, make_proposal, make_user
from tests.support import arrange, csrf_token_from, look

GOOD_PROPOSAL = {
    "title": "More trees on Sevedsgatan",
    "body": "The street is hot in summer.",
    "theme": "green_space_and_play",
    "place_description": "Sevedsgatan 10-20",
    "event_id": "",
    "language": "sv",
    "contact_email": "",
}


def field_error(response, field_id: str) -> str | None:
    """The text of the error shown next to a field (the element with id "<field>-error"), or None."""
    match = re.search(rf'id="{re.escape(field_id)}-error"[^>]*>(.*?)</', response.get_data(as_text=True), re.S)
    return html.unescape(match.group(1)).strip() if match else None


def contributions(app, kind: ContributionKind) -> list[Contribution]:
    with app.app_context():
        rows = list(db.session.scalars(select(Contribution).where(Contribution.kind == kind)))
        db.session.expunge_all()
        return rows


@pytest.fixture
def place(app):
    with app.app_context():
        seved = make_neighbourhood("Seved", slug="seved")
        event = make_event(seved, title="Walk around the block")
        draft = make_event(seved, title="Unpublished", status=EventStatus.DRAFT)
        elsewhere = make_event(make_neighbourhood(slug="lindangen"), title="Elsewhere")
        resident = make_user()
        db.session.commit()
        return {
            "event": event.id,
            "draft": draft.id,
            "elsewhere": elsewhere.id,
            "resident": (resident.email, resident.id),
        }


# Proposals ----------------------------------------------------------------------------------------------


def test_anonymous_proposal_is_published_with_channel_online(client, app, place):
    data = {**GOOD_PROPOSAL, "event_id": str(place["event"]), "contact_email": " Anna@Example.SE ", "language": "en"}
    response = client.post("/neighbourhoods/seved/proposals/new", data=data)
    assert response.status_code == 302
    [proposal] = contributions(app, ContributionKind.PROPOSAL)
    assert response.headers["Location"] == f"/proposals/{proposal.id}"
    assert (proposal.title, proposal.theme, proposal.channel, proposal.status) == (
        "More trees on Sevedsgatan",
        Theme.GREEN_SPACE_AND_PLAY,
        Channel.ONLINE,
        ProposalStatus.NEW,
    )
    assert proposal.event_id == place["event"] and proposal.language == "en"
    assert proposal.contact_email == "anna@example.se" and proposal.author_id is None
    page = client.get(response.headers["Location"])
    assert 'class="flash flash-success"' in page.get_data(as_text=True)
    assert "anna@example.se" not in page.get_data(as_text=True)


def test_proposal_with_an_account_has_its_author(client, app, place):
    email, user_id = place["resident"]
    login(client, email)
    assert client.post("/neighbourhoods/seved/proposals/new", data=GOOD_PROPOSAL).status_code == 302
    [proposal] = contributions(app, ContributionKind.PROPOSAL)
    assert proposal.author_id == user_id and proposal.event_id is None and proposal.contact_email is None


def test_the_form_offers_the_neighbourhoods_published_events_and_preselects_one(client, place):
    response = client.get(f"/neighbourhoods/seved/proposals/new?event={place['event']}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert re.search(rf'<option selected value="{place["event"]}">Walk around the block', page)
    assert "Unpublished" not in page and "Elsewhere" not in page
    assert 'aria-describedby="contact_email-hint"' in page
    assert client.get(f"/neighbourhoods/seved/proposals/new?event={place['elsewhere']}").status_code == 200


@pytest.mark.parametrize(
    "field, value",
    [
        ("title", ""),
        ("title", "   "),
        ("title", "x" * 141),
        ("body", ""),
        ("body", "x" * 4001),
        ("theme", ""),
        ("theme", "villas"),
        ("place_description", "x" * 201),
        ("language", "xx"),
        ("contact_email", "not-an-email"),
        ("contact_email", "anna@"),
        ("event_id", "999"),
        ("event_id", "abc"),
    ],
)
def test_bad_proposal_input_gets_a_message_next_to_the_field_and_saves_nothing(client, app, place, field, value):
    response = client.post("/neighbourhoods/seved/proposals/new", data={**GOOD_PROPOSAL, field: value})
    assert response.status_code == 422
    assert field_error(response, field)
    assert contributions(app, ContributionKind.PROPOSAL) == []


@pytest.mark.parametrize("which", ["draft", "elsewhere"])
def test_an_event_outside_the_choices_is_refused(client, app, place, which):
    response = client.post("/neighbourhoods/seved/proposals/new", data={**GOOD_PROPOSAL, "event_id": str(place[which])})
    assert response.status_code == 422
    assert field_error(response, "event_id")
    assert contributions(app, ContributionKind.PROPOSAL) == []


def test_limits_are_inclusive(client, app, place):
    data = {**GOOD_PROPOSAL, "title": "t" * 140, "body": "b" * 4000, "place_description": "p" * 200}
    assert client.post("/neighbourhoods/seved/proposals/new", data=data).status_code == 302
    [proposal] = contributions(app, ContributionKind.PROPOSAL)
    assert len(proposal.title) == 140 and len(proposal.body) == 4000


def test_error_messages_are_in_the_readers_language(client, place):
    client.post("/language", data={"language": "en"})
    response = client.post("/neighbourhoods/seved/proposals/new", data={**GOOD_PROPOSAL, "title": "x" * 141})
    assert field_error(response, "title") == "The title can be at most 140 characters."
    assert 'aria-invalid="true"' in response.get_data(as_text=True)


def test_html_in_a_proposal_is_shown_as_text(client, app, place):
    data = {**GOOD_PROPOSAL, "title": "<img src=x onerror=alert(1)>", "body": "<script>alert('body')</script>"}
    location = client.post("/neighbourhoods/seved/proposals/new", data=data).headers["Location"]
    for url in (location, "/neighbourhoods/seved/proposals", "/neighbourhoods/seved"):
        page = client.get(url).get_data(as_text=True)
        assert "<img src=x" not in page and "<script>alert" not in page
    page = client.get(location).get_data(as_text=True)
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&lt;script&gt;alert(&#39;body&#39;)&lt;/script&gt;" in page


def test_unknown_neighbourhood_is_404(client, place):
    assert client.get("/neighbourhoods/nowhere/proposals/new").status_code == 404
    assert client.post("/neighbourhoods/nowhere/proposals/new", data=GOOD_PROPOSAL).status_code == 404
    assert client.get("/neighbourhoods/nowhere/feedback/new").status_code == 404


# Feedback -----------------------------------------------------------------------------------------------


def test_feedback_with_a_rating_for_an_event_goes_back_to_the_event(client, app, place):
    response = client.post(
        "/neighbourhoods/seved/feedback/new", data={"rating": "5", "body": "", "event_id": str(place["event"])}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/events/{place['event']}"
    [feedback] = contributions(app, ContributionKind.FEEDBACK)
    assert (feedback.rating, feedback.body, feedback.event_id, feedback.status) == (5, "", place["event"], None)


def test_feedback_with_only_a_comment_on_the_neighbourhood(client, app, place):
    response = client.post("/neighbourhoods/seved/feedback/new", data={"body": "Good work!", "event_id": ""})
    assert response.headers["Location"] == "/neighbourhoods/seved"
    [feedback] = contributions(app, ContributionKind.FEEDBACK)
    assert (feedback.rating, feedback.body, feedback.event_id) == (None, "Good work!", None)


def test_feedback_form_preselects_the_event_and_groups_the_rating(client, place):
    page = client.get(f"/neighbourhoods/seved/feedback/new?event={place['event']}").get_data(as_text=True)
    assert re.search(rf'<option selected value="{place["event"]}">', page)
    assert re.search(r'<fieldset[^>]*id="rating"', page) and "<legend" in page
    assert page.count('type="radio"') == 5


@pytest.mark.parametrize(
    "data, field",
    [
        ({"rating": "0"}, "rating"),
        ({"rating": "6"}, "rating"),
        ({"rating": "x"}, "rating"),
        ({"rating": "3.5"}, "rating"),
        ({}, "body"),
        ({"body": "   "}, "body"),
        ({"rating": "4", "body": "x" * 4001}, "body"),
        ({"rating": "4", "event_id": "999"}, "event_id"),
    ],
)
def test_bad_feedback_gets_a_message_and_saves_nothing(client, app, place, data, field):
    response = client.post("/neighbourhoods/seved/feedback/new", data=data)
    assert response.status_code == 422
    assert field_error(response, field)
    assert contributions(app, ContributionKind.FEEDBACK) == []


def test_feedback_with_neither_says_what_to_do(client, place):
    client.post("/language", data={"language": "en"})
    response = client.post("/neighbourhoods/seved/feedback/new", data={"body": ""})
    assert field_error(response, "body") == "Give a rating or write a comment, or both."


# Reports ------------------------------------------------------------------------------------------------


def reports(app) -> list[Report]:
    with app.app_context():
        rows = list(db.session.scalars(select(Report)))
        db.session.expunge_all()
        return rows


def test_anyone_can_report_a_proposal(client, app, place):
    with app.app_context():
        proposal_id = make_proposal(make_neighbourhood(slug="kroksback"), title="Buy cheap watches").id
        db.session.commit()
    page = client.get(f"/contributions/{proposal_id}/report")
    assert page.status_code == 200 and "Buy cheap watches" in page.get_data(as_text=True)
    response = client.post(f"/contributions/{proposal_id}/report", data={"reason": "  Advertising  "})
    assert response.status_code == 302 and response.headers["Location"] == f"/proposals/{proposal_id}"
    [entry] = reports(app)
    assert (entry.contribution_id, entry.reason, entry.reporter_id, entry.resolved_at) == (
        proposal_id,
        "Advertising",
        None,
        None,
    )


def test_a_logged_in_reporter_is_recorded(client, app, place):
    with app.app_context():
        proposal_id = make_proposal(make_neighbourhood(slug="kroksback")).id
        db.session.commit()
    email, user_id = place["resident"]
    login(client, email)
    client.post(f"/contributions/{proposal_id}/report", data={"reason": "Insults"})
    assert [entry.reporter_id for entry in reports(app)] == [user_id]


@pytest.mark.parametrize("reason", ["", "   ", "x" * 501])
def test_bad_reason_gets_a_message_and_saves_nothing(client, app, place, reason):
    with app.app_context():
        proposal_id = make_proposal(make_neighbourhood(slug="kroksback")).id
        db.session.commit()
    response = client.post(f"/contributions/{proposal_id}/report", data={"reason": reason})
    assert response.status_code == 422
    assert field_error(response, "reason")
    assert reports(app) == []


def test_a_hidden_contribution_gets_a_message_instead_of_a_form(client, app, place):
    client.post("/language", data={"language": "en"})
    with app.app_context():
        proposal = make_proposal(make_neighbourhood(slug="kroksback"), title="Nasty words")
        hide(proposal, "Insults", make_user(Role.PROCESS_LEADER))
        proposal_id = proposal.id
        db.session.commit()
    page = client.get(f"/contributions/{proposal_id}/report")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "already been hidden" in text and "Nasty words" not in text and 'name="reason"' not in text
    response = client.post(f"/contributions/{proposal_id}/report", data={"reason": "Insults"}, follow_redirects=True)
    assert response.status_code == 200 and "already been hidden" in response.get_data(as_text=True)
    assert reports(app) == []


def test_reporting_an_unknown_contribution_is_404(client, place):
    assert client.get("/contributions/999999/report").status_code == 404
    assert client.post("/contributions/999999/report", data={"reason": "x"}).status_code == 404
    assert client.get("/contributions/99999999999999999999/report").status_code == 404


# CSRF ---------------------------------------------------------------------------------------------------


def test_the_forms_need_their_csrf_token(csrf_app):
    app = csrf_app
    with arrange(app):
        make_neighbourhood(slug="seved")
    client = app.test_client()
    assert client.post("/neighbourhoods/seved/proposals/new", data=GOOD_PROPOSAL).status_code == 400
    assert client.post("/neighbourhoods/seved/feedback/new", data={"rating": "4"}).status_code == 400
    token = csrf_token_from(client.get("/neighbourhoods/seved/proposals/new"))
    response = client.post("/neighbourhoods/seved/proposals/new", data={**GOOD_PROPOSAL, "csrf_token": token})
    assert response.status_code == 302
    with look(app):
        assert db.session.scalar(select(func.count()).select_from(Contribution)) == 1
