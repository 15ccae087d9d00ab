"""Template helpers for the pages that offer calendars: the public feeds, webcal links, the personal address."""

from dataclasses import dataclass

from flask import session
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from dialogue.calendars import bp
from dialogue.calendars.tokens import hash_calendar_token
from dialogue.events.models import EventKind
from dialogue.labels import label
from dialogue.neighbourhoods.models import Neighbourhood
from dialogue.outbox.links import public_url

# The new feed secret waits here between the POST that makes it and the page that shows it once.
NEW_TOKEN_SESSION_KEY = "new_calendar_token"


@dataclass(frozen=True)
class Feed:
    key: str  # names the list item, for tests and anchors
    label: str
    url: str


@bp.app_template_filter("webcal")
def webcal(url: str) -> str:
    """The webcal:// form of a feed URL: a click opens the calendar app's subscribe dialog."""
    return "webcal://" + url.split("://", 1)[-1]


@bp.app_template_global()
def public_calendar_feeds(neighbourhood: Neighbourhood | None = None) -> list[Feed]:
    """The feeds a page offers, named in the reader's language, which the feed URL also carries."""
    language = str(get_locale())

    def feed_url(endpoint: str, **values) -> str:
        return public_url(endpoint, lang=language, **values)

    every_event = Feed("all", _("All events"), feed_url("calendars.all_events_feed"))
    if neighbourhood is not None:
        here = Feed(
            "neighbourhood",
            _("Events in %(name)s", name=neighbourhood.name),
            feed_url("calendars.neighbourhood_feed", slug=neighbourhood.slug),
        )
        return [here, every_event]
    kinds = [
        Feed(f"kind-{kind.value}", str(label(kind)), feed_url("calendars.kind_feed", kind=kind.value))
        for kind in EventKind
    ]
    return [every_event, *kinds]


@bp.app_template_global()
def personal_calendar_url_once() -> str | None:
    """The personal feed URL just made for the logged-in user, once: only its hash is kept after this."""
    token = session.pop(NEW_TOKEN_SESSION_KEY, None)
    if not token or not current_user.is_authenticated:
        return None
    if hash_calendar_token(token) != current_user.calendar_token_hash:  # renewed again elsewhere since
        return None
    return public_url("calendars.personal_feed", token=token)
