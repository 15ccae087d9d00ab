"""Staff pages for contributions: log an event's input, edit, merge, hide or restore.

Every route is for process leaders and administrators: anonymous users are sent to log in, others get 403.
The lists, the reports and the CSV export are in list_views.py.
"""

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from dialogue.access import acting_user, staff_only
from dialogue.contributions.models import Contribution, ContributionKind
from dialogue.contributions.services import (
    ContributionError,
    LoggedItemError,
    edit_contribution,
    hide,
    log_event_input,
    merge,
    replace_photo,
    restore,
)
from dialogue.extensions import db
from dialogue.forms import form_status, show_refusal
from dialogue.moderation import bp
from dialogue.moderation.forms import EditContributionForm, LogInputForm, MergeForm, ModerateForm
from dialogue.moderation.queries import (
    contribution_for_staff,
    event_for_logging,
    merge_candidates,
    moderation_log_for,
    open_reports_for,
    sources_of,
)


def _load_contribution(contribution_id: int) -> Contribution:
    contribution = contribution_for_staff(contribution_id)
    if contribution is None:
        abort(404)
    return contribution


@bp.route("/events/<int:event_id>/log-input", methods=["GET", "POST"])
@staff_only
def log_input(event_id: int):
    event = event_for_logging(event_id)
    if event is None:
        abort(404)
    form = LogInputForm()
    if form.is_submitted() and form.more_rows.data:
        form.add_rows()  # a re-display with more rows, nothing is checked or stored yet
        return render_template("moderation/log_input.html", event=event, form=form)
    if form.validate_on_submit():
        rows = form.filled_rows()
        if not rows:
            form.form_errors.append(_("Fill in at least one row."))
        else:
            try:
                saved = log_event_input(event, [row.to_item() for row in rows], logged_by=acting_user())
            except ContributionError as error:
                db.session.rollback()
                show_refusal(form, error, within=rows[error.position] if isinstance(error, LoggedItemError) else None)
            else:
                db.session.commit()
                flash(ngettext("%(num)s item was saved.", "%(num)s items were saved.", len(saved)), "success")
                return redirect(
                    url_for("moderation.neighbourhood_contributions", slug=event.neighbourhood.slug, event=event.id)
                )
    status = 422 if form.is_submitted() else 200
    return render_template("moderation/log_input.html", event=event, form=form), status


@bp.route("/contributions/<int:contribution_id>/edit", methods=["GET", "POST"])
@staff_only
def edit(contribution_id: int):
    contribution = _load_contribution(contribution_id)
    form = EditContributionForm()
    if request.method == "GET":
        form.fill_from(contribution)
    if form.validate_on_submit():
        try:
            edit_contribution(contribution, form.to_changes(), editor=acting_user())
            if form.photo_to_store is not None:
                replace_photo(contribution, form.photo_to_store)
            elif form.remove_photo.data:
                replace_photo(contribution, None)
        except ContributionError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash(_("The changes are saved."), "success")
            return redirect(url_for("moderation.edit", contribution_id=contribution.id))
    status = form_status(form)
    return render_template("moderation/edit.html", contribution=contribution, form=form), status


@bp.get("/contributions/<int:contribution_id>/photo")
@staff_only
def photo(contribution_id: int):
    """The photo for staff, also while the contribution is hidden; an image, never run as a page."""
    contribution = _load_contribution(contribution_id)
    if contribution.photo is None:
        abort(404)
    response = make_response(contribution.photo.data)
    response.headers["Content-Type"] = contribution.photo.content_type
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/proposals/<int:contribution_id>/merge", methods=["GET", "POST"])
@staff_only
def merge_proposal(contribution_id: int):
    duplicate = _load_contribution(contribution_id)
    form = MergeForm()
    candidates = merge_candidates(duplicate) if duplicate.kind == ContributionKind.PROPOSAL else []
    form.target_id.choices = [("", _("Choose a proposal"))] + [
        (str(candidate.id), f"#{candidate.id} {candidate.title}") for candidate in candidates
    ]
    if form.validate_on_submit():
        target = db.session.get(Contribution, int(form.target_id.data))
        try:
            if target is None:
                raise ContributionError(_("There is no proposal with that number."), field="target_id")
            merge(duplicate, target, moderator=acting_user(), reason=form.reason.data or "")
        except ContributionError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash(_("The proposal was merged. Its supporters now support #%(id)s.", id=target.id), "success")
            return redirect(url_for("moderation.edit", contribution_id=target.id))
    status = form_status(form)
    return render_template(
        "moderation/merge.html",
        contribution=duplicate,
        form=form,
        candidates=candidates,
        sources=sources_of(duplicate.id),
    ), status


@bp.route("/contributions/<int:contribution_id>/moderate", methods=["GET", "POST"])
@staff_only
def moderate(contribution_id: int):
    contribution = _load_contribution(contribution_id)
    form = ModerateForm()
    if request.method == "GET":
        form.action.data = "restore" if contribution.is_hidden else "hide"
    if form.validate_on_submit():
        try:
            if form.action.data == "hide":
                hide(contribution, form.reason.data, moderator=acting_user())
            else:
                restore(contribution, form.reason.data, moderator=acting_user())
        except ContributionError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            if form.action.data == "hide":
                flash(_("The contribution is hidden from public view, and its reports are resolved."), "success")
            else:
                flash(_("The contribution is public again."), "success")
            return redirect(url_for("moderation.moderate", contribution_id=contribution.id))
    if form.errors or form.form_errors:
        form.action.data = "restore" if contribution.is_hidden else "hide"
        status = 422
    else:
        status = 200
    return render_template(
        "moderation/moderate.html",
        contribution=contribution,
        form=form,
        reports=open_reports_for(contribution.id),
        log=moderation_log_for(contribution.id),
    ), status
