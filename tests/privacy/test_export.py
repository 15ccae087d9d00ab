"""Download my data: an account holder gets everything kept about them as one JSON file (the account, registrations
with their party, proposals, feedback, supports, emails), a guest the registration their manage link opens. Nobody
gets anyone else's: another account's data is not in the file, a tampered link is a 404. On SQLite and
PostgreSQL."""

import json

import pytest
from sqlalchemy import select

from dialogue.audit.models import AuditAction, AuditEntry, SubjectType
from dialogue.extensions import db
from tests.privacy.people import NEIGHBOUR_EMAIL, RESIDENT_EMAIL, WAITING_EMAIL, build_people
from tests.support import arrange, log_in_directly, look


@pytest.fixture
def people(any_app):
    with arrange(any_app):
        return build_people()


def downloaded(response) -> dict:
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response.headers["Cache-Control"]
    assert response.mimetype == "application/json"
    return json.loads(response.get_data(as_text=True))


def test_an_account_holder_downloads_everything_kept_about_them(any_app, people):
    client = any_app.test_client()
    log_in_directly(client, people.resident_id)
    data = downloaded(client.get("/account/my-data.json"))

    assert data["format"] == "dialogue-personal-data"
    assert (data["account"]["email"], data["account"]["name"]) == (RESIDENT_EMAIL, "Amira Haddad")
    assert "hash" in data["account"]["password"]
    registrations = {item["id"]: item for item in data["registrations"]}
    # Her own, and the one she made as a guest with the same address; never her neighbour's on the same event.
    assert set(registrations) == {
        people.upcoming_registration_id,
        people.held_registration_id,
        people.guest_registration_id,
    }
    family = registrations[people.held_registration_id]
    assert family["event"]["title"] == "Dance workshop for families"
    assert (family["adults"], family["children"]) == (1, 2)
    assert family["children_details"] == [{"first_name": "Sami", "age": 7}, {"first_name": "Lina", "age": 4}]
    assert sorted(family["access_needs"]) == ["interpreter", "wheelchair"]
    assert (family["interpreter_language"], family["access_note"]) == ("ar", "A ramp at the side door")
    assert registrations[people.upcoming_registration_id]["status"] == "confirmed"

    [proposal] = data["proposals"]
    assert (proposal["id"], proposal["title"], proposal["status"]) == (
        people.proposal_id,
        "A bench under the lime trees",
        "planned",
    )
    assert proposal["answers"][0]["text"] == "We put two benches there in May."
    assert [item["rating"] for item in data["feedback"]] == [5]
    assert [item["proposal_id"] for item in data["supports"]] == [people.supported_id]
    assert [item["reason"] for item in data["reports"]] == ["It repeats another proposal"]
    assert data["emails"] and {item["to"] for item in data["emails"]} == {RESIDENT_EMAIL}
    text = json.dumps(data)
    assert NEIGHBOUR_EMAIL not in text and "Nora Neighbour" not in text and WAITING_EMAIL not in text

    with look(any_app):
        entry = db.session.scalars(select(AuditEntry)).all()[-1]
        assert (entry.action, entry.actor_id, entry.subject_type, entry.subject_id) == (
            AuditAction.PERSONAL_DATA_DOWNLOADED,
            people.resident_id,
            SubjectType.USER,
            people.resident_id,
        )


def test_another_account_downloads_only_its_own(any_app, people):
    client = any_app.test_client()
    log_in_directly(client, people.neighbour_id)
    data = downloaded(client.get("/account/my-data.json"))
    assert data["account"]["email"] == NEIGHBOUR_EMAIL
    assert [item["id"] for item in data["registrations"]] == [people.neighbour_registration_id]
    assert RESIDENT_EMAIL not in json.dumps(data) and data["supports"] == []


def test_a_guest_downloads_the_registration_of_their_link(any_app, people):
    data = downloaded(any_app.test_client().get(f"/registrations/{people.guest_token}/my-data.json"))
    assert [item["id"] for item in data["registrations"]] == [people.guest_registration_id]
    assert data["registrations"][0]["name"] == "Amira H"
    # The link opens one registration: not the account, nor the other registrations of the same address.
    assert "account" not in data and "emails" not in data
    with look(any_app):
        entry = db.session.scalars(select(AuditEntry)).all()[-1]
        assert (entry.action, entry.actor_id, entry.subject_id) == (
            AuditAction.PERSONAL_DATA_DOWNLOADED,
            None,
            people.guest_registration_id,
        )


@pytest.mark.parametrize("token", ["not-a-token", "x" * 300, "%00", "..%2F..%2Faccount"])
def test_a_made_up_or_tampered_link_downloads_nothing(any_app, people, token):
    client = any_app.test_client()
    assert client.get(f"/registrations/{token}/my-data.json").status_code == 404
    tampered = people.guest_token[:-1] + ("A" if people.guest_token[-1] != "A" else "B")
    assert client.get(f"/registrations/{tampered}/my-data.json").status_code == 404


def test_without_a_login_the_account_download_asks_to_log_in(any_app, people):
    response = any_app.test_client().get("/account/my-data.json")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/account/login")
