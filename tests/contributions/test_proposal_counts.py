"""The proposals counted per neighbourhood and status (proposal_counts) are always the proposals anyone may see: after
proposals are made, answered, hidden, restored, merged and edited, with feedback beside them, on SQLite and
PostgreSQL. The neighbourhood page, the proposal list, the review queue and the staff overview read the kept counts,
so a count that drifted would show on them."""

from sqlalchemy import func, select, update

from dialogue.contributions.models import Contribution, ContributionKind, ProposalCount, ProposalStatus
from dialogue.contributions.services import (
    ContributionChanges,
    FeedbackInput,
    answer,
    edit_contribution,
    hide,
    merge,
    restore,
    submit_feedback,
)
from dialogue.extensions import db
from dialogue.permissions import Role
from tests.factories import make_developer, make_neighbourhood, make_proposal, make_user
from tests.support import arrange, log_in_directly, look, use_english


def kept_and_counted() -> tuple[dict, dict]:
    """{(neighbourhood id, status): proposals} as kept, and as counted from the proposals anyone may see."""
    kept = {
        (neighbourhood_id, status): proposals
        for neighbourhood_id, status, proposals in db.session.execute(
            select(ProposalCount.neighbourhood_id, ProposalCount.status, ProposalCount.proposals)
        )
        if proposals
    }
    counted = {
        (neighbourhood_id, status): proposals
        for neighbourhood_id, status, proposals in db.session.execute(
            select(Contribution.neighbourhood_id, Contribution.status, func.count())
            .where(
                Contribution.kind == ContributionKind.PROPOSAL,
                Contribution.hidden_at.is_(None),
                Contribution.merged_into_id.is_(None),
            )
            .group_by(Contribution.neighbourhood_id, Contribution.status)
        )
    }
    return kept, counted


def test_every_change_to_what_anyone_may_see_changes_the_counts_in_its_transaction(any_app):
    with arrange(any_app):
        seved, lindangen = make_neighbourhood(slug="seved"), make_neighbourhood(slug="lindangen")
        moderator = make_user(Role.PROCESS_LEADER)
        developer = make_developer([seved, lindangen])
        bench, lights, rude, again = (
            make_proposal(seved, title=title) for title in ("Bench", "Lights", "Rude", "Again")
        )
        crossing = make_proposal(lindangen, title="Crossing")
        submit_feedback(seved, FeedbackInput(rating=4), author=None)
        answer(bench, ProposalStatus.UNDER_REVIEW, "We look at it.", developer)
        answer(bench, ProposalStatus.PLANNED, "Ordered.", developer)
        answer(crossing, ProposalStatus.NOT_PLANNED, "Not here.", developer)
        hide(rude, "Rude", moderator)
        hide(lights, "Mistaken", moderator)
        restore(lights, "Not rude after all", moderator)
        merge(again, lights, moderator, "The same lights")
        edit_contribution(
            lights,
            ContributionChanges(
                body="Lights along the whole path",
                theme=lights.theme,
                place_description="",
                channel=lights.channel,
                people_count=3,
                title="Lights",
            ),
            moderator,
        )
        seved_id, lindangen_id = seved.id, lindangen.id

    with look(any_app):
        kept, counted = kept_and_counted()
        assert kept == counted
        assert kept == {
            (seved_id, ProposalStatus.PLANNED): 1,
            (seved_id, ProposalStatus.NEW): 1,
            (lindangen_id, ProposalStatus.NOT_PLANNED): 1,
        }


def test_a_change_that_is_rolled_back_leaves_the_counts_as_they_were(any_app):
    with arrange(any_app):
        proposal = make_proposal(make_neighbourhood())
        proposal_id = proposal.id
    with any_app.app_context():
        hide(db.session.get(Contribution, proposal_id), "Rude", make_user(Role.PROCESS_LEADER))
        db.session.rollback()
    with look(any_app):
        kept, counted = kept_and_counted()
        assert kept == counted != {}


def test_the_pages_show_the_kept_counts(app):
    with arrange(app):
        seved = make_neighbourhood(slug="seved", name="Seved")
        developer = make_developer([seved])
        for title in ("Bench", "Lights", "Crossing"):
            make_proposal(seved, title=title)
        answer(make_proposal(seved, title="Tree"), ProposalStatus.UNDER_REVIEW, "We look.", developer)
        developer_id = developer.id
    client = app.test_client()
    use_english(client)
    assert "4 proposals found" in client.get("/neighbourhoods/seved/proposals").get_data(as_text=True)
    assert "3 proposals found" in client.get("/neighbourhoods/seved/proposals?status=new").get_data(as_text=True)

    # Kept wrong on purpose: the pages say what is kept, so a count that drifted would show.
    with arrange(app):
        db.session.execute(update(ProposalCount).where(ProposalCount.status == ProposalStatus.NEW).values(proposals=30))
    assert "31 proposals found" in client.get("/neighbourhoods/seved/proposals").get_data(as_text=True)
    reviewer = app.test_client()
    log_in_directly(reviewer, developer_id)
    use_english(reviewer)
    assert "31 proposals found" in reviewer.get("/review").get_data(as_text=True)
    assert "1 proposal found" in reviewer.get("/review?status=under_review").get_data(as_text=True)
