"""The privacy page: in Swedish and English, with the periods the purge uses and the city's contacts from the
configuration, and linked from every page's footer and every form that asks for personal data."""

import re

import pytest

from tests.factories import make_event, make_neighbourhood
from tests.support import arrange, use_english


def period_of(html: str, kind: str) -> str:
    match = re.search(rf'<dd id="{kind}-period">(.*?)</dd>', html, re.S)
    assert match, kind
    return match.group(1)


def test_the_page_states_every_period_in_swedish(client):
    html = client.get("/privacy").get_data(as_text=True)
    assert "<h1>Integritet och personuppgifter</h1>" in html
    assert period_of(html, "registrations").startswith("Till 30 dagar efter aktiviteten.")
    assert "1 dag efter aktiviteten" in period_of(html, "access-needs")
    assert "90 dagar efter det senaste svaret" in period_of(html, "contributions")
    assert "2 år" in period_of(html, "account") and "30 dagar senare" in period_of(html, "account")
    assert "Till 30 dagar efter att det skickades" in period_of(html, "emails")
    assert period_of(html, "audit-log").startswith("2 år")
    assert "dataskyddsförordningen artikel 6.1 e" in html
    assert "malmo.stad@malmo.se" in html and "dataskyddsombud@malmo.se" in html


def test_the_page_in_english(client):
    use_english(client)
    html = client.get("/privacy").get_data(as_text=True)
    assert "<h1>Privacy and personal data</h1>" in html
    assert period_of(html, "registrations").startswith("Until 30 days after the event.")
    assert "GDPR article 6.1(e)" in html
    assert "never who" in html  # supports: only counts are shown, and that is what the page says


def test_the_periods_and_contacts_follow_the_configuration(app, client):
    app.config.update(
        RETAIN_REGISTRATION_DAYS=14,
        RETAIN_EMAIL_DAYS=60,
        RETAIN_AUDIT_LOG_DAYS=365 * 5,
        CITY_NAME="Lunds kommun",
        DPO_EMAIL="dso@lund.se",
    )
    html = client.get("/privacy").get_data(as_text=True)
    assert period_of(html, "registrations").startswith("Till 14 dagar efter aktiviteten.")
    assert "Till 60 dagar efter att det skickades" in period_of(html, "emails")
    assert period_of(html, "audit-log").startswith("5 år")
    assert "Lunds kommun" in html and "dso@lund.se" in html


@pytest.fixture
def places(app):
    with arrange(app):
        neighbourhood = make_neighbourhood()
        event = make_event(neighbourhood)
        return neighbourhood.slug, event.id


def test_the_footer_and_every_form_for_personal_data_link_to_it(client, places):
    slug, event_id = places
    for url in (
        "/",
        f"/events/{event_id}/register",
        "/account/signup",
        f"/neighbourhoods/{slug}/proposals/new",
        f"/neighbourhoods/{slug}/feedback/new",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        links = response.get_data(as_text=True).count('href="/privacy"')
        assert links == (1 if url == "/" else 2), url  # the footer, and the note on the form
