"""Property developers review and answer the proposals of their neighbourhoods; staff set developers up."""

from datetime import timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from dialogue.access import role_required
from dialogue.contributions.models import ProposalStatus
from dialogue.contributions.permissions import can_review, can_see_contact_details
from dialogue.contributions.services import allowed_next_statuses, answer
from dialogue.database import utcnow
from dialogue.extensions import db
from dialogue.forms import REFUSED, commit_change, form_status
from dialogue.neighbourhoods.queries import all_neighbourhoods
from dialogue.organisations.models import Organisation
from dialogue.page_cache import kept_for_its_reader
from dialogue.pagination import args_without_page, requested_page
from dialogue.permissions import Role, is_staff
from dialogue.reviews import bp
from dialogue.reviews.forms import AnswerForm, DeveloperForm, QueueFilterForm
from dialogue.reviews.queries import (
    assignments_by_developer,
    developer_accounts,
    developer_by_id,
    developer_organisations,
    proposal_for_answer,
    queue_page,
    reviewable_neighbourhoods,
)
from dialogue.reviews.services import update_developer

REVIEWERS = (Role.DEVELOPER, Role.PROCESS_LEADER, Role.ADMIN)
STAFF = (Role.PROCESS_LEADER, Role.ADMIN)
CLOSED_STATUSES = frozenset(status for status in ProposalStatus if not allowed_next_statuses(status))


def _without_organisation_page():
    """A developer whose account is not linked to an organisation yet: say what is missing and who fixes it."""
    return render_template("reviews/no_organisation.html"), 403


def age_in_days(created_at) -> int:
    return max(0, (utcnow() - created_at) // timedelta(days=1))


@bp.get("/review")
@role_required(*REVIEWERS)
@kept_for_its_reader
def queue():
    if not is_staff(current_user) and current_user.organisation_id is None:
        return _without_organisation_page()
    neighbourhoods = reviewable_neighbourhoods(current_user)
    form = QueueFilterForm(request.args, neighbourhoods=neighbourhoods)
    form.validate()
    page = queue_page([n.id for n in neighbourhoods], form.filters(), requested_page())
    if page.page > page.pages:
        abort(404)
    filter_args = args_without_page()
    return render_template(
        "reviews/queue.html",
        form=form,
        page=page,
        neighbourhoods=neighbourhoods,
        filter_args=filter_args,
        age_in_days=age_in_days,
        closed_statuses=CLOSED_STATUSES,
    ), form_status(form)


@bp.route("/review/proposals/<int:proposal_id>/answer", methods=["GET", "POST"])
@role_required(*REVIEWERS)
def answer_proposal(proposal_id: int):
    if not is_staff(current_user) and current_user.organisation_id is None:
        return _without_organisation_page()
    proposal = proposal_for_answer(proposal_id, for_update=request.method == "POST")
    if proposal is None:
        abort(404)
    if not can_review(current_user, proposal.neighbourhood_id):
        abort(403)
    if not proposal.is_public:
        abort(404)
    form = AnswerForm(current_status=proposal.status)
    closed = not allowed_next_statuses(proposal.status)
    if form.is_submitted() and closed:
        form.form_errors.append(_("This proposal is closed: its status can no longer change."))
    elif form.validate_on_submit() and (
        commit_change(form, lambda: answer(proposal, form.chosen_status(), form.text.data, author=current_user))
        is not REFUSED
    ):
        flash(_("Your answer is published and the proposal's status is updated."), "success")
        return redirect(url_for("reviews.answer_proposal", proposal_id=proposal.id))
    return render_template(
        "reviews/answer.html",
        proposal=proposal,
        form=form,
        closed=closed,
        supports=proposal.support_count,
        show_contact=can_see_contact_details(current_user),
        age_in_days=age_in_days,
    ), form_status(form)


@bp.get("/staff/developers")
@role_required(*STAFF)
def developers():
    accounts = developer_accounts()
    return render_template(
        "reviews/developers.html",
        developers=accounts,
        assignments=assignments_by_developer([account.id for account in accounts]),
    )


@bp.route("/staff/developers/<int:user_id>", methods=["GET", "POST"])
@role_required(*STAFF)
def edit_developer(user_id: int):
    developer = developer_by_id(user_id)
    if developer is None:
        abort(404)
    neighbourhoods = all_neighbourhoods()
    assigned = assignments_by_developer([developer.id])[developer.id]
    form = DeveloperForm(organisations=developer_organisations(), neighbourhoods=neighbourhoods)
    if not form.is_submitted():
        form.organisation.data = str(developer.organisation_id) if developer.organisation_id else ""
        form.neighbourhoods.data = [neighbourhood.id for neighbourhood in assigned]
    if form.validate_on_submit():
        chosen = set(form.neighbourhoods.data or [])
        organisation = db.session.get(Organisation, int(form.organisation.data)) if form.organisation.data else None
        if (
            commit_change(
                form,
                lambda: update_developer(
                    developer,
                    organisation,
                    [neighbourhood for neighbourhood in neighbourhoods if neighbourhood.id in chosen],
                    acting_user=current_user,
                ),
            )
            is not REFUSED
        ):
            flash(_("%(name)s is set up: organisation and neighbourhoods saved.", name=developer.name), "success")
            return redirect(url_for("reviews.developers"))
    return render_template("reviews/developer.html", developer=developer, assigned=assigned, form=form), (
        form_status(form)
    )
