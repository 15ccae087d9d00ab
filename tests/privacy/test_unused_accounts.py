"""Unused accounts: warned by email in their own language, deleted a month later unless someone logged in; staff
accounts never, but listed for an administrator; a sign-up never confirmed goes without a warning."""

from datetime import timedelta

from sqlalchemy import select

from dialogue.accounts.models import User
from dialogue.accounts.services import log_in
from dialogue.audit.models import AuditAction, AuditEntry
from dialogue.contributions.models import Contribution
from dialogue.database import utcnow
from dialogue.extensions import db
from dialogue.outbox.models import OutboxMessage
from dialogue.permissions import Role
from dialogue.privacy.emails import UNUSED_ACCOUNT_WARNING
from dialogue.privacy.purge import purge
from tests.factories import PASSWORD, make_proposal, make_user
from tests.support import arrange, look

TWO_YEARS_LATER = timedelta(days=731)
A_MONTH = timedelta(days=31)


def test_an_unused_account_is_warned_in_its_language_and_deleted_a_month_later(any_app):
    with arrange(any_app):
        user = make_user(email="sam@example.se", name="Sam", preferred_language="en")
        proposal_id = make_proposal(author=user).id
        user_id = user.id
    later = utcnow() + TWO_YEARS_LATER

    with any_app.app_context():
        assert purge(now=later).counts["unused accounts warned"] == 1
        assert purge(now=later + timedelta(days=29)).counts["unused accounts deleted"] == 0
    with look(any_app):
        warning = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == UNUSED_ACCOUNT_WARNING)).one()
        assert (warning.to_address, warning.language) == ("sam@example.se", "en")
        assert warning.subject == "Your account on Dialogue will be deleted"
        assert "/account/login" in warning.body_text and "/privacy" in warning.body_text

    with any_app.app_context():
        assert purge(now=later + A_MONTH).counts["unused accounts deleted"] == 1
    with look(any_app):
        assert db.session.get(User, user_id) is None
        assert db.session.get(Contribution, proposal_id).author_id is None  # the proposal stays
        deleted = db.session.scalars(select(AuditEntry).where(AuditEntry.subject_id == user_id)).all()
        assert [entry.action for entry in deleted] == [AuditAction.UNUSED_ACCOUNT_DELETED]


def test_a_login_after_the_warning_keeps_the_account(any_app):
    with arrange(any_app):
        user_id = make_user(email="kim@example.se").id
    later = utcnow() + TWO_YEARS_LATER
    with any_app.app_context():
        purge(now=later)
    with arrange(any_app):
        assert log_in("kim@example.se", PASSWORD, now=later + timedelta(days=3)) is not None

    with any_app.app_context():
        report = purge(now=later + A_MONTH)
    assert report.counts["unused accounts deleted"] == 0
    with look(any_app):
        user = db.session.get(User, user_id)
        assert user is not None and user.unused_warning_sent_at is None
        assert user.last_login_at == later + timedelta(days=3)


def test_staff_accounts_are_listed_never_warned_or_deleted(any_app):
    with arrange(any_app):
        make_user(Role.PROCESS_LEADER, email="leader@example.se")
        make_user(Role.ADMIN, email="admin@example.se")
    later = utcnow() + TWO_YEARS_LATER
    with any_app.app_context():
        first = purge(now=later)
        second = purge(now=later + A_MONTH)
    assert first.counts["unused accounts warned"] == second.counts["unused accounts deleted"] == 0
    assert sorted(account.email for account in second.unused_staff) == ["admin@example.se", "leader@example.se"]
    with look(any_app):
        assert len(db.session.scalars(select(User)).all()) == 2


def test_a_sign_up_never_confirmed_is_deleted_without_a_warning(any_app):
    from dialogue.accounts.signup import sign_up

    with arrange(any_app):
        sign_up("typo@example.se", "Somebody", "a long and unusual password")
    with any_app.app_context():
        report = purge(now=utcnow() + TWO_YEARS_LATER)
    assert report.counts["unused accounts warned"] == 0
    assert report.counts["unused accounts deleted"] == 1
    with look(any_app):
        assert db.session.scalars(select(User)).all() == []
