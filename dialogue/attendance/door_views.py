"""At the door and after: check-in by name or code, walk-ins, no-shows, and the closing report.

The check-in page is made for a phone: one search box, one big button per person, and after every tap it is
ready for the next person. Every route is for process leaders and administrators.
"""

from datetime import datetime

from flask import flash, redirect, render_template, request, url_for
from flask_babel import format_date, ngettext
from flask_babel import gettext as _

from dialogue.access import acting_user, staff_only
from dialogue.attendance import bp
from dialogue.attendance.forms import ClosingReportForm, WalkInForm
from dialogue.attendance.queries import (
    all_organisations,
    as_check_in_code,
    attendance,
    clean_search,
    code_of_another_event,
    cohost_ids,
    confirmed_by_name,
    door_matches,
    event_or_404,
    registration_or_404,
    report_with_organisations,
    walk_ins,
)
from dialogue.attendance.services import (
    AttendanceError,
    add_walk_in,
    check_in,
    closing_report_refusal,
    mark_no_shows,
    people_checked_in,
    save_closing_report,
    undo_check_in,
)
from dialogue.database import utcnow
from dialogue.events.models import Event
from dialogue.extensions import db
from dialogue.forms import REFUSED, commit_change, form_status
from dialogue.local_time import local_today


def _search_notice(event: Event, search: str, found: int) -> str | None:
    """Why a search at the door found nobody, in words that tell staff what to do next."""
    if not search or found:
        return None
    code = as_check_in_code(search)
    if code and code_of_another_event(event.id, code):
        return _(
            "The code %(code)s belongs to a registration for another event, not this one. "
            "Check that the person has come to the right event.",
            code=code,
        )
    if code:
        return _("No registration for this event has the code %(code)s. Check the code, or search by name.", code=code)
    return _("Nobody registered for this event matches “%(search)s”.", search=search)


def _other_day_notice(event: Event, now: datetime) -> str | None:
    """A warning, never a refusal, when the door page is used on a day the event is not on (Stockholm time): the
    wrong event opened, or a list checked off afterwards. Check-ins still work, and keep the time of the tap."""
    first_day, last_day, today = local_today(event.starts_at), local_today(event.ends_at), local_today(now)
    if first_day <= today <= last_day:
        return None
    if first_day == last_day:
        return _(
            "This event is on %(day)s, not today. You can still check people in: each check-in is recorded "
            "with today's date and time.",
            day=format_date(first_day, format="full"),
        )
    return _(
        "This event runs from %(first)s to %(last)s, not today. You can still check people in: each check-in is "
        "recorded with today's date and time.",
        first=format_date(first_day, format="long"),
        last=format_date(last_day, format="long"),
    )


def _render_door(event: Event, walk_in_form: WalkInForm, status: int = 200):
    search = clean_search(request.args.get("q"))
    matches = door_matches(event.id, search) if search else confirmed_by_name(event.id)
    return render_template(
        "attendance/checkin.html",
        event=event,
        search=search,
        matches=matches,
        notice=_search_notice(event, search, len(matches)),
        other_day=_other_day_notice(event, utcnow()),
        figures=attendance(event.id),
        walk_ins=walk_ins(event.id),
        walk_in_form=walk_in_form,
    ), status


@bp.get("/<int:event_id>/checkin")
@staff_only
def checkin(event_id: int):
    return _render_door(event_or_404(event_id), WalkInForm(formdata=None))


@bp.post("/<int:event_id>/checkin/<int:registration_id>")
@staff_only
def check_in_registration(event_id: int, registration_id: int):
    event = event_or_404(event_id)
    registration = registration_or_404(event, registration_id)
    try:
        result = check_in(event, registration.id, actor=acting_user())
    except AttendanceError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return redirect(url_for("attendance.checkin", event_id=event.id, q=registration.check_in_code))
    db.session.commit()
    if result.already:
        flash(_("%(name)s was already checked in. Nothing changed.", name=registration.display_name), "info")
    else:
        flash(
            ngettext(
                "%(name)s is checked in (%(num)s person).",
                "%(name)s is checked in (%(num)s people).",
                registration.party_size,
                name=registration.display_name,
            ),
            "success",
        )
    return redirect(url_for("attendance.checkin", event_id=event.id))


@bp.post("/<int:event_id>/checkin/<int:registration_id>/undo")
@staff_only
def undo_check_in_registration(event_id: int, registration_id: int):
    event = event_or_404(event_id)
    registration = registration_or_404(event, registration_id)
    try:
        undo_check_in(event, registration.id, actor=acting_user())
    except AttendanceError as error:
        db.session.rollback()
        flash(str(error.message), "error")
    else:
        db.session.commit()
        flash(_("%(name)s is no longer checked in.", name=registration.display_name), "success")
    return redirect(url_for("attendance.checkin", event_id=event.id, q=registration.check_in_code))


@bp.post("/<int:event_id>/walk-ins")
@staff_only
def add_walk_ins(event_id: int):
    event = event_or_404(event_id)
    form = WalkInForm()
    if form.validate_on_submit():
        walk_in = commit_change(
            form, lambda: add_walk_in(event, form.name.data or "", form.party_size.data, added_by=acting_user())
        )
        if walk_in is not REFUSED:
            flash(
                ngettext(
                    "A walk-in of %(num)s person is added.",
                    "A walk-in group of %(num)s people is added.",
                    walk_in.party_size,
                ),
                "success",
            )
            return redirect(url_for("attendance.checkin", event_id=event.id))
    return _render_door(event, form, status=422)


@bp.post("/<int:event_id>/no-shows")
@staff_only
def mark_event_no_shows(event_id: int):
    event = event_or_404(event_id)
    try:
        marked = mark_no_shows(event, actor=acting_user())
    except AttendanceError as error:
        db.session.rollback()
        flash(str(error.message), "error")
    else:
        db.session.commit()
        flash(
            ngettext(
                "%(num)s registration that was not checked in is marked as a no-show.",
                "%(num)s registrations that were not checked in are marked as no-shows.",
                marked,
            ),
            "success",
        )
    return redirect(url_for("attendance.registrations", event_id=event.id))


@bp.route("/<int:event_id>/report", methods=["GET", "POST"])
@staff_only
def closing_report(event_id: int):
    event = event_or_404(event_id)
    report = report_with_organisations(event.id)
    counted = people_checked_in(event.id)
    form = ClosingReportForm(organisations=all_organisations())
    if request.method == "GET":
        if report is None:
            form.attendees.data = counted
            form.organisations.data = sorted(cohost_ids(event.id))
        else:
            form.attendees.data = report.attendees
            form.organisations.data = [organisation.id for organisation in report.organisations]
            form.minutes.data = report.minutes
    if form.validate_on_submit() and (
        commit_change(form, lambda: save_closing_report(event.id, form.to_input(), written_by=acting_user()))
        is not REFUSED
    ):
        flash(_("The closing report is saved, and the event is marked as held."), "success")
        return redirect(url_for("attendance.closing_report", event_id=event.id))
    status = form_status(form)
    return render_template(
        "attendance/report.html",
        event=event,
        form=form,
        report=report,
        counted=counted,
        figures=attendance(event.id),
        refusal=closing_report_refusal(event),
    ), status
