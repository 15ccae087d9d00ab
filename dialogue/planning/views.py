"""Event management for process leaders and administrators: the list, create, edit, publish, cancel,
duplicate and series. Anonymous users are sent to log in, other roles get 403."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from dialogue.access import acting_user, staff_only
from dialogue.events.models import Event, EventKind, EventStatus
from dialogue.extensions import db
from dialogue.forms import REFUSED, commit_change, form_status
from dialogue.neighbourhoods.queries import all_neighbourhoods
from dialogue.pagination import args_without_page, paginate
from dialogue.planning import bp
from dialogue.planning.forms import CancelForm, EventForm, PlanningFilterForm, SeriesForm
from dialogue.planning.queries import (
    STAFF_EVENTS_PER_PAGE,
    PlanningFilters,
    all_organisations,
    event_for_planning,
    series_events,
    staff_events_select,
    waitlist_counts,
)
from dialogue.planning.series import MAX_SERIES_EVENTS, create_series
from dialogue.planning.services import (
    PlanningError,
    cancel_event,
    create_event,
    duplicate_event,
    publish_event,
    update_event,
)

SERIES_KEY_MAX_LENGTH = 32


def _load_event(event_id: int) -> Event:
    event = event_for_planning(event_id)
    if event is None:
        abort(404)
    return event


def _series_key(text: str | None) -> str | None:
    """The series a link names (?series=, a key of letters and digits); anything else names none and is ignored."""
    key = (text or "").strip()
    return key if key.isascii() and key.isalnum() and len(key) <= SERIES_KEY_MAX_LENGTH else None


def _event_form() -> EventForm:
    return EventForm(neighbourhoods=all_neighbourhoods(), organisations=all_organisations())


@bp.get("/")
@staff_only
def list_events():
    form = PlanningFilterForm(request.args, neighbourhoods=all_neighbourhoods())
    form.validate()
    status, kind = form.value("status"), form.value("kind")
    series_key = _series_key(request.args.get("series"))
    filters = PlanningFilters(
        status=EventStatus(status) if status else None,
        neighbourhood_slug=form.value("neighbourhood"),
        kind=EventKind(kind) if kind else None,
        date_from=form.value("date_from"),
        date_to=form.value("date_to"),
        series_key=series_key,
    )
    page = paginate(staff_events_select(filters), STAFF_EVENTS_PER_PAGE)
    filter_args = args_without_page()
    return render_template(
        "planning/list.html",
        form=form,
        page=page,
        waiting=waitlist_counts([event.id for event in page.items]),
        filter_args=filter_args,
        series_key=series_key,
    ), form_status(form)


@bp.route("/new", methods=["GET", "POST"])
@staff_only
def new_event():
    form = _event_form()
    if request.method == "GET":
        form.languages.data = ["sv"]
    if form.validate_on_submit():
        event = commit_change(form, lambda: create_event(form.to_details(), creator=acting_user()))
        if event is not REFUSED:
            flash(_("The event is saved as a draft. Publish it when it is ready."), "success")
            return redirect(url_for("planning.edit_event", event_id=event.id))
    status = form_status(form)
    return render_template("planning/form.html", form=form, event=None), status


@bp.route("/<int:event_id>/edit", methods=["GET", "POST"])
@staff_only
def edit_event(event_id: int):
    event = _load_event(event_id)
    form = _event_form()
    if request.method == "GET":
        form.fill_from(event)
    if form.validate_on_submit():
        result = commit_change(form, lambda: update_event(event.id, form.to_details(), editor=acting_user()))
        if result is not REFUSED:
            flash(_("The changes are saved."), "success")
            if result.promoted:
                flash(
                    ngettext(
                        "%(num)s registration moved up from the waiting list.",
                        "%(num)s registrations moved up from the waiting list.",
                        len(result.promoted),
                    ),
                    "success",
                )
            return redirect(url_for("planning.edit_event", event_id=event.id))
    status = form_status(form)
    if status == 422:
        event = _load_event(event_id)  # the rolled-back session expired what the page shows
    return render_template("planning/form.html", form=form, event=event, series=series_events(event)), status


@bp.post("/<int:event_id>/publish")
@staff_only
def publish(event_id: int):
    event = _load_event(event_id)
    try:
        publish_event(event.id, actor=acting_user())
    except PlanningError as error:
        db.session.rollback()
        flash(str(error.message), "error")
    else:
        db.session.commit()
        flash(_("The event is published: residents can see it and register."), "success")
    return redirect(url_for("planning.edit_event", event_id=event_id))


@bp.route("/<int:event_id>/cancel", methods=["GET", "POST"])
@staff_only
def cancel(event_id: int):
    event = _load_event(event_id)
    form = CancelForm()
    if form.validate_on_submit() and (
        commit_change(form, lambda: cancel_event(event.id, form.message.data, actor=acting_user())) is not REFUSED
    ):
        flash(_("The event is cancelled. The registrations are kept, with your message."), "success")
        return redirect(url_for("planning.edit_event", event_id=event_id))
    status = form_status(form)
    if status == 422:
        event = _load_event(event_id)
    return render_template("planning/cancel.html", event=event, form=form), status


@bp.post("/<int:event_id>/duplicate")
@staff_only
def duplicate(event_id: int):
    event = _load_event(event_id)
    copy = duplicate_event(event.id, creator=acting_user())
    db.session.commit()
    flash(_("This is a draft copy. Change what differs, then publish it."), "success")
    return redirect(url_for("planning.edit_event", event_id=copy.id))


@bp.route("/<int:event_id>/series", methods=["GET", "POST"])
@staff_only
def series(event_id: int):
    event = _load_event(event_id)
    form = SeriesForm()
    if form.validate_on_submit():
        copies = commit_change(
            form,
            lambda: create_series(
                event.id, form.every_weeks.data, form.until.data, publish=form.publish, creator=acting_user()
            ),
        )
        if copies is not REFUSED:
            flash(ngettext("%(num)s event was created.", "%(num)s events were created.", len(copies)), "success")
            return redirect(url_for("planning.list_events", series=copies[0].series_key))
    status = form_status(form)
    if status == 422:
        event = _load_event(event_id)
    return render_template("planning/series.html", event=event, form=form, max_events=MAX_SERIES_EVENTS), status
