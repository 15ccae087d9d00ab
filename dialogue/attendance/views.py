"""Staff pages for an event's registrations: the list with its access-needs summary, moving someone up from the
waiting list, a registration taken by phone, the CSV export and the printable attendance sheet.

Every route is for process leaders and administrators: anonymous users are sent to log in, others get 403.
The door (check-in, walk-ins, no-shows) and the closing report are in door_views.py.
"""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from dialogue.access import acting_user, staff_only
from dialogue.attendance import bp
from dialogue.attendance.export import registrations_csv
from dialogue.attendance.forms import PhoneRegistrationForm
from dialogue.attendance.qr import check_in_qr
from dialogue.attendance.queries import (
    REGISTRATIONS_PER_PAGE,
    access_need_summary,
    attendance,
    clean_search,
    confirmed_by_name,
    event_or_404,
    interpreter_summary,
    registration_or_404,
    registrations_for_export,
    registrations_select,
)
from dialogue.attendance.services import AttendanceError, promote, register_by_phone
from dialogue.audit.log import record_reading
from dialogue.audit.models import AuditAction
from dialogue.database import utcnow
from dialogue.downloads import CSV_TYPE, download
from dialogue.extensions import db
from dialogue.forms import REFUSED, commit_change
from dialogue.local_time import local_date_text
from dialogue.pagination import paginate
from dialogue.registrations.models import Registration, RegistrationStatus
from dialogue.registrations.services import registration_refusal, waitlist_position

# The manage page of a registration shows its QR code (templates/registrations/manage.html).
bp.add_app_template_global(check_in_qr, "check_in_qr")


def _status_filter() -> RegistrationStatus | None:
    try:
        return RegistrationStatus(request.args.get("status", ""))
    except ValueError:
        return None  # an unknown status shows every registration, as no filter does


@bp.get("/<int:event_id>/registrations")
@staff_only
def registrations(event_id: int):
    event = event_or_404(event_id)
    search = clean_search(request.args.get("q"))
    status = _status_filter()
    page = paginate(registrations_select(event.id, search, status), REGISTRATIONS_PER_PAGE)
    filter_args = {key: value for key, value in (("q", search), ("status", status and status.value)) if value}
    return render_template(
        "attendance/registrations.html",
        event=event,
        page=page,
        search=search,
        status=status,
        filter_args=filter_args,
        figures=attendance(event.id),
        needs=access_need_summary(event.id),
        interpreters=interpreter_summary(event.id),
        statuses=RegistrationStatus,
        now=utcnow(),
    )


@bp.post("/<int:event_id>/registrations/<int:registration_id>/promote")
@staff_only
def promote_registration(event_id: int, registration_id: int):
    event = event_or_404(event_id)
    registration = registration_or_404(event, registration_id)
    try:
        promote(event.id, registration.id, actor=acting_user())
    except AttendanceError as error:
        db.session.rollback()
        flash(str(error.message), "error")
    else:
        db.session.commit()
        flash(_("%(name)s is moved up from the waiting list and confirmed.", name=registration.display_name), "success")
    return redirect(url_for("attendance.registrations", event_id=event.id, status="waitlisted"))


@bp.route("/<int:event_id>/registrations/new", methods=["GET", "POST"])
@staff_only
def register_caller(event_id: int):
    event = event_or_404(event_id)
    refusal = registration_refusal(event)
    form = PhoneRegistrationForm()
    if request.method == "GET":
        form.preferred_language.data = "sv"
    if refusal is None and form.validate_on_submit():
        result = commit_change(
            form, lambda: register_by_phone(event.id, form.to_request(), registered_by=acting_user())
        )
        if result is REFUSED:
            refusal = registration_refusal(event)
        else:
            _flash_phone_outcome(result.registration)
            return redirect(url_for("attendance.registrations", event_id=event.id))
    refused = form.errors or (refusal is not None and request.method == "POST")
    return render_template("attendance/new_registration.html", event=event, form=form, refusal=refusal), (
        422 if refused else 200
    )


def _flash_phone_outcome(registration: Registration) -> None:
    if registration.status == RegistrationStatus.CONFIRMED:
        flash(
            _(
                "%(name)s is registered. Their check-in code is %(code)s.",
                name=registration.display_name,
                code=registration.check_in_code,
            ),
            "success",
        )
    else:
        flash(
            _(
                "The event is full: %(name)s is on the waiting list in place %(position)s.",
                name=registration.display_name,
                position=waitlist_position(registration),
            ),
            "warning",
        )


@bp.get("/<int:event_id>/registrations.csv")
@staff_only
def registrations_export(event_id: int):
    event = event_or_404(event_id)
    body = registrations_csv(registrations_for_export(event.id))
    filename = f"event-{event.id}-{local_date_text(event.starts_at)}-registrations.csv"
    record_reading(AuditAction.REGISTRATIONS_EXPORTED, event, actor=acting_user())
    return download(body, filename, CSV_TYPE)


@bp.get("/<int:event_id>/attendance-sheet")
@staff_only
def attendance_sheet(event_id: int):
    event = event_or_404(event_id)
    page = render_template(
        "attendance/sheet.html", event=event, registrations=confirmed_by_name(event.id), blank_rows=range(10)
    )
    record_reading(AuditAction.ATTENDANCE_SHEET_OPENED, event, actor=acting_user())
    return page
