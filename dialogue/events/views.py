from flask import current_app, render_template, request

from dialogue.events import bp
from dialogue.events.forms import EventFilterForm
from dialogue.events.queries import upcoming_events_page
from dialogue.events.texts import localised_filter  # noqa: F401  (registers the template filter)
from dialogue.limits import limited_reads
from dialogue.page_cache import kept_for_visitors
from dialogue.pagination import args_without_page, requested_page


@bp.get("/")
@limited_reads("RATE_LIMIT_SEARCH")
@kept_for_visitors
def list_events():
    form = EventFilterForm(request.args)
    form.validate()
    page = upcoming_events_page(form.filters(), requested_page(), current_app.config["EVENTS_PER_PAGE"])
    filter_args = args_without_page()
    status = 200 if not form.errors else 422
    return render_template("events/list.html", form=form, page=page, filter_args=filter_args), status
