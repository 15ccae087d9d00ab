"""Interface languages, the languages spoken at events, and how the page's language is chosen.

The interface languages are config LANGUAGES (code: the language's name in itself); each has a catalog in
dialogue/translations/<code>/. A page's language is, in this order:

1. a shared link's `?lang=xx` (on a GET), which is then remembered like the switcher's choice;
2. the switcher's choice, kept in the session;
3. the logged-in account's preferred language;
4. the browser's `Accept-Language`, the best match among the interface languages;
5. BABEL_DEFAULT_LOCALE (Swedish).

A code that is not an interface language is passed over at every step, never refused: a link with `?lang=de`
shows the page as if it had none.
"""

import re
from functools import lru_cache
from pathlib import Path

from babel import Locale
from flask import Flask, current_app, g, has_request_context, request, session
from flask_babel import get_locale
from flask_login import current_user
from werkzeug.datastructures import LanguageAccept

# Languages that may be spoken at an event or asked for from an interpreter (ISO 639-1).
# Their names are shown in the reader's language by Babel's locale data.
SPOKEN_LANGUAGES = ("sv", "en", "ar", "fi", "so", "bs", "fa", "ku", "pl", "ti", "tr", "es", "de", "uk")
RIGHT_TO_LEFT = frozenset({"ar", "fa"})
SESSION_KEY = "language"
LINK_ARGUMENT = "lang"  # /events/?lang=fi: a link that opens the page in Finnish, to share
TRANSLATIONS_DIR = Path(__file__).resolve().parent / "translations"
# g's flag that the page's language came from the Accept-Language header: the answer then varies with it.
_FROM_HEADER = "language_from_accept_header"


def interface_languages() -> dict[str, str]:
    return current_app.config["LANGUAGES"]


def linked_language() -> str | None:
    """The interface language a GET request's `?lang=` names, or None (none given, or not one of ours)."""
    if request.method not in ("GET", "HEAD"):
        return None
    code = request.args.get(LINK_ARGUMENT)
    return code if code in interface_languages() else None


def select_locale() -> str:
    languages = interface_languages()
    if not has_request_context():  # a CLI command or a worker: no session and no user to ask
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    for chosen in (linked_language(), session.get(SESSION_KEY)):
        if chosen in languages:
            return chosen
    if current_user and current_user.is_authenticated and current_user.preferred_language in languages:
        return current_user.preferred_language
    g.setdefault(_FROM_HEADER, True)
    best = _with_their_languages(request.accept_languages).best_match(list(languages))
    return best or current_app.config["BABEL_DEFAULT_LOCALE"]


def _with_their_languages(accepted: LanguageAccept) -> LanguageAccept:
    """The browser's languages, each regional one ('sv-SE') also as its language ('sv') at the same quality.
    werkzeug matches 'sv-SE' to 'sv' only after every exact match, so 'sv-SE,en;q=0.5' would get English."""
    values = list(accepted)
    named = {value.lower() for value, _quality in values}
    languages = [(re.split(r"[-_]", value)[0], quality) for value, quality in values]
    return LanguageAccept(values + [(code, quality) for code, quality in languages if code.lower() not in named])


def language_name(code: str) -> str:
    """The name of a language as written in running text of the interface language: 'arabiska', 'Arabic'."""
    return _language_names(str(get_locale())).get(code, code)


@lru_cache(maxsize=16)
def _language_names(interface_language: str) -> dict[str, str]:
    return Locale.parse(interface_language).languages


def spoken_language_choices() -> list[tuple[str, str]]:
    """Languages for a select, each starting with a capital letter as an item of a list does."""
    return list(_spoken_language_choices(str(get_locale())))


@lru_cache(maxsize=16)
def _spoken_language_choices(interface_language: str) -> tuple[tuple[str, str], ...]:
    names = ((code, _language_names(interface_language).get(code, code)) for code in SPOKEN_LANGUAGES)
    return tuple(sorted(((code, name[:1].upper() + name[1:]) for code, name in names), key=lambda pair: pair[1]))


def is_right_to_left(code: str) -> bool:
    """Whether the language is written from right to left, by Babel's locale data (Arabic, Persian, ...), so that
    a language added to LANGUAGES gets its direction without a list to keep up to date."""
    try:
        return Locale.parse(code).character_order == "right-to-left"
    except (ValueError, LookupError):
        return code in RIGHT_TO_LEFT


def text_direction() -> str:
    return "rtl" if is_right_to_left(str(get_locale())) else "ltr"


def check_languages(app: Flask) -> None:
    """Refuse to start with an interface language that has no catalog, or a default that is not offered: the
    switcher would offer a language whose pages are untranslated, or none would be current."""
    languages = app.config["LANGUAGES"]
    if app.config["BABEL_DEFAULT_LOCALE"] not in languages:
        raise RuntimeError("Dialogue cannot start: BABEL_DEFAULT_LOCALE must be one of LANGUAGES.")
    missing = [code for code in languages if not (TRANSLATIONS_DIR / code / "LC_MESSAGES" / "messages.po").exists()]
    if missing:
        raise RuntimeError(
            f"Dialogue cannot start: LANGUAGES names {', '.join(missing)} without a catalog in {TRANSLATIONS_DIR}."
        )


def register(app: Flask) -> None:
    check_languages(app)

    @app.after_request
    def remember_the_linked_language(response):
        """A page opened through a shared `?lang=` link keeps its language on the next pages, as the switcher's
        choice does. Only pages: a calendar feed's `?lang=` names the feed's language for a calendar app, whose
        public, cacheable answer should set no cookie."""
        code = linked_language() if request.endpoint != "static" else None
        if code and response.mimetype == "text/html" and session.get(SESSION_KEY) != code:
            session[SESSION_KEY] = code
        if g.get(_FROM_HEADER):
            response.vary.add("Accept-Language")
        return response
