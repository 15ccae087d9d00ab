"""Staff pages for an event's registrations: the list with its access-needs summary and the registrations that
look made by a script, moving someone up from the waiting list, cancelling several at once without an email, a
registration taken by phone, the CSV export and the printable attendance sheet.

Every route is for process leaders and administrators: anonymous users are sent to log in, others get 403.
The door (check-in, walk-ins, no-shows) and the closing report are in door_views.py.
"""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from dialogue.access import acting_user, staff_only
from dialogue.attendance import bp
from dialogue.attendance.export import registrations_csv
from dialogue.attendance.forms import CancelRegistrationsForm, PhoneRegistrationForm
from dialogue.attendance.qr import check_in_qr
from dialogue.attendance.queries import (
    REGISTRATIONS_PER_PAGE,
    attendance,
    clean_search,
    confirmed_by_name,
    event_or_404,
    planning_summaries,
    registration_or_404,
    registrations_among,
    registrations_for_export,
    registrations_select,
)
from dialogue.attendance.services import AttendanceError, cancel_made_up, promote, register_by_phone
from dialogue.attendance.suspicion import flags_for_event
from dialogue.audit.log import record_reading
from dialogue.audit.models import AuditAction
from dialogue.database import utcnow
from dialogue.downloads import CSV_TYPE, download
from dialogue.extensions import db
from dialogue.forms import REFUSED, commit_change, form_status
from dialogue.local_time import local_date_text
from dialogue.page_cache import kept_for_its_reader
from dialogue.pagination import paginate
from dialogue.registrations.models import Registration, RegistrationStatus
from dialogue.registrations.services import registration_refusal, waitlist_position

# The manage page of a registration shows its QR code (templates/registrations/manage.html).
bp.add_app_template_global(check_in_qr, "check_in_qr")

# More registrations than this in one request are not read: an event's page lists at most REGISTRATIONS_PER_PAGE.
MAX_CHOSEN = 1000
# The largest id an integer column holds on PostgreSQL; a larger number names no registration.
LARGEST_ID = 2**31 - 1


def _status_filter() -> RegistrationStatus | None:
    try:
        return RegistrationStatus(request.args.get("status", ""))
    except ValueError:
        return None  # an unknown status shows every registration, as no filter does


@bp.get("/<int:event_id>/registrations")
@staff_only
@kept_for_its_reader
def registrations(event_id: int):
    event = event_or_404(event_id)
    search = clean_search(request.args.get("q"))
    status = _status_filter()
    page = paginate(registrations_select(event.id, search, status), REGISTRATIONS_PER_PAGE)
    filter_args = {key: value for key, value in (("q", search), ("status", status and status.value)) if value}
    needs, interpreters = planning_summaries(event.id)
    return render_template(
        "attendance/registrations.html",
        event=event,
        page=page,
        search=search,
        status=status,
        filter_args=filter_args,
        figures=attendance(event.id),
        needs=needs,
        interpreters=interpreters,
        statuses=RegistrationStatus,
        flags=flags_for_event(event.id),
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


def _chosen_ids(values: list[str]) -> list[int]:
    """The registration ids sent, as numbers; anything else is left out (it cannot name a registration)."""
    numbers = (int(value) for value in values[:MAX_CHOSEN] if value.isascii() and value.isdigit() and len(value) <= 10)
    return [number for number in numbers if number <= LARGEST_ID]


@bp.route("/<int:event_id>/registrations/cancel", methods=["GET", "POST"])
@staff_only
def cancel_registrations(event_id: int):
    """Cancel several registrations at once, without emailing them: those chosen in the list, or every flagged one
    (?flagged=1). The page shows them and asks first; only the form it shows cancels."""
    event = event_or_404(event_id)
    flags = flags_for_event(event.id)
    back = url_for("attendance.registrations", event_id=event.id)
    if request.method == "GET":
        flagged = request.args.get("flagged") == "1"
        wanted = list(flags) if flagged else _chosen_ids(request.args.getlist("registrations"))
        chosen = registrations_among(event.id, wanted, active_only=True)
        if not chosen:
            flash(_("Select at least one registration that is not cancelled."), "warning")
            return redirect(back)
        form = CancelRegistrationsForm(registrations=chosen)
        form.registrations.data = [registration.id for registration in chosen]
    else:
        chosen = registrations_among(event.id, _chosen_ids(request.form.getlist("registrations")))
        form = CancelRegistrationsForm(registrations=chosen)
        if form.validate_on_submit():
            actor = acting_user()
            result = commit_change(form, lambda: cancel_made_up(event.id, form.registrations.data, actor=actor))
            if result is not REFUSED:
                _flash_cancelled(len(result.cancelled), len(result.promoted))
                return redirect(back)
    return render_template(
        "attendance/cancel_registrations.html",
        event=event,
        form=form,
        by_id={registration.id: registration for registration in chosen},
        flags=flags,
        back=back,
    ), form_status(form)


def _flash_cancelled(cancelled: int, promoted: int) -> None:
    message = ngettext(
        "%(num)s registration is cancelled, and nobody was emailed about it.",
        "%(num)s registrations are cancelled, and nobody was emailed about them.",
        cancelled,
    )
    if promoted:
        message += " " + ngettext(
            "%(num)s registration moved up from the waiting list and is told by email.",
            "%(num)s registrations moved up from the waiting list and are told by email.",
            promoted,
        )
    flash(message, "success")


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
