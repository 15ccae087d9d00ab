"""Staff cancel registrations made up by a script in one action: every flagged one, or those selected in the list,
after a confirmation step. Nobody cancelled is emailed; the waiting list moves up as usual and whoever gets a
place is told; each cancellation is in the audit log with the staff member who made it."""

from dataclasses import dataclass
from datetime import timedelta

from dialogue.accounts.services import user_by_email
from dialogue.audit.models import AuditAction
from dialogue.audit.models import SubjectType as S
from dialogue.database import utcnow
from dialogue.events.models import Event
from dialogue.extensions import db
from dialogue.permissions import Role
from dialogue.registrations.cancellation import cancel
from dialogue.registrations.models import Registration
from tests.attendance.helpers import Door, build_door, flashes, log_in_as, register_from_the_site
from tests.audit.helpers import logged
from tests.factories import make_event, make_registration
from tests.notifications.mail_helpers import queued
from tests.registrations.helpers import element_text, field_error, page_text, places_taken, statuses
from tests.support import arrange, csrf_token_from, log_in_with_token, look, use_english

SCRIPT = "203.0.113.9"


@dataclass
class Burst:
    door: Door  # the event, and its process leader's account
    script: list[int]  # a1..a4@x.example: three confirmed, the fourth waiting
    emails: dict[str, int]  # email -> registration id of everyone


def build_burst(app) -> Burst:
    """Capacity 8: Amira (2) registered first; then a script sent four parties of 2 within 40 seconds (the fourth
    from a second address, and waiting); then Bo (2) and Carla (3) joined the waiting list."""
    door = build_door(app, capacity=8, people=())
    start = utcnow() - timedelta(hours=3)
    people = [
        ("amira@example.se", "192.0.2.1", start, 2),
        *[
            (f"a{number}@x.example", SCRIPT, start + timedelta(hours=1, seconds=10 * number), 2)
            for number in range(1, 4)
        ],
        ("a4@x.example", "203.0.113.10", start + timedelta(hours=1, seconds=40), 2),
        ("bo@example.se", "198.51.100.2", start + timedelta(hours=2), 2),
        ("carla@example.se", "198.51.100.3", start + timedelta(hours=2, minutes=5), 3),
    ]
    with arrange(app):
        emails = {
            email: register_from_the_site(door.event_id, email, address, at, adults=adults)
            for email, address, at, adults in people
        }
    script = [emails[f"a{number}@x.example"] for number in range(1, 5)]
    return Burst(door, script, emails)


def leader_id(app, burst: Burst) -> int:
    with look(app):
        return user_by_email(burst.door.emails[Role.PROCESS_LEADER]).id


def page_text_after(client, response) -> str:
    """The words of the page a redirect leads to, with the message it flashed."""
    return " ".join(flashes(client, response).split())


def test_staff_cancel_a_flagged_burst_in_one_action_and_the_waiting_list_moves_up(any_app):
    burst = build_burst(any_app)
    assert statuses(any_app, burst.door.event_id) == {
        "amira@example.se": "confirmed",
        "a1@x.example": "confirmed",
        "a2@x.example": "confirmed",
        "a3@x.example": "confirmed",
        "a4@x.example": "waitlisted",
        "bo@example.se": "waitlisted",
        "carla@example.se": "waitlisted",
    }
    queued_before = {message.id for message in queued(any_app)}
    client = any_app.test_client()
    log_in_as(client, burst.door)
    use_english(client)
    base = f"/staff/events/{burst.door.event_id}/registrations"

    # The list offers every flagged registration at once; the next page asks before anything happens.
    listed = client.get(base).get_data(as_text=True)
    assert "Select all flagged registrations" in listed
    confirm = client.get(f"{base}/cancel?flagged=1")
    assert confirm.status_code == 200
    html = confirm.get_data(as_text=True)
    assert "Cancel these registrations without an email?" in html
    for registration_id in burst.script:
        assert f'value="{registration_id}"' in html
    assert 'value="{}"'.format(burst.emails["amira@example.se"]) not in html
    assert statuses(any_app, burst.door.event_id)["a1@x.example"] == "confirmed"  # asking changed nothing

    response = client.post(f"{base}/cancel", data={"registrations": [str(id_) for id_ in burst.script]})

    assert "4 registrations are cancelled, and nobody was emailed about them. 2 registrations moved up from the " in (
        page_text_after(client, response)
    )
    assert statuses(any_app, burst.door.event_id) == {
        "amira@example.se": "confirmed",
        "a1@x.example": "cancelled",
        "a2@x.example": "cancelled",
        "a3@x.example": "cancelled",
        "a4@x.example": "cancelled",  # cancelled before anyone moved up: never promoted, never told
        "bo@example.se": "confirmed",
        "carla@example.se": "confirmed",
    }
    assert places_taken(any_app, burst.door.event_id) == 7
    new = [message for message in queued(any_app) if message.id not in queued_before]
    assert sorted((message.to_address, message.kind) for message in new) == [
        ("bo@example.se", "promoted"),
        ("carla@example.se", "promoted"),
    ]
    assert not [message for message in queued(any_app) if message.kind == "cancellation_confirmed"]
    assert [(entry.action, entry.actor_id, entry.subject_type, entry.subject_id) for entry in logged(any_app)] == [
        (AuditAction.LOGIN, leader_id(any_app, burst), S.USER, leader_id(any_app, burst)),
        *[(AuditAction.CANCELLED_BY_STAFF, leader_id(any_app, burst), S.REGISTRATION, id_) for id_ in burst.script],
    ]


def test_only_the_selected_ones_are_cancelled_and_the_others_kept(app, client):
    burst = build_burst(app)
    log_in_as(client, burst.door)
    use_english(client)
    base = f"/staff/events/{burst.door.event_id}/registrations"
    a1, a2 = burst.script[:2]

    # Two ticked in the list; on the confirmation page the second is unticked again.
    confirm = client.get(f"{base}/cancel?registrations={a1}&registrations={a2}")
    assert confirm.status_code == 200
    response = client.post(f"{base}/cancel", data={"registrations": [str(a1)]})

    assert response.status_code == 302
    rows = statuses(app, burst.door.event_id)
    assert (rows["a1@x.example"], rows["a2@x.example"]) == ("cancelled", "confirmed")
    # Two places free: the first waiting in sign-up order moves up, here the script's fourth party.
    assert (rows["a4@x.example"], rows["bo@example.se"]) == ("confirmed", "waitlisted")
    assert [entry.subject_id for entry in logged(app, AuditAction.CANCELLED_BY_STAFF)] == [a1]


def test_choosing_nothing_cancels_nothing_and_says_so(app, client):
    burst = build_burst(app)
    log_in_as(client, burst.door)
    use_english(client)
    base = f"/staff/events/{burst.door.event_id}/registrations"

    assert "Select at least one registration that is not cancelled." in flashes(client, client.get(f"{base}/cancel"))
    refused = client.post(f"{base}/cancel", data={})

    assert refused.status_code == 422
    assert field_error(refused, "registrations") == "Choose at least one registration to cancel."
    assert "cancelled" not in statuses(app, burst.door.event_id).values()
    assert logged(app, AuditAction.CANCELLED_BY_STAFF) == []


def test_another_events_registration_or_a_made_up_id_is_refused_and_nothing_changes(any_app):
    app = any_app
    burst = build_burst(app)
    with arrange(app):
        other = make_registration(make_event(capacity=5), email="elsewhere@example.se").registration.id
    client = app.test_client()
    log_in_as(client, burst.door)
    base = f"/staff/events/{burst.door.event_id}/registrations"

    assert "elsewhere@example.se" not in flashes(client, client.get(f"{base}/cancel?registrations={other}"))
    assert client.get(f"{base}/cancel?registrations=999999999999999999&registrations=x").status_code == 302
    refused = client.post(f"{base}/cancel", data={"registrations": [str(burst.script[0]), str(other)]})
    huge = client.post(f"{base}/cancel", data={"registrations": ["999999999999999999"]})
    junk = client.post(f"{base}/cancel", data={"registrations": ["1 OR 1=1"]})

    assert (refused.status_code, huge.status_code, junk.status_code) == (422, 422, 422)
    assert "cancelled" not in statuses(app, burst.door.event_id).values()
    with look(app):
        assert db.session.get(Registration, other).status.value == "confirmed"


def test_registrations_cancelled_meanwhile_are_passed_over(app, client):
    burst = build_burst(app)
    a1, a2 = burst.script[:2]
    log_in_as(client, burst.door)
    use_english(client)
    base = f"/staff/events/{burst.door.event_id}/registrations"
    with arrange(app):
        cancel(a1)  # by its own manage link, say, while the confirmation page was open

    response = client.post(f"{base}/cancel", data={"registrations": [str(a1), str(a2)]})
    assert "1 registration is cancelled, and nobody was emailed about it." in page_text_after(client, response)
    assert [entry.subject_id for entry in logged(app, AuditAction.CANCELLED_BY_STAFF)] == [a2]

    again = client.post(f"{base}/cancel", data={"registrations": [str(a1), str(a2)]})
    assert again.status_code == 422
    assert "The selected registrations are already cancelled." in page_text(again)


def test_after_the_event_nothing_is_cancelled(app, client):
    burst = build_burst(app)
    with arrange(app):
        event = db.session.get(Event, burst.door.event_id)
        event.starts_at, event.ends_at = utcnow() - timedelta(hours=3), utcnow() - timedelta(hours=1)
    log_in_as(client, burst.door)
    use_english(client)

    refused = client.post(
        f"/staff/events/{burst.door.event_id}/registrations/cancel", data={"registrations": [str(burst.script[0])]}
    )

    assert refused.status_code == 422
    assert "The event has already taken place" in page_text(refused)
    assert logged(app, AuditAction.CANCELLED_BY_STAFF) == []


def test_the_confirmation_needs_the_pages_csrf_token(csrf_app):
    burst = build_burst(csrf_app)
    client = log_in_with_token(csrf_app.test_client(), burst.door.emails[Role.PROCESS_LEADER])
    base = f"/staff/events/{burst.door.event_id}/registrations"
    chosen = {"registrations": [str(burst.script[0])]}

    assert client.post(f"{base}/cancel", data=chosen).status_code == 400
    assert statuses(csrf_app, burst.door.event_id)["a1@x.example"] == "confirmed"

    token = csrf_token_from(client.get(f"{base}/cancel?flagged=1"))
    assert client.post(f"{base}/cancel", data={**chosen, "csrf_token": token}).status_code == 302
    assert statuses(csrf_app, burst.door.event_id)["a1@x.example"] == "cancelled"


def test_the_flagged_summary_is_gone_once_they_are_cancelled(app, client):
    burst = build_burst(app)
    log_in_as(client, burst.door)
    use_english(client)
    base = f"/staff/events/{burst.door.event_id}/registrations"
    before = client.get(base).get_data(as_text=True)
    assert "4 registrations look as if a script made them" in element_text(before, "flagged")

    client.post(f"{base}/cancel", data={"registrations": [str(id_) for id_ in burst.script]})

    assert element_text(client.get(base).get_data(as_text=True), "flagged") is None
