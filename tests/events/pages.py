"""Reading what a person sees on a rendered page: which events are listed, the error next to a field."""

import html
import re

EVENT_LINK = re.compile(r'href="/events/(\d+)"')


def event_ids_on(response) -> set[int]:
    """The ids of the events a page links to (its event cards)."""
    return {int(number) for number in EVENT_LINK.findall(response.get_data(as_text=True))}


def field_error(response, field_id: str) -> str | None:
    """The text of the error shown next to a field (the element with id "<field>-error"), or None."""
    match = re.search(rf'id="{re.escape(field_id)}-error"[^>]*>(.*?)</', response.get_data(as_text=True), re.S)
    return html.unescape(match.group(1)).strip() if match else None
