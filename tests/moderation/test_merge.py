"""Merging a duplicate proposal: supporters move once, the duplicate stays stored as a source."""

import pytest
from sqlalchemy import func, select

from dialogue.contributions.models import Contribution, ModerationAction, ModerationLog, Support
from dialogue.contributions.services import hide, toggle_support
from dialogue.extensions import db
from dialogue.permissions import Role
from tests.factories import make_neighbourhood, make_proposal, make_user
from tests.moderation.helpers import element_text
from tests.support import arrange, look, use_english


@pytest.fixture
def staff(staff):
    use_english(staff)
    return staff


def merge_path(contribution_id: int) -> str:
    return f"/staff/proposals/{contribution_id}/merge"


def supporters(contribution_id: int) -> set[int]:
    return set(db.session.scalars(select(Support.user_id).where(Support.contribution_id == contribution_id)))


def test_the_merge_page_offers_the_other_public_proposals_of_the_neighbourhood(app, staff, world):
    with arrange(app):
        elsewhere = make_proposal(make_neighbourhood(), title="A bench somewhere else")
        elsewhere_id = elsewhere.id
    html = staff.get(merge_path(world.proposal_id)).get_data(as_text=True)
    assert f'<option value="{world.other_proposal_id}">' in html
    assert f'value="{world.proposal_id}"' not in html
    assert f'value="{elsewhere_id}"' not in html and f'value="{world.feedback_id}"' not in html


def test_supporters_move_and_a_shared_supporter_keeps_one_support(app, staff, world):
    with arrange(app):
        duplicate = db.session.get(Contribution, world.proposal_id)
        target = db.session.get(Contribution, world.other_proposal_id)
        both, only_duplicate, only_target = (make_user(Role.RESIDENT) for _ in range(3))
        for user in (both, only_duplicate):
            toggle_support(duplicate, user)
        for user in (both, only_target):
            toggle_support(target, user)
        ids = {both.id, only_duplicate.id, only_target.id}
        both_id = both.id

    response = staff.post(
        merge_path(world.proposal_id), data={"target_id": str(world.other_proposal_id), "reason": "Same bench"}
    )
    assert response.status_code == 302

    with look(app):
        assert supporters(world.other_proposal_id) == ids
        assert supporters(world.proposal_id) == set()
        assert db.session.scalar(select(func.count()).select_from(Support).where(Support.user_id == both_id)) == 1
        duplicate = db.session.get(Contribution, world.proposal_id)
        assert duplicate.merged_into_id == world.other_proposal_id and duplicate.title == "A bench by the pond"
        entry = db.session.scalars(select(ModerationLog)).one()
        assert entry.action == ModerationAction.MERGE and entry.reason == "Same bench"

    # The duplicate is listed as a source on the target's merge page.
    html = staff.get(merge_path(world.other_proposal_id)).get_data(as_text=True)
    assert f"#{world.proposal_id} A bench by the pond" in html


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("self", "A proposal cannot be merged into itself."),
        ("elsewhere", "Proposals can only be merged within the same neighbourhood."),
        ("feedback", "Only proposals can be merged."),
        ("hidden", "You cannot merge into a hidden proposal."),
        ("999999", "There is no proposal with that number."),
        ("", "Choose the proposal to merge into."),
        ("abc", "Choose the proposal to merge into."),
    ],
)
def test_a_merge_the_rules_refuse_gets_a_message_next_to_the_field(app, staff, world, target, message):
    with arrange(app):
        if target == "elsewhere":
            target = str(make_proposal(make_neighbourhood()).id)
        elif target == "hidden":
            other = db.session.get(Contribution, world.other_proposal_id)
            hide(other, "Spam", moderator=make_user(Role.PROCESS_LEADER))
            target = str(other.id)
    target = {"self": str(world.proposal_id), "feedback": str(world.feedback_id)}.get(target, target)
    response = staff.post(merge_path(world.proposal_id), data={"target_id": target})
    assert response.status_code == 422
    assert element_text(response.get_data(as_text=True), "target_id-error") == message
    with look(app):
        assert db.session.get(Contribution, world.proposal_id).merged_into_id is None
        merges = select(ModerationLog).where(ModerationLog.action == ModerationAction.MERGE)
        assert db.session.scalars(merges).first() is None


def test_feedback_cannot_be_merged(app, staff, world):
    html = staff.get(merge_path(world.feedback_id)).get_data(as_text=True)
    assert "Only proposals can be merged." in html and 'name="target_id"' not in html
    response = staff.post(merge_path(world.feedback_id), data={"target_id": str(world.proposal_id)})
    assert response.status_code == 422
    with look(app):
        assert db.session.get(Contribution, world.feedback_id).merged_into_id is None


def test_an_already_merged_proposal_is_not_merged_again(app, staff, world):
    response = staff.post(merge_path(world.proposal_id), data={"target_id": str(world.other_proposal_id)})
    assert response.status_code == 302
    html = staff.get(merge_path(world.proposal_id)).get_data(as_text=True)
    assert f"already merged into #{world.other_proposal_id}" in html
    with arrange(app):
        third_id = make_proposal(db.session.get(Contribution, world.proposal_id).neighbourhood).id
    response = staff.post(merge_path(world.proposal_id), data={"target_id": str(third_id)})
    assert response.status_code == 422
    with look(app):
        assert db.session.get(Contribution, world.proposal_id).merged_into_id == world.other_proposal_id
