"""The organisations register, for process leaders and administrators: anonymous users are sent to log in,
everyone else gets 403."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from dialogue.access import acting_user, staff_only
from dialogue.extensions import db
from dialogue.forms import REFUSED, commit_change, form_status
from dialogue.neighbourhoods.models import Neighbourhood
from dialogue.neighbourhoods.queries import all_neighbourhoods
from dialogue.organisation_register import bp
from dialogue.organisation_register.forms import OrganisationFilterForm, OrganisationForm, SiteLinkForm
from dialogue.organisation_register.queries import (
    ORGANISATIONS_PER_PAGE,
    activity_counts,
    attended_events,
    cohosted_events,
    initiatives_of,
    members_of,
    sites_of,
)
from dialogue.organisation_register.services import (
    NotAllowed,
    create_organisation,
    link_neighbourhood,
    unlink_neighbourhood,
    update_organisation,
)
from dialogue.organisations.models import Organisation, SiteRelation
from dialogue.organisations.queries import SITE_KINDS, organisations_select
from dialogue.pagination import args_without_page, paginate


@bp.get("/")
@staff_only
def list_organisations():
    form = OrganisationFilterForm(request.args)
    form.validate()
    page = paginate(organisations_select(form.chosen_kind()), ORGANISATIONS_PER_PAGE)
    filter_args = args_without_page()
    return render_template(
        "organisation_register/list.html",
        form=form,
        page=page,
        activity=activity_counts([organisation.id for organisation in page.items]),
        filter_args=filter_args,
    ), form_status(form)


@bp.route("/new", methods=["GET", "POST"])
@staff_only
def new():
    form = OrganisationForm()
    if form.validate_on_submit():
        organisation = commit_change(form, lambda: create_organisation(form.to_input(), acting_user=acting_user()))
        if organisation is not REFUSED:
            flash(_("%(name)s was added to the register.", name=organisation.name), "success")
            return redirect(url_for("organisations.show", organisation_id=organisation.id))
    return render_template("organisation_register/form.html", form=form, organisation=None), form_status(form)


def _load(organisation_id: int) -> Organisation:
    return db.get_or_404(Organisation, organisation_id)


@bp.route("/<int:organisation_id>/edit", methods=["GET", "POST"])
@staff_only
def edit(organisation_id: int):
    organisation = _load(organisation_id)
    form = OrganisationForm()
    if not form.is_submitted():
        form.fill_from(organisation)
    if form.validate_on_submit() and (
        commit_change(form, lambda: update_organisation(organisation, form.to_input(), acting_user=acting_user()))
        is not REFUSED
    ):
        flash(_("The changes to %(name)s are saved.", name=organisation.name), "success")
        return redirect(url_for("organisations.show", organisation_id=organisation.id))
    # After a rollback the organisation is read again, so the page shows what is stored, not the refused change.
    return render_template("organisation_register/form.html", form=form, organisation=organisation), form_status(form)


def _render_show(organisation: Organisation, site_form: SiteLinkForm):
    return render_template(
        "organisation_register/show.html",
        organisation=organisation,
        site_form=site_form,
        takes_sites=organisation.kind in SITE_KINDS,
        sites=sites_of(organisation.id),
        cohosted=cohosted_events(organisation.id),
        attended=attended_events(organisation.id),
        members=members_of(organisation.id),
        initiatives=initiatives_of(organisation.id),
    ), form_status(site_form)


@bp.get("/<int:organisation_id>")
@staff_only
def show(organisation_id: int):
    organisation = _load(organisation_id)
    return _render_show(organisation, SiteLinkForm(neighbourhoods=all_neighbourhoods()))


@bp.post("/<int:organisation_id>/neighbourhoods")
@staff_only
def add_site(organisation_id: int):
    organisation = _load(organisation_id)
    form = SiteLinkForm(neighbourhoods=all_neighbourhoods())
    if form.validate_on_submit():
        neighbourhood = db.session.get(Neighbourhood, int(form.neighbourhood.data))
        if (
            commit_change(
                form,
                lambda: link_neighbourhood(
                    organisation, neighbourhood, SiteRelation(form.relation.data), acting_user()
                ),
            )
            is not REFUSED
        ):
            flash(
                _(
                    "%(organisation)s is now linked to %(neighbourhood)s.",
                    organisation=organisation.name,
                    neighbourhood=neighbourhood.name,
                ),
                "success",
            )
            return redirect(url_for("organisations.show", organisation_id=organisation.id, _anchor="sites"))
    return _render_show(organisation, form)


@bp.post("/<int:organisation_id>/neighbourhoods/<int:neighbourhood_id>/<relation>/remove")
@staff_only
def remove_site(organisation_id: int, neighbourhood_id: int, relation: str):
    organisation = _load(organisation_id)
    neighbourhood = db.get_or_404(Neighbourhood, neighbourhood_id)
    if relation not in {member.value for member in SiteRelation}:
        abort(404)
    try:
        removed = unlink_neighbourhood(organisation, neighbourhood, SiteRelation(relation), acting_user())
    except NotAllowed:
        db.session.rollback()
        abort(403)
    db.session.commit()
    if removed:
        flash(
            _(
                "%(organisation)s is no longer linked to %(neighbourhood)s.",
                organisation=organisation.name,
                neighbourhood=neighbourhood.name,
            ),
            "success",
        )
    else:
        flash(_("That link had already been removed."), "info")
    return redirect(url_for("organisations.show", organisation_id=organisation.id, _anchor="sites"))
