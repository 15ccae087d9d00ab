"""The registrations as CSV: UTF-8 with a byte order mark, one row per registration, no cell a formula."""

import csv
import io

from dialogue.events.models import Event
from dialogue.extensions import db
from dialogue.registrations.models import AccessNeed
from tests.attendance.helpers import build_door, log_in_as
from tests.factories import make_registration
from tests.support import HOSTILE_CELLS, arrange, cells_that_would_run, use_english


def test_csv_has_a_bom_every_registration_and_defused_formulas(app, client):
    door = build_door(app, capacity=4)
    with arrange(app):
        event = db.session.get(Event, door.event_id)
        eve = make_registration(
            event,
            email="eve@example.se",
            access_needs={AccessNeed.INTERPRETER},
            interpreter_language="ar",
            access_note="+1 chair, -wheel @home",
        ).registration
        # Written past the service, which refuses links now: a registration stored before may hold any text.
        eve.contact_name = '=HYPERLINK("http://evil.example")'
        make_registration(event, contact_name="Åsa Öberg", email="asa@example.se")
        for hostile in HOSTILE_CELLS:  # every text column a person writes
            written = make_registration(event, email=f"{hostile}@example.se").registration
            written.contact_name = written.access_note = hostile
    log_in_as(client, door)
    use_english(client)
    response = client.get(f"/staff/events/{door.event_id}/registrations.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"].startswith(f'attachment; filename="event-{door.event_id}-')
    assert response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    header, body = rows[0], rows[1:]
    assert header[:4] == ["ID", "Status", "Name", "Email address"]
    assert len(body) == 5 + len(HOSTILE_CELLS)
    by_name = {row[2]: dict(zip(header, row, strict=True)) for row in body}
    evil = by_name['\'=HYPERLINK("http://evil.example")']
    assert evil["Note about access needs"] == "'+1 chair, '-wheel @home"
    assert evil["Access needs"] == "Interpreter" and evil["Interpreter language"] == "Arabic"
    assert by_name["Åsa Öberg"]["Status"] == "On the waiting list"
    amira = by_name["Amira Hassan"]
    assert amira["Check-in code"] == door.codes["Amira Hassan"]
    assert (amira["Adults"], amira["Children"], amira["Status"]) == ("2", "1", "Confirmed")
    assert cells_that_would_run(body) == []
