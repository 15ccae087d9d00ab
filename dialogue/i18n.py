"""Interface languages, the languages spoken at events, and how the page's language is chosen."""

from babel import Locale
from flask import current_app, has_request_context, session
from flask_babel import get_locale
from flask_login import current_user

# Languages that may be spoken at an event or asked for from an interpreter (ISO 639-1).
# Their names are shown in the reader's language by Babel's locale data.
SPOKEN_LANGUAGES = ("sv", "en", "ar", "fi", "so", "bs", "fa", "ku", "pl", "ti", "tr", "es", "de", "uk")
RIGHT_TO_LEFT = frozenset({"ar", "fa"})
SESSION_KEY = "language"


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # a CLI command or a worker: no session and no user to ask
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = session.get(SESSION_KEY)
    if chosen in languages:
        return chosen
    if current_user and current_user.is_authenticated and current_user.preferred_language in languages:
        return current_user.preferred_language
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def language_name(code: str) -> str:
    """The name of a language as written in running text of the interface language: 'arabiska', 'Arabic'."""
    return Locale.parse(str(get_locale())).languages.get(code, code)


def spoken_language_choices() -> list[tuple[str, str]]:
    """Languages for a select, each starting with a capital letter as an item of a list does."""
    names = ((code, language_name(code)) for code in SPOKEN_LANGUAGES)
    return sorted(((code, name[:1].upper() + name[1:]) for code, name in names), key=lambda pair: pair[1])


def text_direction() -> str:
    return "rtl" if str(get_locale()) in RIGHT_TO_LEFT else "ltr"
