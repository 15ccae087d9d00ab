"""Right to left: the page carries the reader's `lang` and `dir`, the stylesheet says start and end instead of left
and right, text people wrote takes its direction from itself (dir="auto"), and the indicators' bar charts grow from
the right edge in Arabic.

Arabic is enabled here through the LANGUAGES setting, as a city would enable it: where its catalog is missing the
texts are English, but the page is still laid out from right to left.
"""

import re
from pathlib import Path

import pytest
from markupsafe import Markup

from dialogue.permissions import Role
from dialogue.reports.charts import WIDTH, bar_chart
from dialogue.templating import left_to_right, written
from tests.factories import make_event, make_neighbourhood, make_proposal, make_registration, make_user
from tests.support import arrange, log_in_directly

ROOT = Path(__file__).resolve().parents[1]
STYLESHEETS = sorted((ROOT / "dialogue" / "static").rglob("*.css"))
FOUR_LANGUAGES = {"sv": "Svenska", "en": "English", "ar": "العربية", "fi": "Suomi"}

# A property or value that names a physical side, which stays put when the page turns right to left.
PHYSICAL_PROPERTY = re.compile(r"(?:^|-)(?:left|right)(?:-|$)")
PHYSICAL_VALUE = re.compile(r"\b(?:left|right)\b")
# Shorthands whose fourth value is the left side and second the right: different, they are one-sided.
FOUR_SIDED = {
    "margin",
    "padding",
    "inset",
    "border-width",
    "border-style",
    "border-color",
    "scroll-margin",
    "scroll-padding",
}


def physical_declarations(css: str) -> list[str]:
    """Every declaration of a stylesheet that would not mirror in a right-to-left page."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    found = []
    for block in re.findall(r"\{([^{}]*)\}", css):
        for declaration in block.split(";"):
            if ":" not in declaration:
                continue
            name, value = (part.strip().lower() for part in declaration.split(":", 1))
            values = value.replace("!important", "").split()
            if (
                PHYSICAL_PROPERTY.search(name)
                or PHYSICAL_VALUE.search(re.sub(r"url\([^)]*\)", "", value))
                or (name in FOUR_SIDED and len(values) == 4 and values[1] != values[3])
                or (name == "border-radius" and len(set(values) - {"/"}) > 1)
            ):
                found.append(f"{name}: {value}")
    return found


def test_the_check_finds_every_kind_of_physical_side():
    css = """
    /* margin-left in a comment is fine */
    .a { margin-left: 1rem; padding: 0 1rem 0 2rem; text-align: right }
    @media (min-width: 40rem) { .b { left: 0; border-top-right-radius: 3px; float: left; } }
    .c { border-radius: 4px 0; background: url(left.png) no-repeat; }
    .d { margin-inline-start: 1rem; padding: 0 1rem; text-align: start; inset-inline-end: 0; }
    .e { margin: 1rem 2rem 3rem 2rem; border-radius: 6px; }
    """
    assert physical_declarations(css) == [
        "margin-left: 1rem",
        "padding: 0 1rem 0 2rem",
        "text-align: right",
        "left: 0",
        "border-top-right-radius: 3px",
        "float: left",
        "border-radius: 4px 0",
    ]


@pytest.mark.parametrize("stylesheet", STYLESHEETS, ids=lambda path: path.name)
def test_the_stylesheets_name_no_physical_side(stylesheet):
    assert physical_declarations(stylesheet.read_text()) == []


def test_the_stylesheets_are_found():
    assert [path.name for path in STYLESHEETS] == ["app.css"]


@pytest.fixture
def four_languages(app):
    app.config["LANGUAGES"] = FOUR_LANGUAGES
    return app


def html_tag(client, path: str = "/") -> str:
    return re.search(r"<html[^>]*>", client.get(path).get_data(as_text=True)).group(0)


def test_an_arabic_page_is_right_to_left_and_a_finnish_one_left_to_right(four_languages, client):
    assert html_tag(client) == '<html lang="sv" dir="ltr">'
    client.post("/language", data={"language": "ar", "next": "/"})
    assert html_tag(client) == '<html lang="ar" dir="rtl">'
    assert html_tag(client, "/events/") == '<html lang="ar" dir="rtl">'
    client.post("/language", data={"language": "fi", "next": "/"})
    assert html_tag(client) == '<html lang="fi" dir="ltr">'


def test_an_email_address_is_typed_left_to_right_in_an_arabic_form(four_languages, client):
    with arrange(four_languages):
        event_id = make_event().id
    client.post("/language", data={"language": "ar", "next": "/"})

    for path in (f"/events/{event_id}/register", "/account/login", "/account/signup"):
        page = client.get(path).get_data(as_text=True)
        inputs = re.findall(r"<input [^>]*>", page)
        [email] = [tag for tag in inputs if 'type="email"' in tag]
        assert 'dir="ltr"' in email, path
        assert not any('dir="ltr"' in tag for tag in inputs if 'type="email"' not in tag), path


def test_lists_and_a_date_with_its_time_are_separated_by_the_readers_comma(four_languages, client):
    with arrange(four_languages):
        event_id = make_event(languages=("sv", "ar")).id

    swedish = client.get(f"/events/{event_id}").get_data(as_text=True)
    assert re.search(r"<dd>(arabiska|svenska), (arabiska|svenska)</dd>", swedish)
    client.post("/language", data={"language": "ar", "next": "/"})
    arabic = client.get(f"/events/{event_id}").get_data(as_text=True)

    assert re.search(r"<dd>(العربية|السويدية)، (العربية|السويدية)</dd>", arabic)
    assert not re.search(r"<dd>[^<]*, [^<]*</dd>", arabic)  # no Latin comma between the items of a list
    assert re.search(r"\d{4}، \d", arabic)  # the date, its comma, the time


def test_written_text_takes_its_direction_from_itself(app):
    assert written("سلام <b>") == Markup('<span dir="auto">سلام &lt;b&gt;</span>')
    assert written("Bänkar", lang="sv", element="p", class_="user-text") == Markup(
        '<p dir="auto" lang="sv" class="user-text">Bänkar</p>'
    )
    assert written("") == written(None) == Markup("")
    with pytest.raises(ValueError):
        written("x", element="script")
    assert left_to_right("040-34 10 00") == Markup('<span dir="ltr">040-34 10 00</span>')


@pytest.fixture
def arabic_texts(app):
    with arrange(app):
        neighbourhood = make_neighbourhood()
        event = make_event(neighbourhood, title="حوار حول الحديقة", venue="مكتبة لindängen")
        make_registration(event, contact_name="ليلى حداد")
        proposal = make_proposal(neighbourhood, title="مقاعد في الحديقة", body="نريد مقاعد أكثر.", language="ar")
        staff = make_user(role=Role.PROCESS_LEADER)
        return event.id, proposal.id, staff.id


def test_text_people_wrote_reads_in_its_own_direction_in_a_swedish_page(app, client, arabic_texts):
    event_id, proposal_id, staff_id = arabic_texts
    proposal = client.get(f"/proposals/{proposal_id}").get_data(as_text=True)
    assert '<h1 dir="auto" lang="ar">مقاعد في الحديقة</h1>' in proposal
    assert '<div dir="auto" lang="ar" class="user-text">نريد مقاعد أكثر.</div>' in proposal

    event = client.get(f"/events/{event_id}").get_data(as_text=True)
    assert '<h1 lang="sv" dir="auto">حوار حول الحديقة</h1>' in event  # the language staff gave the event's texts
    assert '<span dir="auto">مكتبة لindängen</span>' in event
    assert '<span dir="auto" lang="sv">حوار حول الحديقة</span>' in client.get("/events/").get_data(as_text=True)

    log_in_directly(client, staff_id)
    staff_list = client.get(f"/staff/events/{event_id}/registrations").get_data(as_text=True)
    assert '<span dir="auto">ليلى حداد</span>' in staff_list
    assert '<h1>Anmälningar: <span dir="auto">حوار حول الحديقة</span></h1>' in staff_list


def test_the_bars_grow_from_the_right_edge_in_a_right_to_left_page(app):
    rows = [("Medborgardialog", 4, None), ("Utställning", 2, None)]
    with app.test_request_context():
        left, right = bar_chart("c", "Events", rows, direction="ltr"), bar_chart("c", "Events", rows, direction="rtl")
    assert [(bar.bar_x, bar.width, bar.label_x) for bar in left.bars] == [(0, 344.0, 0), (0, 172.0, 0)]
    assert [(bar.bar_x, bar.width, bar.label_x) for bar in right.bars] == [(56.0, 344.0, WIDTH), (228.0, 172.0, WIDTH)]
    # The number stands after the bar's end as one reads: right of it, or left of it in Arabic.
    assert [bar.value_x for bar in left.bars] == [350.0, 178.0]
    assert [bar.value_x for bar in right.bars] == [50.0, 222.0]
    assert (left.direction, right.direction) == ("ltr", "rtl")


def test_the_indicators_chart_follows_the_page(four_languages, client):
    with arrange(four_languages):
        staff = make_user(role=Role.PROCESS_LEADER)
        make_event(make_neighbourhood())
        staff_id = staff.id
    log_in_directly(client, staff_id)
    assert 'direction="ltr"' in client.get("/staff/indicators").get_data(as_text=True)
    client.post("/language", data={"language": "ar", "next": "/"})
    page = client.get("/staff/indicators").get_data(as_text=True)
    assert 'direction="rtl"' in page and 'direction="ltr"' not in page
