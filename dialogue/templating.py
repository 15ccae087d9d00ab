"""Filters and globals that every template can use."""

from flask import Flask, current_app, request
from flask_babel import format_date, format_datetime, format_time, get_locale

from dialogue import labels
from dialogue.i18n import language_name, text_direction
from dialogue.local_time import local_seconds
from dialogue.permissions import is_staff

CLOCK = "HH:mm"  # the 24-hour clock, as used in Sweden, in every interface language


def event_when(event) -> str:
    """'tisdag 1 december 2026, 18:00–20:00' in the reader's language and Stockholm time."""
    start, end = event.starts_at, event.ends_at
    day = format_date(start, format="full")
    if format_date(start) == format_date(end):
        return f"{day}, {format_time(start, format=CLOCK)}–{format_time(end, format=CLOCK)}"
    return f"{format_datetime(start, format='medium')} – {format_datetime(end, format='medium')}"


def register(app: Flask) -> None:
    app.jinja_env.filters["language_name"] = language_name
    app.jinja_env.filters["event_when"] = event_when
    app.jinja_env.filters["datetime"] = lambda value, fmt="medium": format_datetime(value, format=fmt)
    app.jinja_env.filters["date"] = lambda value, fmt="medium": format_date(value, format=fmt)
    app.jinja_env.filters["label"] = labels.label
    app.jinja_env.filters["local_seconds"] = local_seconds

    @app.context_processor
    def inject_globals():
        return {
            "current_language": str(get_locale()),
            "interface_languages": current_app.config["LANGUAGES"],
            "text_direction": text_direction(),
            "is_staff": is_staff,
            "request_path": request.full_path.rstrip("?") if request else "/",
        }
