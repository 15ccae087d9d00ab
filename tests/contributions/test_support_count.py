"""The number of supports kept on a proposal is always the number of its supports: after supporting and taking it
back, a double click, a merge, and the deletion of unused accounts by the privacy purge, on SQLite and PostgreSQL.
The pages read the kept number, so a count that drifted would show."""

from datetime import timedelta

from sqlalchemy import func, select

from dialogue.contributions import supports
from dialogue.contributions.models import Contribution, Support
from dialogue.contributions.services import merge, toggle_support
from dialogue.database import utcnow
from dialogue.extensions import db
from dialogue.permissions import Role
from dialogue.privacy.purge import purge
from tests.factories import make_neighbourhood, make_proposal, make_user
from tests.support import arrange, look, use_english


def kept_and_counted(proposal_id: int) -> tuple[int, int]:
    kept = db.session.scalar(select(Contribution.support_count).where(Contribution.id == proposal_id))
    counted = db.session.scalar(select(func.count()).select_from(Support).where(Support.contribution_id == proposal_id))
    return kept, counted


def test_supporting_and_taking_it_back_change_the_number_on_the_page(any_app):
    with arrange(any_app):
        proposal = make_proposal(make_neighbourhood(slug="seved"))
        residents = [make_user(Role.RESIDENT) for _ in range(3)]
        for resident in residents:
            toggle_support(proposal, resident)
        toggle_support(proposal, residents[0])  # taken back
        proposal_id, updated_at = proposal.id, proposal.updated_at
    client = any_app.test_client()
    use_english(client)

    assert "2 supporters" in client.get(f"/proposals/{proposal_id}").get_data(as_text=True)
    assert "2 supporters" in client.get("/neighbourhoods/seved/proposals").get_data(as_text=True)
    with look(any_app):
        assert kept_and_counted(proposal_id) == (2, 2)
        assert db.session.get(Contribution, proposal_id).updated_at == updated_at  # a support is no edit


def test_a_second_support_from_the_same_account_counts_once(any_app):
    with arrange(any_app):
        proposal = make_proposal()
        resident = make_user(Role.RESIDENT)
        supports.add(proposal, resident.id)
        supports.add(proposal, resident.id)  # a double click that got past the first check
        proposal_id = proposal.id
    with look(any_app):
        assert kept_and_counted(proposal_id) == (1, 1)


def test_a_merge_counts_the_supporters_of_both_once(any_app):
    with arrange(any_app):
        neighbourhood = make_neighbourhood()
        duplicate, target = make_proposal(neighbourhood), make_proposal(neighbourhood)
        both, only_duplicate, only_target = (make_user(Role.RESIDENT) for _ in range(3))
        for user in (both, only_duplicate):
            toggle_support(duplicate, user)
        for user in (both, only_target):
            toggle_support(target, user)
        merge(duplicate, target, make_user(Role.PROCESS_LEADER), "Same bench")
        duplicate_id, target_id = duplicate.id, target.id
    with look(any_app):
        assert kept_and_counted(target_id) == (3, 3)
        assert kept_and_counted(duplicate_id) == (0, 0)


def test_deleting_unused_accounts_takes_their_supports_off_the_count(any_app):
    with arrange(any_app):
        proposal = make_proposal()
        gone, stays = make_user(Role.RESIDENT), make_user(Role.RESIDENT)
        toggle_support(proposal, gone)
        toggle_support(proposal, stays)
        gone.unused_warning_sent_at = utcnow() - timedelta(days=60)
        stays.last_login_at = utcnow() + timedelta(days=3650)  # in use, however late the purge runs
        proposal_id, gone_id = proposal.id, gone.id

    with any_app.app_context():
        assert purge(now=utcnow()).counts["unused accounts deleted"] == 1
        db.session.commit()
    with look(any_app):
        assert db.session.get(type(gone), gone_id) is None
        assert kept_and_counted(proposal_id) == (1, 1)
