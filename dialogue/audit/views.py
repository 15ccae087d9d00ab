"""The audit log for administrators: newest first, narrowed by person, action, record and dates. Anonymous users
are sent to log in; everyone else, process leaders included, gets 403."""

from flask import render_template, request

from dialogue.access import role_required
from dialogue.audit import bp
from dialogue.audit.forms import NOBODY, AuditFilterForm
from dialogue.audit.models import AuditAction, SubjectType
from dialogue.audit.queries import AUDIT_ENTRIES_PER_PAGE, AuditFilters, account_names, audit_select, person_choices
from dialogue.forms import form_status
from dialogue.pagination import args_without_page, paginate
from dialogue.permissions import Role

# The page of each kind of record, where there is one: (endpoint, the name of its id in the URL).
RECORD_PAGES = {
    SubjectType.EVENT: ("planning.edit_event", "event_id"),
    SubjectType.CONTRIBUTION: ("moderation.edit", "contribution_id"),
    SubjectType.ORGANISATION: ("organisations.show", "organisation_id"),
    SubjectType.INITIATIVE: ("initiatives.show", "initiative_id"),
}


def _filters(form: AuditFilterForm) -> AuditFilters:
    actor, action, subject_type = form.value("actor"), form.value("action"), form.value("subject_type")
    return AuditFilters(
        actor_id=int(actor) if actor and actor != NOBODY else None,
        only_without_actor=actor == NOBODY,
        action=AuditAction(action) if action else None,
        subject_type=SubjectType(subject_type) if subject_type else None,
        subject_id=form.value("subject_id"),
        date_from=form.value("date_from"),
        date_to=form.value("date_to"),
    )


@bp.get("/")
@role_required(Role.ADMIN)
def entries():
    form = AuditFilterForm(request.args, accounts=person_choices(request.args.get("actor")))
    form.validate()
    page = paginate(audit_select(_filters(form)), AUDIT_ENTRIES_PER_PAGE)
    return render_template(
        "audit/list.html",
        form=form,
        page=page,
        filter_args=args_without_page(),
        account_names=account_names(page.items),
        record_pages=RECORD_PAGES,
    ), form_status(form)
