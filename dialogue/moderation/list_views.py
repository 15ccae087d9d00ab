"""Staff lists: open reports, a neighbourhood's contributions, and their CSV export. The overview at /staff/ is
the dashboard in dialogue.reports."""

from flask import abort, render_template, request

from dialogue.access import acting_user, staff_only
from dialogue.audit.log import record_reading
from dialogue.audit.models import AuditAction
from dialogue.contributions.models import ContributionKind, ProposalStatus
from dialogue.database import utcnow
from dialogue.downloads import CSV_TYPE, download
from dialogue.forms import form_status
from dialogue.local_time import local_date_text
from dialogue.moderation import bp
from dialogue.moderation.export import contributions_csv
from dialogue.moderation.forms import StaffFilterForm
from dialogue.moderation.queries import (
    STAFF_ROWS_PER_PAGE,
    StaffFilters,
    all_contributions_for_export,
    neighbourhood_contributions_select,
    neighbourhood_events,
    neighbourhood_support_counts,
    open_reports_select,
    support_counts,
)
from dialogue.neighbourhoods.queries import neighbourhood_by_slug
from dialogue.pagination import args_without_page, paginate


def _load_neighbourhood(slug: str):
    neighbourhood = neighbourhood_by_slug(slug)
    if neighbourhood is None:
        abort(404)
    return neighbourhood


@bp.get("/reports")
@staff_only
def reports():
    page = paginate(open_reports_select(), STAFF_ROWS_PER_PAGE)
    return render_template("moderation/reports.html", page=page)


@bp.get("/neighbourhoods/<slug>/contributions")
@staff_only
def neighbourhood_contributions(slug: str):
    neighbourhood = _load_neighbourhood(slug)
    form = StaffFilterForm(request.args, events=neighbourhood_events(neighbourhood.id))
    form.validate()
    kind, status, event = form.value("kind"), form.value("status"), form.value("event")
    filters = StaffFilters(
        kind=ContributionKind(kind) if kind else None,
        status=ProposalStatus(status) if status else None,
        visibility=form.value("visibility"),
        event_id=int(event) if event else None,
    )
    page = paginate(neighbourhood_contributions_select(neighbourhood.id, filters), STAFF_ROWS_PER_PAGE)
    filter_args = args_without_page()
    return render_template(
        "moderation/contributions.html",
        neighbourhood=neighbourhood,
        form=form,
        page=page,
        supports=support_counts([contribution.id for contribution in page.items]),
        filter_args=filter_args,
    ), form_status(form)


@bp.get("/neighbourhoods/<slug>/contributions.csv")
@staff_only
def neighbourhood_contributions_csv(slug: str):
    neighbourhood = _load_neighbourhood(slug)
    body = contributions_csv(
        all_contributions_for_export(neighbourhood.id), neighbourhood_support_counts(neighbourhood.id)
    )
    filename = f"{neighbourhood.slug}-contributions-{local_date_text(utcnow())}.csv"
    # Contact emails and what residents wrote leave the application.
    record_reading(AuditAction.CONTRIBUTIONS_EXPORTED, neighbourhood, actor=acting_user())
    return download(body, filename, CSV_TYPE)
