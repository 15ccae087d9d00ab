"""Residents' pages: browse a neighbourhood's proposals, read one, support it, propose, give feedback, report.

Views are thin: load (404), check access, validate, call a service, commit once, flash, redirect.
"""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from dialogue.access import acting_user
from dialogue.contributions import bp
from dialogue.contributions.forms import FeedbackForm, ProposalFilterForm, ProposalForm, ReportForm
from dialogue.contributions.models import Contribution
from dialogue.contributions.queries import (
    contribution_for_page,
    events_to_choose,
    merged_sources,
    photo_for_serving,
    public_proposal_page,
    supports,
)
from dialogue.contributions.services import ContributionError, report, submit_feedback, submit_proposal, toggle_support
from dialogue.extensions import db
from dialogue.forms import REFUSED, commit_change, form_status
from dialogue.limits import limited, limited_reads, limited_writes
from dialogue.neighbourhoods.models import Neighbourhood
from dialogue.neighbourhoods.queries import neighbourhood_by_slug
from dialogue.page_cache import kept_for_visitors
from dialogue.permissions import is_staff

FILTER_NAMES = ("theme", "status", "channel", "sort")
SERVED_PHOTO_TYPES = frozenset({"image/jpeg", "image/png"})


def _neighbourhood_or_404(slug: str) -> Neighbourhood:
    neighbourhood = neighbourhood_by_slug(slug)
    if neighbourhood is None:
        abort(404)
    return neighbourhood


def _may_see(contribution: Contribution) -> bool:
    """The public sees what is neither hidden nor merged; staff also see hidden contributions."""
    return contribution.is_public or (is_staff(current_user) and contribution.merged_into_id is None)


@bp.get("/neighbourhoods/<slug>/proposals")
@limited_reads("RATE_LIMIT_SEARCH")
@kept_for_visitors
def list_proposals(slug: str):
    neighbourhood = _neighbourhood_or_404(slug)
    form = ProposalFilterForm(request.args)
    form.validate()
    page = public_proposal_page(neighbourhood.id, form.filters(), request.args.get("page", 1, type=int))
    if page is None:
        abort(404)
    filter_args = {name: request.args[name] for name in FILTER_NAMES if request.args.get(name)}
    return render_template(
        "contributions/list.html", neighbourhood=neighbourhood, form=form, page=page, filter_args=filter_args
    ), form_status(form)


@bp.get("/proposals/<int:proposal_id>")
@kept_for_visitors
def show_proposal(proposal_id: int):
    proposal = contribution_for_page(proposal_id)
    if proposal is None or not proposal.is_proposal:
        abort(404)
    if proposal.merged_into_id is not None:
        return redirect(url_for(".show_proposal", proposal_id=proposal.merged_into_id))
    if not _may_see(proposal):
        abort(404)
    user = acting_user()
    return render_template(
        "contributions/show.html",
        proposal=proposal,
        support_count=proposal.support_count,
        user_supports=bool(user) and supports(proposal.id, user.id),
        is_own=bool(user) and proposal.author_id == user.id,
        sources=merged_sources(proposal.id),
    )


@bp.post("/proposals/<int:proposal_id>/support")
@limited("RATE_LIMIT_SUPPORT")
def support_proposal(proposal_id: int):
    proposal = db.get_or_404(Contribution, proposal_id)
    if not proposal.is_proposal:
        abort(404)
    page = url_for(".show_proposal", proposal_id=proposal.id)
    if not current_user.is_authenticated:
        flash(_("Log in to support proposals."), "info")
        return redirect(url_for("accounts.login", next=page))
    try:
        now_supported = toggle_support(proposal, current_user)
    except ContributionError as error:
        db.session.rollback()
        flash(str(error.message), "error")
    else:
        db.session.commit()
        if now_supported:
            flash(_("Thank you for your support."), "success")
        else:
            flash(_("You no longer support this proposal."), "success")
    if proposal.merged_into_id is None and not _may_see(proposal):
        return redirect(url_for(".list_proposals", slug=proposal.neighbourhood.slug))
    return redirect(page)


@bp.route("/neighbourhoods/<slug>/proposals/new", methods=["GET", "POST"])
@limited_writes("RATE_LIMIT_CONTRIBUTION")
def new_proposal(slug: str):
    neighbourhood = _neighbourhood_or_404(slug)
    form = ProposalForm(events=events_to_choose(neighbourhood.id))
    if request.method == "GET":
        form.language.data = str(get_locale())
        form.preselect_event(request.args.get("event"))
    if form.validate_on_submit():
        proposal = commit_change(form, lambda: submit_proposal(neighbourhood, form.to_input(), author=acting_user()))
        if proposal is not REFUSED:
            flash(
                _("Thank you for your proposal! It is now published, and the property owners here can answer it."),
                "success",
            )
            return redirect(url_for(".show_proposal", proposal_id=proposal.id))
    return render_template("contributions/new_proposal.html", neighbourhood=neighbourhood, form=form), form_status(form)


@bp.route("/neighbourhoods/<slug>/feedback/new", methods=["GET", "POST"])
@limited_writes("RATE_LIMIT_CONTRIBUTION")
def new_feedback(slug: str):
    neighbourhood = _neighbourhood_or_404(slug)
    form = FeedbackForm(events=events_to_choose(neighbourhood.id))
    if request.method == "GET":
        form.preselect_event(request.args.get("event"))
    if form.validate_on_submit():
        feedback = commit_change(
            form, lambda: submit_feedback(neighbourhood, form.to_input(str(get_locale())), author=acting_user())
        )
        if feedback is not REFUSED:
            flash(_("Thank you for your feedback! It helps us plan the next events."), "success")
            if feedback.event_id is not None:
                return redirect(url_for("registrations.show_event", event_id=feedback.event_id))
            return redirect(url_for("main.neighbourhood", slug=neighbourhood.slug))
    return render_template("contributions/new_feedback.html", neighbourhood=neighbourhood, form=form), form_status(form)


def _after_report(contribution: Contribution) -> str:
    if contribution.is_proposal and contribution.merged_into_id is not None:
        return url_for(".show_proposal", proposal_id=contribution.merged_into_id)
    if contribution.is_proposal and _may_see(contribution):
        return url_for(".show_proposal", proposal_id=contribution.id)
    return url_for("main.neighbourhood", slug=contribution.neighbourhood.slug)


@bp.route("/contributions/<int:contribution_id>/report", methods=["GET", "POST"])
@limited_writes("RATE_LIMIT_REPORT")
def report_contribution(contribution_id: int):
    contribution = contribution_for_page(contribution_id)
    if contribution is None:
        abort(404)
    form = ReportForm()
    if contribution.is_hidden:
        if request.method == "POST":
            flash(_("This contribution has already been hidden. Thank you for telling us."), "info")
            return redirect(_after_report(contribution))
    elif form.validate_on_submit() and (
        commit_change(form, lambda: report(contribution, form.reason.data, reporter=acting_user())) is not REFUSED
    ):
        flash(_("Thank you. A process leader will look at your report."), "success")
        return redirect(_after_report(contribution))
    return render_template("contributions/report.html", contribution=contribution, form=form), form_status(form)


@bp.get("/photos/<int:photo_id>")
def photo(photo_id: int):
    stored = photo_for_serving(photo_id)
    if stored is None or not (stored.contribution_is_public or is_staff(current_user)):
        abort(404)
    if stored.content_type not in SERVED_PHOTO_TYPES:
        abort(404)  # only what photos.py re-encoded is ever served as an image
    response = Response(stored.data, mimetype=stored.content_type)
    response.headers["Content-Disposition"] = "inline"
    response.headers["Cache-Control"] = "private, max-age=3600"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
