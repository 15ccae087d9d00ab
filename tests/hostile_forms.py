"""The forms on a page as a browser sees them, and what a person who fills one in sensibly would send.

The hostile-input test finds every form by reading the pages (inputs, selects, textareas and named buttons), so
a new form or field is covered without being listed anywhere. To reach the rules behind a form, a hostile value
goes into one field while the others hold what a browser would send when the form is filled in sensibly: the
values the page shows, the first real choice of a required select, and a plain value by input type.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit

from dialogue.local_time import local_today

# A plain, valid value for a required field left empty, by the input's type.
PLAIN_BY_TYPE = {
    "text": "A bench by the path",
    "search": "Amira",
    "textarea": "More benches along the path, please.",
    "email": "visitor@example.se",
    "password": "a long enough password",
    "number": "2",
    "tel": "040-34 10 00",
    "url": "https://example.se/",
    "time": "18:00",
}
# Fields whose plain value depends on another field's: the end of an event after its start.
PLAIN_BY_NAME = {"end_time": "20:00", "start_time": "18:00"}


@dataclass
class PageField:
    name: str
    kind: str  # an input's type, or "select", "textarea", "button"
    required: bool = False
    multiple: bool = False
    options: list[str] = field(default_factory=list)  # a select's, a radio or checkbox group's values
    shown: list[str] = field(default_factory=list)  # what a browser would send untouched


@dataclass
class PageForm:
    method: str  # "get" or "post"
    path: str  # the action, without its query string
    fields: dict[str, PageField] = field(default_factory=dict)
    plain_button: bool = False  # a submit button without a name: pressing it sends no value of its own

    def add(self, name: str, kind: str, attrs: dict, value: str | None = None) -> PageField:
        found = self.fields.get(name)
        if found is None:
            found = self.fields[name] = PageField(
                name, kind, required="required" in attrs, multiple="multiple" in attrs
            )
        if kind in ("radio", "checkbox") and value is not None:
            found.options.append(value)
        return found

    def sensible(self, overrides: dict[str, str] | None = None, serial: int = 0) -> dict[str, list[str]]:
        """What a person who fills the form in sensibly sends; `overrides` are the values a form's own rules need
        (a theme for a proposal, a comment for feedback). Email addresses are numbered by `serial`, as each
        registration of an event needs its own."""
        values = {name: sensible_value(page_field, serial) for name, page_field in self.fields.items()}
        buttons = [name for name, page_field in self.fields.items() if page_field.kind == "button"]
        for name in buttons:
            values.pop(name)
        if buttons and not self.plain_button:
            values[buttons[0]] = self.fields[buttons[0]].options[:1]  # the first button is the one pressed
        for name, value in (overrides or {}).items():
            if name in values:
                values[name] = [value]
        return values


def sensible_value(page_field: PageField, serial: int = 0) -> list[str]:
    if page_field.kind in ("checkbox", "file", "button") or page_field.multiple:
        return page_field.shown
    if page_field.kind in ("select", "radio"):
        if page_field.shown and (page_field.shown[0] or not page_field.required):
            return page_field.shown
        return [option for option in page_field.options if option][:1]
    if page_field.shown and page_field.shown[0]:
        return page_field.shown
    if not page_field.required:
        return page_field.shown or [""]
    if page_field.kind == "date":
        return [(local_today() + timedelta(days=30)).isoformat()]
    if page_field.kind == "email":
        return [f"visitor{serial}@example.se"]
    return [PLAIN_BY_NAME.get(page_field.name, PLAIN_BY_TYPE.get(page_field.kind, PLAIN_BY_TYPE["text"]))]


class _FormReader(HTMLParser):
    def __init__(self, page_url: str):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[PageForm] = []
        self.link_arguments: set[str] = set()  # names in the query strings of links to the page itself
        self._form: PageForm | None = None
        self._select: PageField | None = None
        self._option: dict | None = None
        self._text: tuple[PageField, list[str]] | None = None  # a textarea's field and its text so far

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "a" and "?" in attrs.get("href", ""):
            link = urlsplit(urljoin(self.page_url, attrs["href"]))
            if link.path == urlsplit(self.page_url).path:
                self.link_arguments.update(name for name, _value in parse_qsl(link.query, keep_blank_values=True))
            return
        if tag == "form":
            action = urljoin(self.page_url, attrs.get("action") or self.page_url)
            self._form = PageForm(method=(attrs.get("method") or "get").lower(), path=urlsplit(action).path)
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text").lower()
            if kind in ("submit", "image", "reset"):
                self._form.plain_button = True
                return
            value = attrs.get("value", "on" if kind in ("checkbox", "radio") else "")
            page_field = self._form.add(name, kind, attrs, value)
            if kind not in ("checkbox", "radio") or "checked" in attrs:
                page_field.shown.append(value)
        elif tag == "button" and attrs.get("type", "submit") == "submit":
            if name:
                self._form.add(name, "button", attrs).options.append(attrs.get("value", ""))
            else:
                self._form.plain_button = True
        elif tag == "select" and name:
            self._select = self._form.add(name, "select", attrs)
        elif tag == "option" and self._select is not None:
            self._option = {"value": attrs.get("value"), "selected": "selected" in attrs, "text": []}
        elif tag == "textarea" and name:
            self._text = (self._form.add(name, "textarea", attrs), [])

    def handle_data(self, data):
        if self._option is not None:
            self._option["text"].append(data)
        if self._text is not None:
            self._text[1].append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "option" and self._option is not None:
            self._close_option()
        elif tag == "select" and self._select is not None:
            self._close_option()
            if not self._select.shown and self._select.options and not self._select.multiple:
                self._select.shown.append(self._select.options[0])  # a browser sends the first option
            self._select = None
        elif tag == "textarea" and self._text is not None:
            page_field, text = self._text
            text = "".join(text)
            page_field.shown.append(text.removeprefix("\r\n") if text.startswith("\r\n") else text.removeprefix("\n"))
            self._text = None

    def _close_option(self):
        option, self._option = self._option, None
        if option is None or self._select is None:
            return
        value = option["value"] if option["value"] is not None else "".join(option["text"]).strip()
        self._select.options.append(value)
        if option["selected"]:
            self._select.shown.append(value)


def forms_on(html: str, page_url: str) -> list[PageForm]:
    """The page's forms; the query-string arguments of its links to itself (?status=, ?page=) are one more
    form that is sent with GET."""
    reader = _FormReader(page_url)
    reader.feed(html)
    reader.close()
    forms = reader.forms
    if reader.link_arguments:
        links = PageForm(method="get", path=urlsplit(page_url).path)
        for name in sorted(reader.link_arguments):
            links.add(name, "text", {})
        forms.append(links)
    return forms
