"""The registrations page: who signed up, what they need (counted by the database), search, and its links."""

import re

from dialogue.events.models import Event
from dialogue.extensions import db
from dialogue.registrations.cancellation import cancel
from dialogue.registrations.models import AccessNeed
from tests.attendance.helpers import build_door, log_in_as
from tests.factories import make_event, make_registration
from tests.registrations.helpers import element_text
from tests.support import arrange, use_english


def _page(client, door, query=""):
    response = client.get(f"/staff/events/{door.event_id}/registrations{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _listed_names(html: str) -> list[str]:
    rows = re.findall(
        r'<tr id="registration-\d+">\s*<th scope="row" class="row-title">\s*<span dir="auto">([^<]+?)</span><br>', html
    )
    return [name.strip() for name in rows]


def _cells(html: str, row_id: str) -> list[str]:
    row = re.search(rf'<tr id="{row_id}">(.*?)</tr>', html, re.S).group(1)
    cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in cells]


def test_access_needs_are_counted_per_need_and_status(app, client):
    door = build_door(app, capacity=6, people=())
    with arrange(app):
        event = db.session.get(Event, door.event_id)
        both = {AccessNeed.WHEELCHAIR, AccessNeed.INTERPRETER}
        make_registration(event, adults=2, access_needs=both, interpreter_language="ar")
        make_registration(event, adults=2, access_needs={AccessNeed.WHEELCHAIR})
        make_registration(event, adults=1, access_needs={AccessNeed.INTERPRETER}, interpreter_language="so")
        make_registration(event, adults=1, access_needs={AccessNeed.HEARING_LOOP})  # the sixth place
        make_registration(event, adults=2, access_needs=both, interpreter_language="ar")  # waits
        gone = make_registration(event, adults=1, access_needs={AccessNeed.CHILDCARE}).registration  # waits
        cancel(gone.id)
        # Another event's needs are not this event's.
        make_registration(make_event(), access_needs={AccessNeed.SIGN_LANGUAGE})
    log_in_as(client, door)
    use_english(client)
    html = _page(client, door)

    assert _cells(html, "need-wheelchair") == ["Wheelchair access", "2", "1"]
    assert _cells(html, "need-interpreter") == ["Interpreter", "2", "1"]
    assert _cells(html, "need-hearing_loop") == ["Hearing loop", "1", "0"]
    assert _cells(html, "need-childcare") == ["Childcare", "0", "0"]  # cancelled: not counted
    assert _cells(html, "need-sign_language") == ["Sign language interpreter", "0", "0"]
    assert _cells(html, "interpreter-ar") == ["Arabic", "1", "1"]
    assert _cells(html, "interpreter-so") == ["Somali", "1", "0"]
    figures = element_text(html, "figures")
    assert "Confirmed 4 registrations, 6 people (of 6 places)" in figures
    assert "Waiting list 1 registration, 2 people" in figures
    assert "Cancelled 1 registration" in figures


def test_lists_every_registration_with_status_party_contact_and_code(app, client):
    door = build_door(app, capacity=4)  # Amira 3, Björn 1, Carla's 2 wait
    log_in_as(client, door)
    use_english(client)
    html = _page(client, door)
    assert _listed_names(html) == ["Amira Hassan", "Björn Svensson", "Carla Ortiz"]
    amira = _cells(html, f"registration-{door.registration_ids['Amira Hassan']}")
    assert amira[1] == "Confirmed" and amira[2] == "2 adults, 1 child" and amira[4] == door.codes["Amira Hassan"]
    assert "@example.se" in amira[0]
    carla = _cells(html, f"registration-{door.registration_ids['Carla Ortiz']}")
    assert carla[1].startswith("On the waiting list") and "Move up" in carla[1]
    assert carla[4] == "–"  # no code until confirmed
    assert "3 registrations found" in html


def test_search_by_name_part_email_or_code_and_filter_by_status(app, client):
    door = build_door(app, capacity=4)
    log_in_as(client, door)
    use_english(client)
    assert _listed_names(_page(client, door, "?q=svens")) == ["Björn Svensson"]
    assert _listed_names(_page(client, door, "?q=ORTIZ")) == ["Carla Ortiz"]
    code = door.codes["Amira Hassan"]
    assert _listed_names(_page(client, door, f"?q={code.lower()}")) == ["Amira Hassan"]
    assert _listed_names(_page(client, door, f"?q={code[:3]}-{code[3:]}")) == ["Amira Hassan"]
    assert _listed_names(_page(client, door, "?status=waitlisted")) == ["Carla Ortiz"]
    assert _listed_names(_page(client, door, "?status=confirmed&q=amira")) == ["Amira Hassan"]
    html = _page(client, door, "?q=nobody")
    assert _listed_names(html) == [] and "0 registrations found" in html
    # Wildcards are searched for as text, and unknown filters show everything.
    assert _listed_names(_page(client, door, "?q=%25")) == []
    assert _listed_names(_page(client, door, "?q=_")) == []
    assert len(_listed_names(_page(client, door, "?status=bogus"))) == 3
    assert client.get(f"/staff/events/{door.event_id}/registrations?page=999999999").status_code == 404


def test_links_to_the_door_sheet_csv_report_and_the_event(app, client):
    door = build_door(app)
    log_in_as(client, door)
    html = _page(client, door)
    base = f"/staff/events/{door.event_id}"
    for href in (
        f"{base}/checkin",
        f"{base}/attendance-sheet",
        f"{base}/registrations.csv",
        f"{base}/report",
        f"{base}/registrations/new",
        f"/events/{door.event_id}",
    ):
        assert f'href="{href}"' in html, href
    if "planning.edit_event" in app.view_functions:  # the event's staff page, where planning is installed
        assert f'href="{base}/edit"' in html
