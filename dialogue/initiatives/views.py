"""The initiatives register, for process leaders and administrators: anonymous users are sent to log in,
everyone else gets 403."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from dialogue.access import acting_user, staff_only
from dialogue.forms import REFUSED, commit_change, form_status
from dialogue.initiatives import bp
from dialogue.initiatives.forms import InitiativeFilterForm, InitiativeForm
from dialogue.initiatives.models import Initiative, InitiativeKind, InitiativeStatus
from dialogue.initiatives.queries import (
    INITIATIVES_PER_PAGE,
    InitiativeFilters,
    initiative_for_page,
    initiatives_select,
    related_event_choices,
)
from dialogue.initiatives.services import create_initiative, update_initiative
from dialogue.neighbourhoods.queries import all_neighbourhoods
from dialogue.organisations.queries import all_organisations
from dialogue.pagination import args_without_page, paginate


def _load(initiative_id: int) -> Initiative:
    initiative = initiative_for_page(initiative_id)
    if initiative is None:
        abort(404)
    return initiative


def _form(initiative: Initiative | None = None) -> InitiativeForm:
    linked = [event.id for event in initiative.events] if initiative else []
    return InitiativeForm(
        organisations=all_organisations(), neighbourhoods=all_neighbourhoods(), events=related_event_choices(linked)
    )


@bp.get("/")
@staff_only
def list_initiatives():
    form = InitiativeFilterForm(request.args)
    form.validate()
    kind, status = form.value("kind"), form.value("status")
    filters = InitiativeFilters(
        kind=InitiativeKind(kind) if kind else None, status=InitiativeStatus(status) if status else None
    )
    page = paginate(initiatives_select(filters), INITIATIVES_PER_PAGE)
    filter_args = args_without_page()
    return render_template("initiatives/list.html", form=form, page=page, filter_args=filter_args), form_status(form)


@bp.route("/new", methods=["GET", "POST"])
@staff_only
def new():
    form = _form()
    if form.validate_on_submit():
        initiative = commit_change(form, lambda: create_initiative(form.to_input(), acting_user=acting_user()))
        if initiative is not REFUSED:
            flash(_("%(name)s was added to the register.", name=initiative.name), "success")
            return redirect(url_for("initiatives.show", initiative_id=initiative.id))
    return render_template("initiatives/form.html", form=form, initiative=None), form_status(form)


@bp.route("/<int:initiative_id>/edit", methods=["GET", "POST"])
@staff_only
def edit(initiative_id: int):
    initiative = _load(initiative_id)
    form = _form(initiative)
    if not form.is_submitted():
        form.fill_from(initiative)
    if form.validate_on_submit() and (
        commit_change(form, lambda: update_initiative(initiative, form.to_input(), acting_user=acting_user()))
        is not REFUSED
    ):
        flash(_("The changes to %(name)s are saved.", name=initiative.name), "success")
        return redirect(url_for("initiatives.show", initiative_id=initiative.id))
    return render_template("initiatives/form.html", form=form, initiative=initiative), form_status(form)


@bp.get("/<int:initiative_id>")
@staff_only
def show(initiative_id: int):
    return render_template("initiatives/show.html", initiative=_load(initiative_id))
