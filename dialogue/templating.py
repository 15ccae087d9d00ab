"""Filters and globals that every template can use."""

from urllib.parse import urlencode

from flask import Flask, current_app, request
from flask_babel import format_date, format_datetime, format_time, get_locale, pgettext
from markupsafe import Markup, escape

from dialogue import labels
from dialogue.i18n import LINK_ARGUMENT, language_name, text_direction
from dialogue.local_time import local_date, local_seconds
from dialogue.permissions import is_staff


def clock_pattern() -> str:
    """The 24-hour clock (hours and minutes), as used in Sweden, written the way the reader's language writes it:
    '18:00' in Swedish and English, '18.00' in Finnish."""
    return get_locale().datetime_skeletons["Hm"].pattern


def clock(value) -> str:
    """'18:00', '18.00': the time of a moment in Stockholm time, on the 24-hour clock of the reader's language."""
    return format_time(value, format=clock_pattern())


def list_separator() -> str:
    """What stands between the items of a list, and between a date and its time, in the reader's language: ', ' and,
    in Arabic, its own comma '، '."""
    return pgettext("between the items of a list", ", ")


def event_when(event) -> str:
    """'tisdag 1 december 2026, 18:00–20:00', 'tiistai 1. joulukuuta 2026, 18.00–20.00': in the reader's language
    and Stockholm time."""
    start, end = event.starts_at, event.ends_at
    day = format_date(start, format="full")
    if local_date(start) == local_date(end):  # one Stockholm day, told without formatting both dates to compare
        return f"{day}{list_separator()}{clock(start)}–{clock(end)}"
    return f"{format_datetime(start, format='medium')} – {format_datetime(end, format='medium')}"


def path_without_language_link() -> str:
    """The page's path and query without `?lang=`: where the switcher returns to, so that the language chosen
    there is not overruled by the link's."""
    if LINK_ARGUMENT not in request.args:
        return request.full_path.rstrip("?")
    arguments = [(name, value) for name, value in request.args.items(multi=True) if name != LINK_ARGUMENT]
    return request.path + (f"?{urlencode(arguments)}" if arguments else "")


# The elements `written` may wrap: inline text, a paragraph, a block, a list item or a table cell.
WRITTEN_ELEMENTS = frozenset({"span", "p", "div", "li", "td", "th", "h1", "h2", "h3"})


def written(text, lang: str | None = None, element: str = "span", class_: str | None = None) -> Markup:
    """Text a person wrote (a proposal, an answer, a name, an event's title), in an element with dir="auto": the
    browser takes its direction from its first letter, so an Arabic proposal reads right to left in a Swedish page
    and a Swedish name left to right in an Arabic one, and punctuation at either end stays where its writer put it.
    `lang` is the language it is written in, where Dialogue knows it. Nothing at all for an empty text."""
    if text is None or str(text) == "":
        return Markup("")
    if element not in WRITTEN_ELEMENTS:
        raise ValueError(f"written() does not wrap text in <{element}>")
    attributes = Markup(' dir="auto"')
    if lang:
        attributes += Markup(' lang="%s"') % lang
    if class_:
        attributes += Markup(' class="%s"') % class_
    return Markup("<%s%s>%s</%s>") % (Markup(element), attributes, escape(text), Markup(element))


def left_to_right(text) -> Markup:
    """A phone number, an address or a code in an element of its own that reads left to right: in an Arabic
    sentence "040-34 10 00" would otherwise be shown as "00 10 040-34"."""
    if text is None or str(text) == "":
        return Markup("")
    return Markup('<span dir="ltr">%s</span>') % text


def register(app: Flask) -> None:
    app.jinja_env.filters["language_name"] = language_name
    app.jinja_env.filters["event_when"] = event_when
    app.jinja_env.filters["datetime"] = lambda value, fmt="medium": format_datetime(value, format=fmt)
    app.jinja_env.filters["date"] = lambda value, fmt="medium": format_date(value, format=fmt)
    app.jinja_env.filters["label"] = labels.label
    app.jinja_env.filters["local_seconds"] = local_seconds
    app.jinja_env.filters["clock"] = clock
    app.jinja_env.filters["written"] = written
    app.jinja_env.filters["left_to_right"] = left_to_right
    app.jinja_env.globals["list_separator"] = list_separator

    @app.context_processor
    def inject_globals():
        return {
            "current_language": str(get_locale()),
            "interface_languages": current_app.config["LANGUAGES"],
            "text_direction": text_direction(),
            "is_staff": is_staff,
            "request_path": path_without_language_link() if request else "/",
        }
