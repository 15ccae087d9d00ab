from flask import abort, current_app, render_template

from dialogue.contributions.queries import neighbourhood_outcomes
from dialogue.events.queries import EventFilters, upcoming_events_select
from dialogue.extensions import db
from dialogue.neighbourhoods import bp
from dialogue.neighbourhoods.queries import all_neighbourhoods, neighbourhood_by_slug
from dialogue.pagination import requested_page


@bp.get("/")
def list_neighbourhoods():
    return render_template("neighbourhoods/list.html", neighbourhoods=all_neighbourhoods())


@bp.get("/<slug>")
def show(slug: str):
    neighbourhood = neighbourhood_by_slug(slug)
    if neighbourhood is None:
        abort(404)
    page = db.paginate(
        upcoming_events_select(EventFilters(neighbourhood_slug=slug)),
        page=requested_page(),
        per_page=current_app.config["EVENTS_PER_PAGE"],
        max_per_page=current_app.config["EVENTS_PER_PAGE"],
    )
    return render_template(
        "neighbourhoods/show.html",
        neighbourhood=neighbourhood,
        page=page,
        outcomes=neighbourhood_outcomes(neighbourhood.id),
    )
