"""Calendar files and feeds: an event's .ics, subscribable feeds of public events, and a personal feed of one's
registrations behind a secret URL that its owner can renew."""

import hashlib
import re
import unicodedata
from datetime import timedelta

from flask import Response, abort, current_app, flash, redirect, request, session, url_for
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from dialogue.calendars import bp
from dialogue.calendars.links import NEW_TOKEN_SESSION_KEY  # the module also registers the template helpers
from dialogue.calendars.queries import personal_feed_entries, public_feed_events
from dialogue.calendars.tokens import renew_calendar_token, stop_calendar_feed, user_by_calendar_token
from dialogue.downloads import download
from dialogue.events.ics import calendar_of, event_calendar
from dialogue.events.models import EventKind, EventStatus
from dialogue.events.queries import visible_event_or_404
from dialogue.events.texts import localised
from dialogue.extensions import db
from dialogue.labels import label
from dialogue.limits import limited_reads
from dialogue.neighbourhoods.queries import neighbourhood_by_slug
from dialogue.registrations.models import RegistrationStatus

# Subscribed calendar apps are asked to fetch a feed again after this long (REFRESH-INTERVAL).
FEED_REFRESH = timedelta(minutes=30)
# How long, in seconds, browsers and proxies may reuse an answer: a changed time reaches people soon.
PUBLIC_FEED_MAX_AGE = 15 * 60
PERSONAL_FEED_MAX_AGE = 15 * 60
EVENT_FILE_MAX_AGE = 5 * 60
FILENAME_MAX_LENGTH = 60


def filename_slug(title: str) -> str:
    """'Dansworkshop på Seved!' -> 'dansworkshop-pa-seved': ASCII, so every browser keeps the name."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    return slug[:FILENAME_MAX_LENGTH].rstrip("-") or "event"


def _calendar_response(body: bytes, filename: str, cache_control: str) -> Response:
    response = download(body, filename, "text/calendar", private=False)
    response.headers["Cache-Control"] = cache_control
    # DTSTAMP is the moment of writing, so two answers differ in it alone when nothing changed: a weak ETag
    # over the rest lets calendar apps poll cheaply (304 Not Modified).
    content = re.sub(rb"^DTSTAMP:[^\r\n]*\r?\n", b"", body, flags=re.MULTILINE)
    response.set_etag(hashlib.sha256(content).hexdigest()[:32], weak=True)
    return response.make_conditional(request)


def _feed_language() -> str:
    """Feeds are fetched by calendar apps without the visitor's session, so the language is in the URL."""
    language = request.args.get("lang", "")
    return language if language in current_app.config["LANGUAGES"] else current_app.config["BABEL_DEFAULT_LOCALE"]


def _public_feed(events, name: str, filename: str) -> Response:
    body = calendar_of(events, name, refresh_interval=FEED_REFRESH, language=_feed_language())
    return _calendar_response(body, filename, f"public, max-age={PUBLIC_FEED_MAX_AGE}")


@bp.get("/events/<int:event_id>/calendar.ics")
@limited_reads("RATE_LIMIT_FEEDS")
def event_file(event_id: int):
    """The event in the reader's language: the one its link names (?lang=, as the event page writes it), else the
    page's."""
    event = visible_event_or_404(event_id)
    named = request.args.get("lang", "")
    language = named if named in current_app.config["LANGUAGES"] else str(get_locale())
    texts = localised(event, language)
    # METHOD:PUBLISH even for a cancelled event: a file a person imports, not an organiser's iTIP message.
    body = event_calendar(event, language=language)
    if event.status == EventStatus.DRAFT:
        cache_control = "private, no-store"
    else:
        cache_control = f"public, max-age={EVENT_FILE_MAX_AGE}"
    filename = filename_slug(texts.title)
    if filename == "event":  # a title in a script without Latin letters: the original's, when it has some
        filename = filename_slug(event.title)
    response = _calendar_response(body, f"{filename}.ics", cache_control)
    if named != language:  # chosen by the visitor's session or browser, not by the URL: a cache must keep apart
        response.vary.update(("Cookie", "Accept-Language"))
    return response


@bp.get("/calendar/events.ics")
@limited_reads("RATE_LIMIT_FEEDS")
def all_events_feed():
    with force_locale(_feed_language()):
        name = _("Dialogue – all events")
    return _public_feed(public_feed_events(language=_feed_language()), name, "dialogue-events.ics")


@bp.get("/calendar/neighbourhoods/<slug>.ics")
@limited_reads("RATE_LIMIT_FEEDS")
def neighbourhood_feed(slug: str):
    neighbourhood = neighbourhood_by_slug(slug)
    if neighbourhood is None:
        abort(404)
    with force_locale(_feed_language()):
        name = _("Dialogue – %(name)s", name=neighbourhood.name)
    events = public_feed_events(neighbourhood_id=neighbourhood.id, language=_feed_language())
    return _public_feed(events, name, f"dialogue-{filename_slug(neighbourhood.slug)}.ics")


@bp.get("/calendar/kinds/<kind>.ics")
@limited_reads("RATE_LIMIT_FEEDS")
def kind_feed(kind: str):
    try:
        event_kind = EventKind(kind)
    except ValueError:
        abort(404)
    with force_locale(_feed_language()):
        name = _("Dialogue – %(kind)s", kind=str(label(event_kind)))
    events = public_feed_events(kind=event_kind, language=_feed_language())
    return _public_feed(events, name, f"dialogue-{filename_slug(event_kind.value)}.ics")


@bp.get("/calendar/personal/<token>.ics")
@limited_reads("RATE_LIMIT_FEEDS")
def personal_feed(token: str):
    user = user_by_calendar_token(token)
    if user is None:
        abort(404)
    language = user.preferred_language
    if language not in current_app.config["LANGUAGES"]:
        language = current_app.config["BABEL_DEFAULT_LOCALE"]
    entries = personal_feed_entries(user.id, language=language)
    with force_locale(language):
        name = _("Dialogue – my registrations")
        summaries = {
            event.id: _("(waiting list) %(title)s", title=localised(event, language).title)
            for event, status in entries
            if status == RegistrationStatus.WAITLISTED
        }
    body = calendar_of(
        [event for event, _status in entries],
        name,
        summaries=summaries,
        refresh_interval=FEED_REFRESH,
        language=language,
    )
    response = _calendar_response(body, "dialogue-my-registrations.ics", f"private, max-age={PERSONAL_FEED_MAX_AGE}")
    response.headers["X-Robots-Tag"] = "noindex"
    return response


@bp.post("/my/calendar/renew")
@login_required
def renew_personal_feed():
    had_feed = current_user.calendar_token_hash is not None
    token = renew_calendar_token(current_user)
    db.session.commit()
    session[NEW_TOKEN_SESSION_KEY] = token
    if had_feed:
        flash(_("You have a new calendar address. The old one no longer works."), "success")
    else:
        flash(_("Your calendar address is ready."), "success")
    return redirect(url_for("registrations.my_registrations", _anchor="personal-calendar"))


@bp.post("/my/calendar/stop")
@login_required
def stop_personal_feed():
    stop_calendar_feed(current_user)
    db.session.commit()
    session.pop(NEW_TOKEN_SESSION_KEY, None)
    flash(_("Your calendar address no longer works. Calendars subscribed to it get no more updates."), "success")
    return redirect(url_for("registrations.my_registrations", _anchor="personal-calendar"))
