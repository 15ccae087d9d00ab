"""The shared web layer: a refusal lands next to its field (nested ones too), a view's change is committed or
rolled back in one place, downloads are named and kept out of caches, CSV defuses formulas, and page numbers
are checked."""

import csv
import io

import pytest
from flask_wtf import FlaskForm
from sqlalchemy import select
from werkzeug.exceptions import Forbidden as Http403
from werkzeug.exceptions import NotFound
from wtforms import FieldList, FormField, IntegerField, StringField

from dialogue.downloads import BYTE_ORDER_MARK, csv_text, download
from dialogue.extensions import db
from dialogue.forms import REFUSED, commit_change, show_refusal
from dialogue.neighbourhoods.models import Neighbourhood
from dialogue.pagination import Page, requested_page
from dialogue.refusals import Forbidden, Refusal
from tests.factories import make_neighbourhood
from tests.support import HOSTILE_CELLS, cells_that_would_run


class ChildRow(FlaskForm):
    class Meta:
        csrf = False

    first_name = StringField()
    age = IntegerField()


class FamilyForm(FlaskForm):
    class Meta:
        csrf = False

    email = StringField()
    children = FieldList(FormField(ChildRow), min_entries=2)


@pytest.fixture
def request_context(app):
    with app.test_request_context("/", method="POST"):
        yield


def test_a_refusal_lands_next_to_a_top_level_field(request_context):
    form = FamilyForm()
    show_refusal(form, Refusal("Write an email address.", field="email"))
    assert form.email.errors == ["Write an email address."]
    assert form.form_errors == []


def test_a_refusal_lands_next_to_a_field_inside_a_field_list(request_context):
    form = FamilyForm()
    show_refusal(form, Refusal("Between 0 and 17.", field="children-1-age"))
    assert form.children[1].age.errors == ["Between 0 and 17."]
    assert not form.children[0].age.errors and form.form_errors == []


def test_a_refusal_for_one_row_names_the_field_inside_that_row(request_context):
    form = FamilyForm()
    show_refusal(form, Refusal("Write a name.", field="first_name"), within=form.children[0].form)
    assert form.children[0].first_name.errors == ["Write a name."]
    assert not form.children[1].first_name.errors


@pytest.mark.parametrize("field", [None, "no-such-field"])
def test_a_refusal_without_a_shown_field_goes_above_the_form(request_context, field):
    form = FamilyForm()
    show_refusal(form, Refusal("The event is full.", field=field))
    assert form.form_errors == ["The event is full."]


def test_commit_change_commits_what_the_service_added(app, request_context):
    form = FamilyForm()
    result = commit_change(form, lambda: make_neighbourhood("Sege Park"))
    assert result is not REFUSED
    db.session.remove()
    assert db.session.scalars(select(Neighbourhood.name)).all() == ["Sege Park"]


def test_a_refused_change_is_rolled_back_and_shown(app, request_context):
    def half_done():
        make_neighbourhood("Lindängen")
        raise Refusal("Write the name once more.", field="email")

    form = FamilyForm()
    assert commit_change(form, half_done) is REFUSED
    assert form.email.errors == ["Write the name once more."]
    db.session.remove()
    assert db.session.scalars(select(Neighbourhood)).all() == []


def test_a_forbidden_change_is_a_403_and_nothing_is_kept(app, request_context):
    def not_yours():
        make_neighbourhood("Holma")
        raise Forbidden("Only process leaders can do this.")

    with pytest.raises(Http403):
        commit_change(FamilyForm(), not_yours)
    db.session.remove()
    assert db.session.scalars(select(Neighbourhood)).all() == []


def test_csv_starts_with_a_byte_order_mark_and_defuses_formulas():
    text = csv_text(["Name", "Note", "People"], [['=HYPERLINK("x")', "-1 chair", 3], [None, "@home", -2]])
    assert text.startswith(BYTE_ORDER_MARK)
    rows = list(csv.reader(io.StringIO(text.removeprefix(BYTE_ORDER_MARK)), delimiter=";"))
    assert rows == [["Name", "Note", "People"], ['\'=HYPERLINK("x")', "'-1 chair", "3"], ["", "'@home", "-2"]]


def test_csv_has_semicolons_and_no_part_of_any_cell_runs_as_a_formula():
    text = csv_text(["Hostile", "Number"], [[value, -3] for value in HOSTILE_CELLS])
    rows = list(csv.reader(io.StringIO(text.removeprefix(BYTE_ORDER_MARK)), delimiter=";"))
    assert len(rows) == len(HOSTILE_CELLS) + 1 and all(len(row) == 2 for row in rows)
    assert cells_that_would_run(rows) == []
    assert rows[6] == ["x;'=1+1;y", "-3"]  # the number stays a number
    # Also split naively, as a spreadsheet that ignores the quotes would:
    for separator in (",", "\t"):
        naive = [line.split(separator) for line in text.splitlines()]
        assert cells_that_would_run(naive) == []


def test_a_download_is_an_attachment_that_no_cache_keeps(app):
    with app.test_request_context("/"):
        response = download("a;b\n", "Södra Sofielund contributions.csv", "text/csv")
        assert response.headers["Content-Disposition"] == 'attachment; filename="Sodra_Sofielund_contributions.csv"'
        assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
        assert response.headers["Cache-Control"] == "private, no-store"
        public = download(b"BEGIN:VCALENDAR", "event.ics", "text/calendar", private=False)
        assert "no-store" not in public.headers.get("Cache-Control", "")


@pytest.mark.parametrize(("query", "expected"), [("", 1), ("?page=3", 3), ("?page=x", 1), ("?page=%20", 1)])
def test_a_missing_or_malformed_page_number_is_the_first_page(app, query, expected):
    with app.test_request_context(f"/{query}"):
        assert requested_page() == expected


@pytest.mark.parametrize("query", ["?page=0", "?page=-1", "?page=100001", "?page=99999999999999999999"])
def test_an_impossible_page_number_is_a_404(app, query):
    with app.test_request_context(f"/{query}"), pytest.raises(NotFound):
        requested_page()


def test_a_page_knows_its_neighbours():
    middle = Page(items=[], page=2, per_page=10, total=25)
    assert (middle.pages, middle.prev_num, middle.next_num) == (3, 1, 3)
    only = Page(items=[], page=1, per_page=10, total=0)
    assert (only.pages, only.has_prev, only.has_next) == (1, False, False)
