"""Hiding and restoring: the item stays stored, leaves public view, its reports are resolved, and it is logged."""

import pytest
from sqlalchemy import select

from dialogue.contributions.models import Contribution, ModerationAction, ModerationLog, Report
from dialogue.extensions import db
from tests.moderation.helpers import add_report, element_text, open_report_count
from tests.support import arrange, look, use_english


@pytest.fixture
def staff(staff):
    use_english(staff)
    return staff


def moderate_path(contribution_id: int) -> str:
    return f"/staff/contributions/{contribution_id}/moderate"


def test_hiding_resolves_the_reports_and_keeps_the_item(app, staff, world):
    with arrange(app):
        add_report(world.proposal_id, "Insults a neighbour")
        add_report(world.proposal_id, "Rude")
        add_report(world.other_proposal_id, "Unrelated report")
    html = staff.get(moderate_path(world.proposal_id)).get_data(as_text=True)
    assert "Insults a neighbour" in html and "Unrelated report" not in html

    response = staff.post(moderate_path(world.proposal_id), data={"action": "hide", "reason": "Personal attack"})
    assert response.status_code == 302

    with look(app):
        proposal = db.session.get(Contribution, world.proposal_id)
        assert proposal.hidden_at is not None and not proposal.is_public
        assert proposal.title == "A bench by the pond"  # still stored
        assert open_report_count(world.proposal_id) == 0
        resolved = db.session.scalars(select(Report).where(Report.contribution_id == world.proposal_id)).all()
        assert all(report.resolved_by_id is not None for report in resolved)
        assert open_report_count(world.other_proposal_id) == 1

    html = staff.get(moderate_path(world.proposal_id)).get_data(as_text=True)
    assert "Personal attack" in html and "No open reports." in html
    reports_page = staff.get("/staff/reports").get_data(as_text=True)
    assert "Insults a neighbour" not in reports_page and "Unrelated report" in reports_page


def test_a_hidden_proposal_leaves_public_view_and_comes_back_when_restored(app, staff, world):
    public = app.test_client()
    public_path = f"/proposals/{world.proposal_id}"
    public_list = f"/neighbourhoods/{world.slug}/proposals"
    assert public.get(public_path).status_code == 200
    assert "A bench by the pond" in public.get(public_list).get_data(as_text=True)

    staff.post(moderate_path(world.proposal_id), data={"action": "hide", "reason": "Personal attack"})
    assert public.get(public_path).status_code == 404
    assert "A bench by the pond" not in public.get(public_list).get_data(as_text=True)

    staff.post(moderate_path(world.proposal_id), data={"action": "restore", "reason": "Reviewed again"})
    assert public.get(public_path).status_code == 200


def test_a_hidden_item_is_restored_with_a_reason_and_both_steps_are_logged(app, staff, world):
    staff.post(moderate_path(world.feedback_id), data={"action": "hide", "reason": "Looked like spam"})
    html = staff.get(moderate_path(world.feedback_id)).get_data(as_text=True)
    assert 'name="action" type="hidden" value="restore"' in html
    response = staff.post(moderate_path(world.feedback_id), data={"action": "restore", "reason": "It was fine"})
    assert response.status_code == 302
    with look(app):
        assert db.session.get(Contribution, world.feedback_id).hidden_at is None
        log = db.session.scalars(select(ModerationLog).order_by(ModerationLog.id)).all()
        assert [(entry.action, entry.reason) for entry in log] == [
            (ModerationAction.HIDE, "Looked like spam"),
            (ModerationAction.RESTORE, "It was fine"),
        ]
    html = staff.get(moderate_path(world.feedback_id)).get_data(as_text=True)
    assert "Looked like spam" in html and "It was fine" in html


def test_a_reason_is_required(app, staff, world):
    response = staff.post(moderate_path(world.proposal_id), data={"action": "hide", "reason": "  "})
    assert response.status_code == 422
    assert element_text(response.get_data(as_text=True), "reason-error") == (
        "Write a reason: it is kept in the moderation log."
    )
    response = staff.post(moderate_path(world.proposal_id), data={"action": "hide", "reason": "x" * 501})
    assert response.status_code == 422
    with look(app):
        assert db.session.get(Contribution, world.proposal_id).hidden_at is None


def test_hiding_twice_says_so_and_changes_nothing(app, staff, world):
    staff.post(moderate_path(world.proposal_id), data={"action": "hide", "reason": "Spam"})
    response = staff.post(moderate_path(world.proposal_id), data={"action": "hide", "reason": "Spam again"})
    assert response.status_code == 422
    assert "This contribution is already hidden." in response.get_data(as_text=True)
    with look(app):
        assert len(db.session.scalars(select(ModerationLog)).all()) == 1


def test_a_tampered_action_is_refused(app, staff, world):
    response = staff.post(moderate_path(world.proposal_id), data={"action": "delete", "reason": "Gone"})
    assert response.status_code == 422
    with look(app):
        assert db.session.get(Contribution, world.proposal_id).hidden_at is None
