"""A script cannot fill an event from one connection: without an account a party is at most GUEST_PARTY_MAX people,
and one client address has at most REGISTRATIONS_PER_ADDRESS_PER_EVENT registrations of an event that are not
cancelled. Both refusals point to the process leader's phone. An account keeps the party of 10, and staff who
take a registration by phone are limited by neither. Only a keyed hash of the address is stored."""

import hashlib
import hmac
import re

import pytest
from sqlalchemy import select

from dialogue.extensions import db
from dialogue.permissions import Role
from dialogue.registrations.cancellation import cancel
from dialogue.registrations.models import Registration
from dialogue.registrations.site_limits import origin_hash
from tests.factories import make_event, make_user
from tests.notifications.mail_helpers import queued
from tests.registrations.helpers import (
    field_error,
    form_data,
    manage_path,
    page_text,
    places_taken,
    register_http,
    registration_rows,
)
from tests.support import arrange, client_at, log_in_directly, look, use_english

PHONE = "040-12 34 56"
SCRIPT = "203.0.113.9"


@pytest.fixture
def event_of_40(any_app):
    any_app.config.update(CONTACT_PHONE=PHONE)
    with arrange(any_app):
        return make_event(capacity=40).id


def scripted_client(app):
    client = client_at(app, SCRIPT)
    use_english(client)
    return client


def origins(app, event_id: int) -> list[str | None]:
    with look(app):
        return list(
            db.session.scalars(
                select(Registration.origin_hash).where(Registration.event_id == event_id).order_by(Registration.id)
            )
        )


def test_four_anonymous_parties_of_ten_from_one_address_cannot_fill_an_event_of_40(any_app, event_of_40):
    client = scripted_client(any_app)

    responses = [
        register_http(client, event_of_40, contact_name=f"Party {number}", email=f"a{number}@x.example", adults="10")
        for number in range(1, 5)
    ]

    assert [response.status_code for response in responses] == [422] * 4
    assert field_error(responses[0], "adults") == (
        f"Without an account, at most 4 people can come on one registration. For a larger group, call the process "
        f"leader on {PHONE}, or log in."
    )
    assert registration_rows(any_app, event_of_40) == []
    assert places_taken(any_app, event_of_40) == 0
    assert queued(any_app) == []


def test_a_party_with_children_too_large_for_a_guest_is_refused_next_to_the_children(app):
    with arrange(app):
        event_id = make_event(capacity=40).id
    client = app.test_client()
    use_english(client)

    response = register_http(client, event_id, adults="2", children="3")

    assert response.status_code == 422
    assert field_error(response, "children").startswith("Without an account, at most 4 people")
    assert registration_rows(app, event_id) == []


def test_the_fourth_party_of_four_from_one_address_is_refused_and_points_to_the_phone(any_app, event_of_40):
    client = scripted_client(any_app)

    accepted = [
        register_http(client, event_of_40, contact_name=f"Party {number}", email=f"a{number}@x.example", adults="4")
        for number in range(1, 4)
    ]
    refused = register_http(client, event_of_40, contact_name="Party 4", email="a4@x.example", adults="4")

    assert all(manage_path(response) for response in accepted)
    assert refused.status_code == 422
    assert (
        "3 registrations for this event have already come from your internet connection, as many as one connection "
        f"can make. To register more people, call the process leader on {PHONE}."
    ) in page_text(refused)
    assert [row.email for row in registration_rows(any_app, event_of_40)] == [
        "a1@x.example",
        "a2@x.example",
        "a3@x.example",
    ]
    assert places_taken(any_app, event_of_40) == 12
    assert [message.to_address for message in queued(any_app)] == ["a1@x.example", "a2@x.example", "a3@x.example"]

    # Someone on another connection registers as usual, and so does the same address for another event.
    manage_path(register_http(client_at(any_app, "198.51.100.20"), event_of_40, email="neighbour@example.se"))
    with arrange(any_app):
        other_event = make_event(capacity=40).id
    manage_path(register_http(client, other_event, email="a4@x.example", adults="4"))


def test_a_cancelled_registration_no_longer_counts_for_its_address(app):
    with arrange(app):
        event_id = make_event(capacity=40).id
    client = scripted_client(app)
    for number in range(1, 4):
        manage_path(register_http(client, event_id, email=f"family{number}@example.se"))
    assert register_http(client, event_id, email="family4@example.se").status_code == 422

    with arrange(app):
        cancel(registration_rows(app, event_id)[0].id)

    manage_path(register_http(client, event_id, email="family4@example.se"))


def test_the_limits_come_from_the_configuration(app):
    app.config.update(GUEST_PARTY_MAX=2, REGISTRATIONS_PER_ADDRESS_PER_EVENT=1)
    with arrange(app):
        event_id = make_event(capacity=40).id
    client = scripted_client(app)

    assert field_error(register_http(client, event_id, adults="3"), "adults").startswith(
        "Without an account, at most 2 people"
    )
    manage_path(register_http(client, event_id, adults="2", email="one@example.se"))
    refused = register_http(client, event_id, email="two@example.se")
    assert "1 registration for this event has already come from your internet connection" in page_text(refused)


def test_a_logged_in_resident_keeps_the_party_of_ten(any_app, event_of_40):
    with arrange(any_app):
        resident_id = make_user(Role.RESIDENT, email="resident@example.se").id
    client = scripted_client(any_app)
    log_in_directly(client, resident_id)

    manage_path(register_http(client, event_of_40, email="resident@example.se", adults="6", children="4"))

    [row] = registration_rows(any_app, event_of_40)
    assert (row.adults, row.children, row.user_id) == (6, 4, resident_id)


def test_the_page_tells_a_guest_the_limit_and_whom_to_call(app):
    app.config.update(CONTACT_PHONE=PHONE)
    with arrange(app):
        event_id = make_event(capacity=40).id
        resident_id = make_user(Role.RESIDENT).id
    guest = app.test_client()
    use_english(guest)
    assert (
        f"Without an account, at most 4 people on one registration, you included. For a larger group, call the "
        f"process leader on {PHONE}, or log in."
    ) in page_text(guest.get(f"/events/{event_id}/register"))

    resident = app.test_client()
    log_in_directly(resident, resident_id)
    use_english(resident)
    assert "At most 10 people on one registration, you included." in page_text(
        resident.get(f"/events/{event_id}/register")
    )


def test_staff_phone_registrations_know_neither_limit_and_store_no_origin(any_app, event_of_40):
    with arrange(any_app):
        leader_id = make_user(Role.PROCESS_LEADER).id
    staff = scripted_client(any_app)
    log_in_directly(staff, leader_id)

    for number in range(1, 5):
        data = form_data(contact_name=f"Caller {number}", email=f"caller{number}@example.se", adults="10")
        response = staff.post(f"/staff/events/{event_of_40}/registrations/new", data=data)
        assert response.status_code == 302, page_text(response)

    assert [row.status for row in registration_rows(any_app, event_of_40)] == ["confirmed"] * 4
    assert places_taken(any_app, event_of_40) == 40
    assert origins(any_app, event_of_40) == [None] * 4


def test_only_a_keyed_hash_of_the_address_is_stored_and_it_differs_between_events(app):
    with arrange(app):
        first, second = make_event(capacity=40).id, make_event(capacity=40).id
    client = scripted_client(app)
    manage_path(register_http(client, first, email="amira@example.se"))
    manage_path(register_http(client, first, email="bo@example.se"))
    manage_path(register_http(client, second, email="amira@example.se"))

    [one, two] = origins(app, first)
    [other] = origins(app, second)
    assert re.fullmatch(r"[0-9a-f]{64}", one) and one == two
    assert other != one  # nobody can follow an address from one event to another
    key = app.config["SECRET_KEY"].encode()
    assert one == hmac.new(key, f"registration-origin:{first}:{SCRIPT}".encode(), hashlib.sha256).hexdigest()
    assert one != hashlib.sha256(SCRIPT.encode()).hexdigest()  # without the key, a guess cannot be checked
    with look(app):
        stored = db.session.scalars(select(Registration)).all()
        assert SCRIPT not in str([vars(registration) for registration in stored])


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("2001:db8:1:2::1", "2001:db8:1:2:ffff::9", True),  # one IPv6 /64: one client
        ("2001:db8:1:2::1", "2001:db8:1:3::1", False),
        ("::ffff:203.0.113.9", "203.0.113.9", True),  # IPv4 mapped into IPv6
        ("203.0.113.9", "203.0.113.10", False),
    ],
)
def test_an_ipv6_client_is_its_network_and_a_mapped_ipv4_its_address(app, first, second, same):
    with app.app_context():
        assert (origin_hash(7, first) == origin_hash(7, second)) is same


def test_a_new_secret_key_gives_new_hashes(app):
    with app.app_context():
        before = origin_hash(7, SCRIPT)
        app.config["SECRET_KEY"] = "another-key"
        assert origin_hash(7, SCRIPT) != before
