"""Reading what a person sees on a rendered page: which events are listed, the error next to a field."""
import html
import re

_EVENT_LINK = re.compile(r'href="/events/(\d+)"')
_CSRF_INPUT = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')


def event_ids_on(response) -> set[int]:
    """The ids of the events a page links to (its event cards)."""
    return {int(number) for number in _EVENT_LINK.findall(response.get_data(as_text=True))}


def field_error(response, field_id: str) -> str | None:
    """The text of the error shown next to a field (the element with id "<field>-error"), or None."""
    match = re.search(
        rf'id="{re.escape(field_id)}-error"[^>]*>(.*?)</', response.get_data(as_text=True), re.S
    )
    return html.unescape(match.group(1)).strip() if match else None


def csrf_token_from(response) -> str:
    match = _CSRF_INPUT.search(response.get_data(as_text=True))
    assert match, "the page has no CSRF token"
    return match.group(1)


def use_english(client) -> None:
    """Switch the interface to English, as a person would with the language switcher."""
    response = client.post("/language", data={"language": "en"})
    assert response.status_code == 302
