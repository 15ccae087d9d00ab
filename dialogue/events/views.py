from flask import abort, current_app, render_template, request
from flask_login import current_user

from dialogue.events import bp
from dialogue.events.forms import EventFilterForm
from dialogue.events.models import Event
from dialogue.events.queries import event_for_page, upcoming_events_select, waitlist_length
from dialogue.extensions import db
from dialogue.permissions import can_view_event
from dialogue.registrations.services import (
    active_registration_for_email,
    active_registration_for_user,
    registration_refusal,
)
from dialogue.safety import requested_page


def load_visible_event(event_id: int) -> Event:
    """The event, or 404 when it does not exist or is a draft the user may not see."""
    event = event_for_page(event_id)
    if event is None or not can_view_event(current_user, event):
        abort(404)
    return event


@bp.get("/")
def list_events():
    form = EventFilterForm(request.args)
    form.validate()
    page = db.paginate(
        upcoming_events_select(form.filters()),
        page=requested_page(),
        per_page=current_app.config["EVENTS_PER_PAGE"],
        max_per_page=current_app.config["EVENTS_PER_PAGE"],
    )
    filter_args = {key: value for key, value in request.args.items() if key != "page" and value}
    status = 200 if not form.errors else 422
    return render_template("events/list.html", form=form, page=page, filter_args=filter_args), status


@bp.get("/<int:event_id>")
def show(event_id: int):
    event = load_visible_event(event_id)
    own_registration = registered_email = None
    if current_user.is_authenticated:
        own_registration = active_registration_for_user(event.id, current_user.id)
        registered_email = own_registration is None and active_registration_for_email(event.id, current_user.email)
    return render_template(
        "events/show.html",
        event=event,
        waitlist_length=waitlist_length(event.id),
        refusal=registration_refusal(event),
        own_registration=own_registration,
        registered_email=registered_email,
    )
