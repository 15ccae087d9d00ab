"""Every field the server requires is marked as required where a person fills it in, in every form of Dialogue.

The forms are found the way the hostile-input test finds them: every page of the URL map, opened as every role,
with real ids and tokens. Each form that sends (POST) is then sent as a person who fills in nothing would send
it: text left empty, a select on its empty choice where it has one, no box ticked, no file. A field that the
answer names with an error is one the server requires, so on the page it must be:

- announced as required: the `required` attribute (or aria-required="true") on its input, select or textarea, or
  for a group of checkboxes of which one must be ticked, "required" in its legend for screen readers;
- visibly marked: the mark (*) in its label, or in the legend of its group;
- explained: the form says once, and only once, what the mark means.

Some fields are required only in some cases: in a row of the log-input form, the title, the theme and the text
of a proposal. Such a form is sent again with one field of a row filled in (STARTED), so that the row's
required fields speak up too.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit

import pytest

from tests import test_hostile_input as hostile
from tests.conftest import close_connections, make_app
from tests.hostile_data import ROLES, build_hostile_dataset
from tests.hostile_forms import PageForm, forms_on
from tests.support import arrange

# Kinds of field a person cannot leave empty in a browser, or does not fill in at all.
NOT_FILLED_IN = ("hidden", "button")
# Values that start a row of a form whose fields are required only once the row is used.
STARTED = {"moderation.log_input": {"rows-0-body": "More benches along the path."}}
# Fields of which one or the other is needed, never one alone: the hint says so (feedback: a rating, a comment or
# both), and neither is marked, as neither is required on its own.
ONE_OR_THE_OTHER = {("contributions.new_feedback", "body")}


@dataclass
class Control:
    name: str
    id: str
    kind: str
    announced: bool  # the required attribute, or aria-required="true"


@dataclass
class ShownForm:
    """What a person sees of a form: its controls, which labels and legends carry the mark, and how often the
    mark is explained inside it."""

    method: str
    path: str
    controls: list[Control] = field(default_factory=list)
    marked_labels: set[str] = field(default_factory=set)  # the `for` of each label with the mark
    marked_groups: set[str] = field(default_factory=set)  # the id of each fieldset whose legend has the mark
    spoken_groups: set[str] = field(default_factory=set)  # ... and says "required" to screen readers
    explanations: int = 0


class _Reader(HTMLParser):
    def __init__(self, page_url: str):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[ShownForm] = []
        self._form: ShownForm | None = None
        self._label_for: str | None = None
        self._label_just_closed: str | None = None  # the mark stands right after its label
        self._fieldsets: list[str] = []
        self._in_legend = False

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        classes = attrs.get("class", "").split()
        label_before, self._label_just_closed = self._label_just_closed, None
        if tag == "form":
            action = urljoin(self.page_url, attrs.get("action") or self.page_url)
            self._form = ShownForm((attrs.get("method") or "get").lower(), urlsplit(action).path)
            self.forms.append(self._form)
        if self._form is None:
            return
        if tag in ("input", "select", "textarea") and attrs.get("name"):
            announced = "required" in attrs or attrs.get("aria-required") == "true"
            kind = attrs.get("type", "text").lower() if tag == "input" else tag
            self._form.controls.append(Control(attrs["name"], attrs.get("id", ""), kind, announced))
        elif tag == "label":
            self._label_for = attrs.get("for")
        elif tag == "fieldset":
            self._fieldsets.append(attrs.get("id", ""))
        elif tag == "legend":
            self._in_legend = True
        elif tag == "span" and "required-mark" in classes:
            if self._label_for or label_before:
                self._form.marked_labels.add(self._label_for or label_before)
            elif self._in_legend and self._fieldsets:
                self._form.marked_groups.add(self._fieldsets[-1])
        elif tag == "span" and "required-spoken" in classes and self._in_legend and self._fieldsets:
            self._form.spoken_groups.add(self._fieldsets[-1])
        elif tag == "p" and "required-explained" in classes:
            self._form.explanations += 1

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "label":
            self._label_just_closed, self._label_for = self._label_for, None
        elif tag == "fieldset" and self._fieldsets:
            self._fieldsets.pop()
        elif tag == "legend":
            self._in_legend = False


def shown_forms(html: str, page_url: str) -> list[ShownForm]:
    reader = _Reader(page_url)
    reader.feed(html)
    reader.close()
    return reader.forms


@dataclass
class FoundForm:
    role: str
    sendable: PageForm
    shown: ShownForm


def empty_values(form: PageForm) -> dict[str, list[str]]:
    """What a browser sends when a person fills in nothing and presses the form's first button."""
    values = {}
    for name, page_field in form.fields.items():
        if page_field.kind == "hidden":
            values[name] = page_field.shown
        elif page_field.kind == "select" and not page_field.multiple:
            values[name] = [""] if "" in page_field.options else page_field.shown
        elif page_field.kind not in ("radio", "checkbox", "file", "button", "select"):
            values[name] = [""]
    buttons = [name for name, page_field in form.fields.items() if page_field.kind == "button"]
    if buttons and not form.plain_button:
        values[buttons[0]] = form.fields[buttons[0]].options[:1]
    return values


def fillable(form: PageForm) -> bool:
    return any(page_field.kind not in NOT_FILLED_IN for page_field in form.fields.values())


def errors_in(html: str) -> set[str]:
    """The ids of the fields that a page shows an error next to (templates/_macros/forms.html)."""
    found = set()
    marker = 'class="field-error" id="'
    start = 0
    while (start := html.find(marker, start)) != -1:
        start += len(marker)
        found.add(html[start : html.index('"', start)].removesuffix("-error"))
    return found


def find_forms(run: hostile.Run) -> dict[str, FoundForm]:
    """Every form that sends, by its path, as the first role that was shown it."""
    found: dict[str, FoundForm] = {}
    for rule in hostile._rules(run.app):
        if "GET" not in rule.methods:
            continue
        url = hostile._url(run, rule)
        for role in ROLES:
            response = run.send(role, "GET", url)
            if response is None or response.status_code != 200 or response.mimetype != "text/html":
                continue
            _collect(found, role, response.get_data(as_text=True), url)
            for form in forms_on(response.get_data(as_text=True), url):
                if form.method == "get" and form.path != url:  # a form that opens a page of forms that send
                    shown = {name: page_field.shown for name, page_field in form.fields.items() if page_field.shown}
                    behind = run.send(role, "GET", f"{form.path}?{urlencode(shown, doseq=True)}")
                    if behind is not None and behind.status_code == 200 and behind.mimetype == "text/html":
                        _collect(found, role, behind.get_data(as_text=True), form.path)
    return found


def _collect(found: dict[str, FoundForm], role: str, html: str, url: str) -> None:
    shown = {(form.method, form.path): form for form in shown_forms(html, url)}
    for form in forms_on(html, url):
        if form.method == "post" and form.path not in found and fillable(form):
            found[form.path] = FoundForm(role, form, shown[("post", form.path)])


def problems_of(run: hostile.Run, path: str, form: FoundForm) -> list[str]:
    endpoint = hostile._endpoint(run, path, "POST")
    required = set()
    for started in ({}, STARTED.get(endpoint)):
        if started is None:
            continue
        values = {**empty_values(form.sendable), **{name: [value] for name, value in started.items()}}
        response = run.send(form.role, "POST", path, values, what="nothing filled in")
        if response is not None and response.status_code in (400, 422):
            required |= errors_in(response.get_data(as_text=True))
    controls = {control.id: control for control in form.shown.controls}
    required -= {field_id for form_endpoint, field_id in ONE_OR_THE_OTHER if form_endpoint == endpoint}
    problems = []
    for field_id in sorted(required):
        group = [control for control in form.shown.controls if control.name == field_id]
        control = controls.get(field_id) or (group[0] if group else None)
        if control is None or control.kind in NOT_FILLED_IN:
            continue  # an error about the form as a whole, or a value the page itself sends
        where = f"{endpoint} ({path}, as {form.role}): {field_id}"
        if not (control.announced or any(member.announced for member in group) or field_id in form.shown.spoken_groups):
            problems.append(f"{where} is required but has no required attribute or aria-required")
        if control.id not in form.shown.marked_labels and field_id not in form.shown.marked_groups:
            problems.append(f"{where} is required but its label has no mark")
    if (required or form.shown.marked_labels or form.shown.marked_groups) and form.shown.explanations != 1:
        problems.append(f"{endpoint} ({path}): the mark is explained {form.shown.explanations} times, not once")
    return problems


@pytest.fixture
def run(sqlite_url):
    app = make_app(sqlite_url)
    with arrange(app):
        dataset = build_hostile_dataset()
    cookies = {role: hostile._session_cookie(app, email) for role, email in dataset.emails.items()}
    yield hostile.Run(app=app, dataset=dataset, cookies=cookies)
    close_connections(app)


def test_every_field_the_server_requires_is_marked_as_required(run):
    found = find_forms(run)
    assert len(found) >= 28, f"the pages showed only {len(found)} forms that send"

    def sending_order(path: str) -> tuple:
        endpoint = hostile._endpoint(run, path, "POST")
        return (hostile.ENDING_LAST.index(endpoint) if endpoint in hostile.ENDING_LAST else -1, path)

    problems = []
    for path in sorted(found, key=sending_order):
        problems += problems_of(run, path, found[path])
    assert not run.failures, run.failures
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


def test_a_field_without_its_mark_is_found():
    """The reader sees a label's mark and the required attribute, and misses neither when they are absent."""
    html = (
        '<form method="post" action="/x"><p class="required-explained">*</p>'
        '<label for="a">A</label> <span class="required-mark">*</span><input id="a" name="a" required>'
        '<label for="b">B</label><input id="b" name="b"><span class="required-mark">*</span>'
        '<fieldset id="c"><legend>C<span class="required-mark">*</span></legend>'
        '<input type="radio" name="c" id="c-0" required></fieldset></form>'
    )
    [form] = shown_forms(html, "/x")
    assert form.marked_labels == {"a"} and form.marked_groups == {"c"} and form.explanations == 1
    assert [(control.name, control.announced) for control in form.controls] == [("a", True), ("b", False), ("c", True)]
    assert errors_in('<p class="field-error" id="rows-0-theme-error">x</p>') == {"rows-0-theme"}
