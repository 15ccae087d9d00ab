"""The accessibility statement (DOS-lagen): in Swedish and English, honest about partial conformance with WCAG 2.1 AA,
with the contact, the city and the day of the last review from the configuration, the supervisory authority named,
and linked from every page's footer."""

import re
from datetime import date

import pytest

from config import Config, _env_date
from dialogue.permissions import Role
from tests.factories import make_event, make_neighbourhood, make_proposal, make_user
from tests.support import arrange, log_in_directly, use_english


def test_the_statement_in_swedish(client):
    html = client.get("/accessibility").get_data(as_text=True)
    assert "<h1>Tillgänglighetsredogörelse</h1>" in html
    assert "Malmö stad står bakom Dialogue." in html
    assert "Dialogue är delvis förenlig med lagen om tillgänglighet till digital offentlig service" in html
    assert "WCAG) 2.1 på nivå AA" in html and "EN 301 549" in html
    assert '<a href="mailto:malmo.stad@malmo.se">malmo.stad@malmo.se</a>' in html
    assert '<span dir="ltr">040-34 10 00</span>' in html
    assert "Myndigheten för digital förvaltning (DIGG) har tillsyn" in html
    assert '<a href="https://www.digg.se/tdosanmalan" id="supervisor-link">' in html
    assert "axe-core" in html and "skärmläsare" in html
    assert re.search(r'<ul id="known-problems">(\s*<li>[^<]+</li>){4}\s*</ul>', html)
    assert "den här redogörelsen uppdaterades, den 30 november 2026." in html


def test_the_statement_in_english(client):
    use_english(client)
    html = client.get("/accessibility").get_data(as_text=True)
    assert "<h1>Accessibility statement</h1>" in html
    assert "Dialogue partially meets the law on accessibility to digital public services" in html
    assert "Complain to the Agency for Digital Government" in html
    assert "this statement updated, on November 30, 2026." in html


def test_the_city_contact_and_review_day_follow_the_configuration(app, client):
    app.config.update(
        CITY_NAME="Lunds kommun",
        ACCESSIBILITY_CONTACT_EMAIL="tillganglighet@lund.se",
        CONTACT_PHONE="046-35 50 00",
        ACCESSIBILITY_REVIEWED_ON=date(2027, 3, 1),
    )
    html = client.get("/accessibility").get_data(as_text=True)
    assert "Lunds kommun står bakom Dialogue." in html
    assert html.count('href="mailto:tillganglighet@lund.se"') == 2  # to ask for another form, and to report
    assert '<span dir="ltr">046-35 50 00</span>' in html
    assert "den 1 mars 2027." in html
    assert "malmo.stad@malmo.se" not in html


def test_the_review_day_is_read_as_a_date_and_a_wrong_one_stops_the_start(monkeypatch):
    assert date(2026, 11, 30) == Config.ACCESSIBILITY_REVIEWED_ON
    monkeypatch.setenv("ACCESSIBILITY_REVIEWED_ON", "2027-02-14")
    assert _env_date("ACCESSIBILITY_REVIEWED_ON", "2026-11-30") == date(2027, 2, 14)
    monkeypatch.setenv("ACCESSIBILITY_REVIEWED_ON", "14/2/2027")
    with pytest.raises(RuntimeError, match="ACCESSIBILITY_REVIEWED_ON must be a date written YYYY-MM-DD"):
        _env_date("ACCESSIBILITY_REVIEWED_ON", "2026-11-30")


@pytest.fixture
def pages(app):
    with arrange(app):
        neighbourhood = make_neighbourhood()
        event = make_event(neighbourhood)
        proposal = make_proposal(neighbourhood)
        staff = make_user(role=Role.ADMIN)
        return neighbourhood.slug, event.id, proposal.id, staff.id


def test_every_page_links_to_it_in_the_footer(client, pages):
    slug, event_id, proposal_id, staff_id = pages
    public = [
        "/",
        "/events/",
        f"/events/{event_id}",
        f"/events/{event_id}/register",
        f"/neighbourhoods/{slug}",
        f"/proposals/{proposal_id}",
        "/privacy",
        "/accessibility",
        "/account/login",
        "/no-such-page",
    ]
    staff = ["/staff/", f"/staff/events/{event_id}/checkin", "/staff/audit/", "/staff/indicators"]
    for url in public:
        footer = client.get(url).get_data(as_text=True).split('<footer class="site-footer">')[1]
        assert '<a href="/accessibility">Tillgänglighetsredogörelse</a>' in footer, url
    log_in_directly(client, staff_id)
    for url in staff:
        response = client.get(url)
        assert response.status_code == 200, url
        assert '<a href="/accessibility">Tillgänglighetsredogörelse</a>' in response.get_data(as_text=True), url
