"""The staff pages of an event run as many SQL statements with 200 registrations as with 10 (no N+1 queries),
and each lists the rows it should, so that an empty page cannot pass."""

import re
from datetime import timedelta

import pytest

from dialogue.database import utcnow
from dialogue.events.models import Event
from dialogue.extensions import db
from dialogue.registrations.models import (
    AccessNeed,
    Registration,
    RegistrationAccessNeed,
    RegistrationStatus,
    new_check_in_code,
)
from tests.attendance.helpers import build_door, log_in_as, move_into_past
from tests.factories import make_organisation
from tests.support import arrange, recorded_statements

FEW, MANY = 10, 200
NEEDS = list(AccessNeed)


def add_registrations(app, event_id: int, up_to: int, start: int) -> None:
    """Confirmed registrations numbered start..up_to, some with access needs, some checked in, every tenth
    waiting. Written directly: the registration rules are tested elsewhere, here only the pages' reads count."""
    with arrange(app):
        event = db.session.get(Event, event_id)
        for number in range(start, up_to + 1):
            waiting = number % 10 == 0
            registration = Registration(
                event_id=event.id,
                contact_name=f"Guest {number:03d}",
                email=f"guest{number}@example.se",
                adults=1,
                children=number % 3,
                status=RegistrationStatus.WAITLISTED if waiting else RegistrationStatus.CONFIRMED,
                manage_token_hash=f"{number:064d}",
                check_in_code=new_check_in_code(),
                checked_in_at=utcnow() - timedelta(minutes=5) if number % 4 == 0 and not waiting else None,
                interpreter_language="ar" if number % 5 == 0 else None,
            )
            registration.access_needs = [RegistrationAccessNeed(need=NEEDS[number % len(NEEDS)])]
            if number % 5 == 0:
                registration.access_needs.append(RegistrationAccessNeed(need=AccessNeed.INTERPRETER))
            db.session.add(registration)
        event.capacity = None


PAGES = {
    "registrations": ("/registrations", r'<tr id="registration-\d+">'),
    "registrations, searched": ("/registrations?q=guest", r'<tr id="registration-\d+">'),
    "check-in": ("/checkin", r'<li class="door-person'),
    "check-in, searched": ("/checkin?q=guest", r'<li class="door-person'),
    "attendance sheet": ("/attendance-sheet", r'<td class="sheet-code">'),
    "closing report": ("/report", r'name="organisations"'),
}


def measure(app, client, event_id: int) -> dict[str, tuple[int, list[str]]]:
    with app.app_context():
        engine = db.engine
    results = {}
    for name, (suffix, row_pattern) in PAGES.items():
        client.get("/")  # warm up: the first request may open a connection
        with recorded_statements(engine) as statements:
            response = client.get(f"/staff/events/{event_id}{suffix}")
        assert response.status_code == 200, name
        rows = len(re.findall(row_pattern, response.get_data(as_text=True)))
        results[name] = (rows, list(statements))
    return results


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_pages_run_as_many_statements_with_200_registrations_as_with_10(request, backend):
    app = request.getfixturevalue("app" if backend == "sqlite" else "pg_app")
    client = app.test_client()
    door = build_door(app, people=())
    with arrange(app):
        for _ in range(3):
            make_organisation()
    move_into_past(app, door.event_id)  # so that the closing report can be written
    add_registrations(app, door.event_id, FEW, start=1)
    log_in_as(client, door)
    few = measure(app, client, door.event_id)
    add_registrations(app, door.event_id, MANY, start=FEW + 1)
    many = measure(app, client, door.event_id)

    assert few["registrations"][0] == FEW and many["registrations"][0] == 100  # a page of 100
    assert few["check-in"][0] == FEW - 1 and many["check-in"][0] == MANY - MANY // 10  # confirmed only
    assert many["check-in, searched"][0] == MANY  # every status when searched
    assert many["attendance sheet"][0] == MANY - MANY // 10
    for name, (rows, statements) in few.items():
        assert rows > 0, name
        assert len(many[name][1]) == len(statements), (
            f"{name}: {len(statements)} statements with {FEW}, {len(many[name][1])} with {MANY}:\n"
            + "\n".join(many[name][1])
        )
        assert len(statements) < 20, (name, len(statements))
