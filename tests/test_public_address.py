"""The site's own address: every absolute link in an email, a calendar feed or a QR code starts with PUBLIC_URL,
whatever Host header the request named; production refuses a request for another host outright. And the headers
that keep browsers on HTTPS, away from features the site does not use, and from storing personal pages."""

import re

import pytest
from sqlalchemy import select

from dialogue import create_app
from dialogue.attendance.qr import check_in_url
from dialogue.events.models import Event
from dialogue.extensions import db
from dialogue.outbox.models import OutboxMessage
from tests.factories import login, make_event, make_registration, make_user
from tests.registrations.helpers import form_data, manage_path, register_http
from tests.support import arrange, look, recorded_statements

PUBLIC_URL = "https://dialog.example.se"
LINK = re.compile(r"https?://[^\s\"'<>]+")


@pytest.fixture
def event_id(app):
    app.config["PUBLIC_URL"] = PUBLIC_URL
    with arrange(app):
        return make_event().id


def test_a_registration_sent_with_a_forged_host_gets_an_email_whose_every_link_is_on_public_url(app, event_id):
    client = app.test_client()
    response = client.post(
        f"/events/{event_id}/register", data=form_data(email="sara@example.se"), headers={"Host": "evil.example"}
    )
    assert response.status_code == 302
    with look(app):
        message = db.session.scalars(select(OutboxMessage).where(OutboxMessage.to_address == "sara@example.se")).one()
        texts = [message.body_text, message.body_html, *(a.data.decode() for a in message.attachments)]
    links = [link for text in texts for link in LINK.findall(text)]
    assert any("/registrations/" in link for link in links)
    assert [link for link in links if not link.startswith(PUBLIC_URL + "/")] == []
    assert not any("evil.example" in text for text in texts)


def test_calendar_feeds_and_the_qr_code_link_to_public_url_whatever_the_host(app, event_id):
    client = app.test_client()
    feed = client.get("/calendar/events.ics", headers={"Host": "evil.example"}).get_data(as_text=True)
    assert f"URL:{PUBLIC_URL}/events/{event_id}" in feed.replace("\r\n ", "")
    page = client.get("/events/", headers={"Host": "evil.example"}).get_data(as_text=True)
    assert f"webcal://{PUBLIC_URL.removeprefix('https://')}/calendar/" in page
    assert "evil.example" not in page

    with app.test_request_context("/", headers={"Host": "evil.example"}):
        registration = make_registration(db.session.get(Event, event_id)).registration
        assert check_in_url(registration).startswith(f"{PUBLIC_URL}/staff/events/{event_id}/checkin?q=")


@pytest.fixture
def production(sqlite_url):
    app = create_app(
        "production",
        {
            "SECRET_KEY": "x" * 32,
            "SQLALCHEMY_DATABASE_URI": sqlite_url,
            "PUBLIC_URL": PUBLIC_URL,
            "RATELIMIT_STORAGE_URI": "memory://",
        },
    )
    with arrange(app):
        event_id = make_event().id
    return app, event_id


def test_production_refuses_a_registration_for_another_host_and_queues_nothing(production):
    app, event_id = production
    client = app.test_client()
    refused = client.post(f"/events/{event_id}/register", data=form_data(), headers={"Host": "evil.example"})
    assert refused.status_code == 400
    with look(app):
        assert db.session.scalars(select(OutboxMessage)).all() == []
    # The site's own host is served; extra hosts can be named in TRUSTED_HOSTS.
    assert client.get(f"/events/{event_id}", base_url=PUBLIC_URL).status_code == 200
    app.config["TRUSTED_HOSTS"] = ["dialog.example.se", "www.dialog.example.se"]
    assert client.get(f"/events/{event_id}", base_url="https://www.dialog.example.se").status_code == 200


def test_production_sends_hsts_and_development_does_not(production, client):
    app, _event_id = production
    headers = app.test_client().get("/", base_url=PUBLIC_URL).headers
    assert headers["Strict-Transport-Security"] == "max-age=31536000"
    assert "Strict-Transport-Security" not in client.get("/").headers


def test_every_answer_turns_off_the_browser_features_the_site_does_not_use(client):
    policy = client.get("/").headers["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in policy


def test_pages_with_personal_data_are_never_stored(app, event_id):
    client = app.test_client()
    assert "no-store" not in client.get(f"/events/{event_id}").headers.get("Cache-Control", "")
    manage = manage_path(register_http(client, event_id, email="sara@example.se"))
    assert client.get(manage).headers["Cache-Control"] == "private, no-store"
    assert client.get(manage + "/cancel").headers["Cache-Control"] == "private, no-store"

    with arrange(app):
        make_user(email="amira@example.se")
    login(client, "amira@example.se")
    for path in ("/", "/account/", "/my/registrations", f"/events/{event_id}"):
        assert client.get(path).headers["Cache-Control"] == "private, no-store", path


def test_static_files_cost_no_user_lookup_when_logged_in(app, client):
    with arrange(app):
        make_user(email="amira@example.se")
    login(client, "amira@example.se")
    with app.app_context(), recorded_statements(db.engine) as statements:
        response = client.get("/static/css/app.css")
        response.close()
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("Cache-Control", "")
    assert statements == []


def test_links_follow_public_url_with_its_path_and_a_change_of_the_setting(app):
    from flask import url_for

    from dialogue.outbox.links import public_request_context, public_url

    links = (("registrations.show_event", {"event_id": 5}), ("registrations.manage", {"token": "a b/é"}))
    with app.app_context():
        for address in ("https://dialog.example.se/malmo", "http://127.0.0.1:5000"):
            app.config["PUBLIC_URL"] = address
            for endpoint, values in links:
                with public_request_context():
                    expected = url_for(endpoint, _external=True, **values)
                assert public_url(endpoint, **values) == expected
                assert expected.startswith(address + "/")
