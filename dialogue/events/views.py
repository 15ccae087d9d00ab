from flask import current_app, render_template, request

from dialogue.events import bp
from dialogue.events.forms import EventFilterForm
from dialogue.events.queries import upcoming_events_select
from dialogue.extensions import db
from dialogue.pagination import args_without_page, requested_page


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
    filter_args = args_without_page()
    status = 200 if not form.errors else 422
    return render_template("events/list.html", form=form, page=page, filter_args=filter_args), status
