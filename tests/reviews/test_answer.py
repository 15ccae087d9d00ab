"""Answering a proposal: the status it gets, what is recorded, and what is refused."""

import pytest
from flask import url_for

from dialogue.accounts.models import User
from dialogue.contributions.models import Contribution, Photo, ProposalStatus
from dialogue.contributions.services import answer, attach_photo, hide, toggle_support
from dialogue.extensions import db
from tests.factories import login, make_user
from tests.reviews.conftest import CONTACT_EMAIL, answer_url, in_english, log_in_as, stored


def test_developer_answers_and_the_change_is_recorded(app, client, city):
    login(client, city.emails["developer"])

    response = client.post(
        answer_url(city), data={"status": "planned", "text": "  We build two benches in May.  ", "seen_status": "new"}
    )

    assert response.status_code == 302
    assert response.headers["Location"] == answer_url(city)
    status, first_answered_at, answers = stored(app, city)
    assert status == ProposalStatus.PLANNED
    assert first_answered_at is not None
    assert answers == [
        (
            ProposalStatus.NEW,
            ProposalStatus.PLANNED,
            city.user_ids["developer"],
            city.organisation_id,
            "We build two benches in May.",
        )
    ]
    page = client.get(answer_url(city)).get_data(as_text=True)
    assert "We build two benches in May." in page
    assert "MKB Fastighets AB" in page
    # From planned, the form offers what the workflow allows next, and no longer "under review".
    assert 'value="implemented"' in page and 'value="under_review"' not in page


def test_a_second_answer_keeps_the_first_answer_time(app, client, city):
    log_in_as(client, city, "developer")
    client.post(answer_url(city), data={"status": "under_review", "text": "We look at it."})
    _, first, _ = stored(app, city)

    client.post(answer_url(city), data={"status": "planned", "text": "Planned for May."})

    status, still_first, answers = stored(app, city)
    assert status == ProposalStatus.PLANNED
    assert still_first == first
    assert [(a[0], a[1]) for a in answers] == [
        (ProposalStatus.NEW, ProposalStatus.UNDER_REVIEW),
        (ProposalStatus.UNDER_REVIEW, ProposalStatus.PLANNED),
    ]


def test_process_leader_answers_anywhere_without_an_organisation(app, client, city):
    log_in_as(client, city, "process_leader")

    response = client.post(
        answer_url(city, "lindangen"), data={"status": "already_exists", "text": "See Bibliotek Lindängen."}
    )

    assert response.status_code == 302
    status, _, answers = stored(app, city, "lindangen")
    assert status == ProposalStatus.ALREADY_EXISTS
    assert answers[0][2:4] == (city.user_ids["process_leader"], None)


@pytest.mark.parametrize("text", ["", "   \n  "])
def test_answer_without_text_is_refused_next_to_the_field(app, client, city, text):
    in_english(client)
    log_in_as(client, city, "developer")

    response = client.post(answer_url(city), data={"status": "planned", "text": text})

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="text-error"' in page
    assert "Write an answer" in page
    assert stored(app, city) == (ProposalStatus.NEW, None, [])


def test_answer_longer_than_4000_characters_is_refused(app, client, city):
    log_in_as(client, city, "developer")

    response = client.post(answer_url(city), data={"status": "planned", "text": "x" * 4001})

    assert response.status_code == 422
    assert 'id="text-error"' in response.get_data(as_text=True)
    assert stored(app, city) == (ProposalStatus.NEW, None, [])


@pytest.mark.parametrize("tampered", ["implemented", "new", "nonsense", ""])
def test_a_status_the_workflow_does_not_allow_is_refused(app, client, city, tampered):
    in_english(client)
    log_in_as(client, city, "developer")

    response = client.post(answer_url(city), data={"status": tampered, "text": "Done!"})

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="status-error"' in page
    assert 'value="implemented"' not in page  # new -> implemented is not even offered
    assert stored(app, city) == (ProposalStatus.NEW, None, [])


@pytest.mark.parametrize("final", [ProposalStatus.IMPLEMENTED, ProposalStatus.ALREADY_EXISTS])
def test_a_closed_proposal_takes_no_more_answers(app, client, city, final):
    with app.app_context():
        leader = db.session.get(User, city.user_ids["process_leader"])
        proposal = db.session.get(Contribution, city.proposal_ids["old_seved"])
        if final == ProposalStatus.IMPLEMENTED:
            answer(proposal, ProposalStatus.PLANNED, "Planned.", leader)
        answer(proposal, final, "Done.", leader)
        db.session.commit()
    before = stored(app, city)
    in_english(client)
    log_in_as(client, city, "developer")

    shown = client.get(answer_url(city))
    refused = client.post(answer_url(city), data={"status": "under_review", "text": "Again?"})

    assert shown.status_code == 200
    assert 'id="closed-notice"' in shown.get_data(as_text=True)
    assert "<textarea" not in shown.get_data(as_text=True)
    assert refused.status_code == 422
    assert "This proposal is closed" in refused.get_data(as_text=True)
    assert stored(app, city) == before


def test_an_answer_written_while_someone_else_answered_is_not_applied_blindly(app, client, city):
    log_in_as(client, city, "developer")
    with app.app_context():  # a colleague answers after the developer opened the page (seen status: new)
        leader = db.session.get(User, city.user_ids["process_leader"])
        answer(db.session.get(Contribution, city.proposal_ids["old_seved"]), ProposalStatus.NOT_PLANNED, "No.", leader)
        db.session.commit()
    in_english(client)

    response = client.post(answer_url(city), data={"status": "under_review", "text": "Looking.", "seen_status": "new"})

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Someone answered this proposal while you were writing" in page
    assert 'name="seen_status" type="hidden" value="not_planned"' in page
    assert len(stored(app, city)[2]) == 1
    again = client.post(
        answer_url(city), data={"status": "under_review", "text": "Looking.", "seen_status": "not_planned"}
    )
    assert again.status_code == 302


@pytest.mark.parametrize("method", ["get", "post"])
def test_developer_outside_the_neighbourhood_gets_403(app, client, city, method):
    log_in_as(client, city, "developer_elsewhere")

    response = getattr(client, method)(answer_url(city), data={"status": "planned", "text": "Mine now."})

    assert response.status_code == 403
    assert stored(app, city) == (ProposalStatus.NEW, None, [])


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (None, 302),
        ("resident", 403),
        ("developer_without_organisation", 403),
        ("developer_elsewhere", 403),
        ("developer", 200),
        ("process_leader", 200),
        ("admin", 200),
    ],
)
def test_answer_page_access_per_role(client, city, role, status):
    log_in_as(client, city, role)
    assert client.get(answer_url(city)).status_code == status


def test_unknown_hidden_and_feedback_ids_give_404(app, client, city):
    with app.app_context():
        leader = db.session.get(User, city.user_ids["process_leader"])
        hide(db.session.get(Contribution, city.proposal_ids["new_seved"]), "Spam.", leader)
        db.session.commit()
    log_in_as(client, city, "developer")

    assert client.get("/review/proposals/999999/answer").status_code == 404
    assert client.get(answer_url(city, "new_seved")).status_code == 404
    assert client.post(answer_url(city, "new_seved"), data={"status": "planned", "text": "x"}).status_code == 404
    assert stored(app, city, "new_seved")[0] == ProposalStatus.NEW


def test_html_in_an_answer_is_shown_as_text(app, client, city):
    log_in_as(client, city, "developer")
    client.post(answer_url(city), data={"status": "planned", "text": "<script>alert(1)</script>"})

    page = client.get(answer_url(city)).get_data(as_text=True)

    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page


def test_developer_never_sees_the_contact_email_staff_do(client, city):
    log_in_as(client, city, "developer")
    developer_pages = [client.get("/review"), client.get(answer_url(city))]
    developer_pages.append(client.post(answer_url(city), data={"status": "nonsense", "text": ""}))
    developer_pages.append(
        client.post(answer_url(city), data={"status": "planned", "text": "Ok."}, follow_redirects=True)
    )

    for response in developer_pages:
        assert response.status_code in (200, 422)
        assert "Benches by the playground" in response.get_data(as_text=True)
        assert CONTACT_EMAIL not in response.get_data(as_text=True)

    log_in_as(client, city, "process_leader")
    assert CONTACT_EMAIL in client.get(answer_url(city)).get_data(as_text=True)


def test_the_page_shows_the_proposal_with_its_photo_event_and_supports(app, client, city):
    with app.app_context():
        proposal = db.session.get(Contribution, city.proposal_ids["old_seved"])
        proposal.place_description = "The playground on Sevedsplan"
        attach_photo(proposal, Photo(content_type="image/png", data=b"not shown here", width=640, height=480))
        for number in range(2):
            toggle_support(proposal, make_user(email=f"fan{number}@example.se"))
        db.session.commit()
        with app.test_request_context():
            photo_url = url_for("contributions.photo", photo_id=proposal.photo.id)
    in_english(client)
    log_in_as(client, city, "developer")

    page = client.get(answer_url(city)).get_data(as_text=True)

    assert f'<img src="{photo_url}" width="640" height="480" alt="' in page
    assert "The playground on Sevedsplan" in page
    assert '<dd id="supports">2</dd>' in page
    assert "More benches along the path, please." in page
