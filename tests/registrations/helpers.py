"""Helpers for registration tests: form data, reading pages, and looking at the database."""

from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

from sqlalchemy import select

from dialogue.events.models import Event
from dialogue.extensions import db
from dialogue.registrations.models import Registration

VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)


def form_data(**overrides) -> dict:
    """What a browser sends for a filled-in registration form; an override of None leaves the field out."""
    data = {
        "contact_name": "Amira Hassan",
        "email": "amira@example.se",
        "adults": "1",
        "children": "0",
        "interpreter_language": "",
        "access_note": "",
        "preferred_language": "sv",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def register_http(client, event_id: int, **overrides):
    return client.post(f"/events/{event_id}/register", data=form_data(**overrides))


def manage_path(response) -> str:
    """The manage page a successful registration redirects to (without the ?new=1)."""
    assert response.status_code == 302, response.status_code
    path = urlsplit(response.headers["Location"]).path
    assert path.startswith("/registrations/")
    return path


class _ElementText(HTMLParser):
    def __init__(self, element_id: str):
        super().__init__()
        self.element_id = element_id
        self.depth = 0
        self.found = False
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if self.depth:
            if tag not in VOID_ELEMENTS:
                self.depth += 1
        elif dict(attrs).get("id") == self.element_id and not self.found:
            self.found = True
            self.depth = 0 if tag in VOID_ELEMENTS else 1

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.parts.append(data)


def element_text(html: str, element_id: str) -> str | None:
    """The text inside the element with this id, whitespace collapsed; None when there is no such element."""
    parser = _ElementText(element_id)
    parser.feed(html)
    if not parser.found:
        return None
    return " ".join("".join(parser.parts).split())


class _Attributes(HTMLParser):
    def __init__(self, element_id: str):
        super().__init__()
        self.element_id = element_id
        self.attributes: dict[str, str | None] | None = None

    def handle_starttag(self, tag, attrs):
        if self.attributes is None and dict(attrs).get("id") == self.element_id:
            self.attributes = dict(attrs)


def attributes(html: str, element_id: str) -> dict[str, str | None] | None:
    """The attributes of the element with this id; None when there is no such element."""
    parser = _Attributes(element_id)
    parser.feed(html)
    return parser.attributes


def field_error(response, field: str) -> str | None:
    """The error shown next to a form field (the element `<field>-error`), or None."""
    return element_text(response.get_data(as_text=True), f"{field}-error")


def page_text(response) -> str:
    """The visible text of a page, whitespace collapsed, for checking sentences."""
    return element_text(response.get_data(as_text=True), "main") or ""


@dataclass(frozen=True)
class RegistrationRow:
    id: int
    email: str
    status: str
    adults: int
    children: int
    user_id: int | None


def registration_rows(app, event_id: int) -> list[RegistrationRow]:
    """The event's registrations as stored, in sign-up order."""
    with app.app_context():
        registrations = db.session.scalars(
            select(Registration).where(Registration.event_id == event_id).order_by(Registration.id)
        )
        return [RegistrationRow(r.id, r.email, r.status.value, r.adults, r.children, r.user_id) for r in registrations]


def statuses(app, event_id: int) -> dict[str, str]:
    """email -> status of the event's registrations."""
    return {row.email: row.status for row in registration_rows(app, event_id)}


def places_taken(app, event_id: int) -> int:
    with app.app_context():
        return db.session.get(Event, event_id).places_taken
