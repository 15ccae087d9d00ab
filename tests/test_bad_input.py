"""Bad input that every form, filter and URL shares, answered the same way everywhere, on SQLite and PostgreSQL.

A control character in any field of any form gets a message next to that field in the reader's language and
nothing is saved; a slug or token with one is a 404; a filter of only whitespace is no filter, an unknown one is
left out with a message; a date no calendar computation can hold is refused next to its field.
"""

import html
import re

import pytest
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from wtforms import FieldList, FormField, StringField, TextAreaField
from wtforms.validators import DataRequired

import dialogue
from dialogue.contributions.models import Contribution
from dialogue.extensions import db
from dialogue.forms import DialogueForm, database_id
from dialogue.permissions import Role
from tests.factories import make_event, make_neighbourhood, make_proposal, make_registration, make_user
from tests.support import arrange, log_in_directly, look, use_english

CONTROL_MESSAGE = "This holds invisible control characters that cannot be saved. Write it again."
CONTROL_MESSAGE_SV = "Här finns osynliga styrtecken som inte kan sparas. Skriv det igen."
PROPOSAL = {
    "title": "More trees on Sevedsgatan",
    "body": "The street is hot in summer.",
    "theme": "green_space_and_play",
    "place_description": "",
    "event_id": "",
    "language": "sv",
    "contact_email": "",
}


def field_error(response, field_id: str) -> str | None:
    match = re.search(rf'id="{re.escape(field_id)}-error"[^>]*>(.*?)</', response.get_data(as_text=True), re.S)
    return html.unescape(match.group(1)).strip() if match else None


def shown_errors(response) -> list[str]:
    return re.findall(r'id="([^"]+)-error"', response.get_data(as_text=True))


@pytest.fixture
def place(any_app):
    """Sege Park with an upcoming event, a proposal and a registration, and a process leader; (app, ids)."""
    with arrange(any_app):
        sege_park = make_neighbourhood("Sege Park", slug="sege-park")
        event = make_event(sege_park)
        make_registration(event, contact_name="Amira Hassan")
        ids = {
            "slug": sege_park.slug,
            "event": event.id,
            "proposal": make_proposal(sege_park).id,
            "leader": make_user(Role.PROCESS_LEADER).id,
            "admin": make_user(Role.ADMIN).id,
        }
    return any_app, ids


def _proposal_count(app) -> int:
    with look(app):
        return db.session.scalar(select(func.count()).select_from(Contribution))


@pytest.mark.parametrize("field", ["title", "body", "place_description"])
@pytest.mark.parametrize("value", ["\x00", "Benches\x00", "a\x1b[31mred", "\x7f", "\x85"])
def test_a_control_character_in_a_field_is_refused_next_to_it_and_nothing_is_saved(place, field, value):
    app, ids = place
    client = app.test_client()
    use_english(client)
    before = _proposal_count(app)

    response = client.post(f"/neighbourhoods/{ids['slug']}/proposals/new", data={**PROPOSAL, field: value})

    assert response.status_code == 422
    assert field_error(response, field) == CONTROL_MESSAGE
    assert _proposal_count(app) == before


def test_the_message_is_in_swedish_by_default(place):
    app, ids = place
    data = {"rating": "4", "body": "Bra\x00"}

    response = app.test_client().post(f"/neighbourhoods/{ids['slug']}/feedback/new", data=data)

    assert response.status_code == 422
    assert field_error(response, "body") == CONTROL_MESSAGE_SV


def test_tabs_and_line_breaks_are_text(place):
    app, ids = place
    data = {**PROPOSAL, "title": "Trees\tplease", "body": "Line one\r\nLine two\n"}

    response = app.test_client().post(f"/neighbourhoods/{ids['slug']}/proposals/new", data=data)

    assert response.status_code == 302
    assert _proposal_count(app) == 2


class _Row(DialogueForm):
    class Meta:
        csrf = False

    name = StringField()


class _Rows(DialogueForm):
    class Meta:
        csrf = False

    title = StringField(validators=[DataRequired()])
    note = TextAreaField()
    rows = FieldList(FormField(_Row), min_entries=2)


def test_a_control_character_in_a_row_of_a_field_list_is_refused_in_that_row(app):
    data = {"title": "Fine", "note": "Also\nfine", "rows-0-name": "Amira", "rows-1-name": "Bo\x00"}
    with app.test_request_context("/", method="POST", data=data):
        form = _Rows()
        assert not form.validate()
        assert form.rows[1].form.name.errors == [CONTROL_MESSAGE_SV]
        assert form.rows[0].form.name.errors == [] and form.note.errors == [] and form.title.errors == []


def test_the_control_character_message_replaces_the_fields_other_messages(app):
    with app.test_request_context("/", method="POST", data={"title": "\x00", "note": ""}):
        form = _Rows()
        form.validate()
        assert form.title.errors == [CONTROL_MESSAGE_SV]


def _subclasses(cls):
    for subclass in cls.__subclasses__():
        yield subclass
        yield from _subclasses(subclass)


def test_every_form_of_dialogue_refuses_control_characters(app):
    """Every form that Dialogue defines is a DialogueForm, so a new one is covered without a line of its own."""
    forms = [form for form in _subclasses(FlaskForm) if form.__module__.startswith(f"{dialogue.__name__}.")]
    assert len(forms) > 20, "the forms were not imported: has the app stopped importing its views?"
    assert [form.__qualname__ for form in forms if not issubclass(form, DialogueForm)] == []


@pytest.mark.parametrize(
    "path",
    [
        "/neighbourhoods/%00",
        "/neighbourhoods/sege-park%00",
        "/neighbourhoods/sege%1bpark/proposals",
        "/neighbourhoods/%00/proposals/new",
        "/neighbourhoods/%09/feedback/new",
        "/calendar/neighbourhoods/%00.ics",
        "/calendar/kinds/%00.ics",
        "/calendar/personal/%00.ics",
        "/registrations/%00",
        "/account/reset/%00",
        "/account/confirm/%00",
        "/staff/neighbourhoods/%00/contributions",
        "/staff/indicators/%00",
    ],
)
def test_a_control_character_in_a_slug_or_token_is_a_404(place, path):
    app, ids = place
    client = app.test_client()
    log_in_directly(client, ids["leader"])

    assert client.get(path).status_code == 404


def test_a_real_slug_still_opens_its_page(place):
    app, ids = place
    assert app.test_client().get(f"/neighbourhoods/{ids['slug']}").status_code == 200


@pytest.mark.parametrize(
    ("path", "as_admin"),
    [
        ("/events/?kind=%20&neighbourhood=%20&language=%20", False),
        ("/neighbourhoods/sege-park/proposals?status=%20&theme=%20&channel=%20&sort=%20", False),
        ("/review?status=%20&theme=%20&neighbourhood=%20", True),
        ("/staff/neighbourhoods/sege-park/contributions?status=%20&kind=%20&visibility=%20&event=%20", True),
        ("/staff/events/?status=%20&kind=%20&neighbourhood=%09", True),
        ("/staff/organisations/?kind=%20", True),
        ("/staff/initiatives/?kind=%20&status=%20", True),
        ("/staff/events/?series=%00", True),
    ],
)
def test_a_filter_of_only_whitespace_is_no_filter(place, path, as_admin):
    app, ids = place
    client = app.test_client()
    if as_admin:
        log_in_directly(client, ids["admin"])

    response = client.get(path)

    assert response.status_code == 200
    assert shown_errors(response) == []


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("kind=party", "kind"),
        ("kind=%00", "kind"),
        ("language=%1b", "language"),
        ("neighbourhood=..%2F", "neighbourhood"),
    ],
)
def test_an_unknown_filter_is_left_out_with_a_message(place, query, field):
    app, ids = place
    response = app.test_client().get(f"/events/?{query}")

    assert response.status_code == 422
    assert field_error(response, field)
    assert f'href="/events/{ids["event"]}"' in response.get_data(as_text=True)  # the list still shows


@pytest.mark.parametrize("path", ["/events/", "/staff/events/", "/staff/audit/"])
@pytest.mark.parametrize(("field", "day"), [("date_to", "9999-12-31"), ("date_from", "0001-01-01")])
def test_a_day_no_calendar_can_hold_is_refused_next_to_its_field(place, path, field, day):
    app, ids = place
    client = app.test_client()
    log_in_directly(client, ids["admin"])
    use_english(client)

    response = client.get(f"{path}?{field}={day}")

    assert response.status_code == 422
    assert field_error(response, field).startswith("Choose a d")  # the audit log keeps its narrower years


def test_the_event_list_names_the_years_it_takes(place):
    app, _ids = place
    client = app.test_client()
    use_english(client)

    response = client.get("/events/?date_to=9999-12-31")

    assert field_error(response, "date_to") == "Choose a day between the years 1900 and 2999."


@pytest.mark.parametrize(
    "path", ["/staff/events/{event}/checkin?q=%00", "/staff/events/{event}/registrations?q=Am%00ira"]
)
def test_a_search_at_the_door_leaves_control_characters_out(place, path):
    app, ids = place
    client = app.test_client()
    log_in_directly(client, ids["leader"])

    response = client.get(path.format(**ids))

    assert response.status_code == 200
    assert "Amira Hassan" in response.get_data(as_text=True)


@pytest.mark.parametrize("target", [str(2**63), str(10**30), "-1", "²", "1.5", " "])
def test_a_merge_into_a_number_no_proposal_can_have_is_refused(place, target):
    app, ids = place
    client = app.test_client()
    log_in_directly(client, ids["leader"])

    response = client.post(f"/staff/proposals/{ids['proposal']}/merge", data={"target_id": target})

    assert response.status_code == 422
    assert field_error(response, "target_id")


def test_a_rating_of_only_whitespace_is_no_rating(place):
    app, ids = place
    data = {"rating": " ", "body": "A good evening."}

    response = app.test_client().post(f"/neighbourhoods/{ids['slug']}/feedback/new", data=data)

    assert response.status_code == 302
    with look(app):
        feedback = db.session.scalars(select(Contribution).where(Contribution.body == "A good evening.")).one()
        assert feedback.rating is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12", 12), (" 7 ", 7), ("2147483647", 2**31 - 1), ("2147483648", None), ("0", None), ("-1", None)]
    + [("", None), (None, None), ("²", None), ("١٢", None), ("1e3", None), ("12\x00", None)],
)
def test_a_database_id_is_a_whole_number_a_row_can_have(text, expected):
    assert database_id(text) == expected
