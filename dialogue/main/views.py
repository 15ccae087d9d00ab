"""The public front pages: the start page, the neighbourhoods' pages, and the language switch."""

from flask import abort, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user

from dialogue.access import acting_user
from dialogue.accounts.services import choose_language
from dialogue.contributions.queries import neighbourhood_outcomes
from dialogue.events.queries import EventFilters, upcoming_events, upcoming_events_page
from dialogue.extensions import db
from dialogue.i18n import SESSION_KEY, interface_languages
from dialogue.main import bp
from dialogue.neighbourhoods.queries import all_neighbourhoods, neighbourhood_by_slug
from dialogue.page_cache import kept_for_visitors
from dialogue.pagination import requested_page
from dialogue.safety import safe_next_url

HOME_EVENT_COUNT = 6


@bp.get("/")
@kept_for_visitors
def home():
    return render_template(
        "main/home.html", events=upcoming_events(limit=HOME_EVENT_COUNT), neighbourhoods=all_neighbourhoods()
    )


@bp.get("/neighbourhoods/")
@kept_for_visitors
def neighbourhoods():
    return render_template("main/neighbourhoods.html", neighbourhoods=all_neighbourhoods())


@bp.get("/neighbourhoods/<slug>")
@kept_for_visitors
def neighbourhood(slug: str):
    """A neighbourhood's page: its upcoming events and what came of what people proposed there."""
    neighbourhood = neighbourhood_by_slug(slug)
    if neighbourhood is None:
        abort(404)
    page = upcoming_events_page(
        EventFilters(neighbourhood_slug=slug), requested_page(), current_app.config["EVENTS_PER_PAGE"]
    )
    return render_template(
        "main/neighbourhood.html",
        neighbourhood=neighbourhood,
        page=page,
        outcomes=neighbourhood_outcomes(neighbourhood.id),
    )


@bp.post("/language")
def set_language():
    """The switcher: any interface language, remembered in the session and, when logged in, as the account's."""
    language = request.form.get("language", "")
    if language not in interface_languages():
        abort(400)
    session[SESSION_KEY] = language
    if current_user.is_authenticated and current_user.preferred_language != language:
        choose_language(acting_user(), language)
        db.session.commit()
    return redirect(safe_next_url(request.form.get("next"), url_for("main.home")))
