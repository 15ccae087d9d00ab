from flask import (
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user

from dialogue.events.queries import upcoming_events
from dialogue.extensions import db
from dialogue.i18n import SESSION_KEY
from dialogue.main import bp
from dialogue.neighbourhoods.queries import all_neighbourhoods
from dialogue.safety import safe_next_url

HOME_EVENT_COUNT = 6


@bp.get("/")
def home():
    return render_template(
        "main/home.html",
        events=upcoming_events(limit=HOME_EVENT_COUNT),
        neighbourhoods=all_neighbourhoods(),
    )


@bp.post("/language")
def set_language():
    language = request.form.get("language", "")
    if language not in current_app.config["LANGUAGES"]:
        abort(400)
    session[SESSION_KEY] = language
    if current_user.is_authenticated and current_user.preferred_language != language:
        current_user.preferred_language = language
        db.session.commit()
    return redirect(safe_next_url(request.form.get("next"), url_for("main.home")))
