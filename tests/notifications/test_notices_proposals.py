"""A proposer who left an email address hears of every answer to the proposal, in the proposal's language;
developers get a weekly digest of new proposals in their neighbourhoods."""

from datetime import UTC, datetime, timedelta

import pytest
from flask_babel import force_locale

from dialogue.accounts.models import User
from dialogue.contributions.models import Contribution, ProposalStatus
from dialogue.contributions.services import answer, hide
from dialogue.extensions import db
from dialogue.labels import label
from dialogue.permissions import Role
from dialogue.reviews.digest import queue_digests
from tests.factories import make_developer, make_neighbourhood, make_organisation, make_proposal, make_user
from tests.notifications.mail_helpers import PUBLIC_URL, queued, seved, translated
from tests.support import arrange, log_in_directly

PROPOSER = "proposer@example.se"


def _log_in(client, user_id: int) -> None:
    log_in_directly(client, user_id)


def _proposal_and_developer(app, **proposal_fields) -> tuple[int, int]:
    with arrange(app):
        neighbourhood = seved()
        developer = make_developer([neighbourhood], organisation=make_organisation("MKB Fastighets AB"))
        proposal = make_proposal(neighbourhood, title="Benches by the playground", **proposal_fields)
        return proposal.id, developer.id


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_proposer_hears_of_an_answer_in_the_proposals_language(app, client, language):
    proposal_id, developer_id = _proposal_and_developer(app, contact_email=PROPOSER, language=language)
    _log_in(client, developer_id)

    response = client.post(
        f"/review/proposals/{proposal_id}/answer",
        data={"status": "planned", "text": "We build two benches in May.", "seen_status": "new"},
    )

    assert response.status_code == 302
    [message] = queued(app, kind="proposal_status_changed")
    assert (message.to_address, message.language, message.to_name) == (PROPOSER, language, "")
    assert "Benches by the playground" in message.subject
    with app.app_context(), force_locale(language):
        old, new = str(label(ProposalStatus.NEW)), str(label(ProposalStatus.PLANNED))
    status_sentence = translated(app, language, "Its status changed from “%(old)s” to “%(new)s”.", old=old, new=new)
    for part in (message.text, message.html_text):
        assert status_sentence in part
        assert "MKB Fastighets AB" in part
        assert "We build two benches in May." in part
    proposal_url = f"http://localhost/proposals/{proposal_id}"  # the address the developer answered on
    assert proposal_url in message.links()
    assert proposal_url in message.body_text
    assert client.get(f"/proposals/{proposal_id}").status_code == 200
    assert f'<html lang="{language}"' in message.body_html


def test_a_progress_update_in_the_same_status_is_news_too(app):
    proposal_id, developer_id = _proposal_and_developer(app, contact_email=PROPOSER, language="en")
    with arrange(app):
        proposal, developer = db.session.get(Contribution, proposal_id), db.session.get(User, developer_id)
        answer(proposal, ProposalStatus.UNDER_REVIEW, "We are looking at it.", developer)
        answer(proposal, ProposalStatus.UNDER_REVIEW, "We have asked the park department.", developer)

    first, second = queued(app, kind="proposal_status_changed")
    assert "Its status changed from “New” to “Under review”." in first.text
    assert "Its status is still “Under review”." in second.text
    assert "We have asked the park department." in second.text


def test_no_message_without_a_contact_email(app, client):
    proposal_id, developer_id = _proposal_and_developer(app)
    _log_in(client, developer_id)

    client.post(f"/review/proposals/{proposal_id}/answer", data={"status": "planned", "text": "Yes."})

    assert queued(app) == []


def test_a_title_with_line_breaks_cannot_add_mail_headers(app):
    proposal_id, developer_id = _proposal_and_developer(app, contact_email=PROPOSER, language="en")
    with arrange(app):
        proposal = db.session.get(Contribution, proposal_id)
        proposal.title = "Benches\r\nBcc: everyone@example.com"
        answer(proposal, ProposalStatus.PLANNED, "Yes.", db.session.get(User, developer_id))

    [message] = queued(app, kind="proposal_status_changed")
    assert message.subject == "An answer to your proposal: Benches Bcc: everyone@example.com"


# The developers' weekly digest

NOW = datetime(2031, 6, 4, 7, 0, tzinfo=UTC)  # a Wednesday in ISO week 23


def _city(app) -> dict[str, int]:
    """Dana reviews Seved, Lars reviews Lindängen, Nils reviews Seved but has no organisation (cannot review)."""
    with arrange(app):
        lindangen = make_neighbourhood("Lindängen", slug="lindangen")
        dana = make_developer([seved()], email="dana@mkb.example.se", name="Dana", preferred_language="en")
        lars = make_developer([lindangen], email="lars@example.se", name="Lars")
        nils = make_developer([seved()], organisation=False, email="nils@example.se")
        make_proposal(seved(), title="Lights on Rasmusgatan", now=NOW - timedelta(days=2))
        make_proposal(seved(), title="A pump track", now=NOW - timedelta(days=6))
        make_proposal(seved(), title="Old idea", now=NOW - timedelta(days=8))
        hidden = make_proposal(seved(), title="Hidden idea", now=NOW - timedelta(days=1))
        hide(hidden, "Offensive.", make_user(Role.PROCESS_LEADER))
        make_proposal(lindangen, title="A bigger library", now=NOW - timedelta(days=3))
        return {"dana": dana.id, "lars": lars.id, "nils": nils.id}


def test_each_developer_gets_the_weeks_new_proposals_of_their_neighbourhoods(app):
    ids = _city(app)

    with app.app_context():
        assert queue_digests(now=NOW) == 2
        db.session.commit()

    [to_dana] = queued(app, kind="developer_digest", to="dana@mkb.example.se")
    assert to_dana.language == "en"
    assert to_dana.subject == "2 new proposals in your neighbourhoods this week"
    assert to_dana.dedupe_key == f"digest:{ids['dana']}:2031-W23"
    for part in (to_dana.text, to_dana.html_text):
        assert "Södra Sofielund (Seved)" in part
        assert "Lights on Rasmusgatan" in part and "A pump track" in part
        assert "Old idea" not in part and "Hidden idea" not in part and "A bigger library" not in part
    assert f"{PUBLIC_URL}/review" in to_dana.links()
    [to_lars] = queued(app, kind="developer_digest", to="lars@example.se")
    assert "A bigger library" in to_lars.text and "Lights on Rasmusgatan" not in to_lars.text
    assert to_lars.language == "sv"
    assert queued(app, to="nils@example.se") == []


def test_one_digest_per_developer_and_week(app):
    _city(app)

    counts = []
    monday_morning = NOW + timedelta(days=5, hours=-1)
    for now in (NOW, NOW + timedelta(hours=1), NOW + timedelta(days=4), monday_morning):
        with app.app_context():
            counts.append(queue_digests(now=now))
            db.session.commit()

    # Sunday is still week 23; Monday starts week 24, when only Dana's lights proposal is under seven days old.
    assert counts == [2, 0, 0, 1]


def test_no_digest_when_nothing_is_new(app):
    _city(app)

    with app.app_context():
        assert queue_digests(now=NOW + timedelta(days=30)) == 0

    assert queued(app) == []


def test_notify_digest_command(app, runner):
    with arrange(app):
        make_developer([seved()], email="dana@mkb.example.se")
        make_proposal(seved(), title="Lights on Rasmusgatan")

    first = runner.invoke(args=["notify", "digest"])
    second = runner.invoke(args=["notify", "digest"])

    assert "Digests queued: 1." in first.output, first.output
    assert "Digests queued: 0." in second.output
