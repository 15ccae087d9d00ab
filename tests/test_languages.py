"""The page's language, step by step: a shared `?lang=` link, then the switcher, then the account's language, then
the browser's Accept-Language, then Swedish; every interface language in config works, Finnish included, with
its dates and clock; emails go out in the recipient's language, whatever page sent them."""

import re

import pytest
from sqlalchemy import select

from config import Config
from dialogue.accounts.models import User
from dialogue.extensions import db
from dialogue.i18n import SESSION_KEY
from tests.conftest import close_connections, make_app
from tests.factories import login, make_user
from tests.notifications.mail_helpers import STARTS_AT, TITLE, queued, seved_event
from tests.registrations.helpers import register_http
from tests.support import arrange, look

FINNISH_WHEN = "tiistai 10. kesäkuuta 2031, 18.00–20.00"
HEADINGS = {
    "sv": "<h1>Aktiviteter</h1>",
    "en": "<h1>Events</h1>",
    "fi": "<h1>Tapahtumat</h1>",
    "ar": "<h1>الفعاليات</h1>",
}


def page_language(response) -> str:
    match = re.search(r'<html lang="([^"]+)"', response.get_data(as_text=True))
    assert match, "the answer is not a page"
    return match.group(1)


def events_page(client, path: str = "/events/", **headers):
    response = client.get(path, headers=headers)
    assert response.status_code == 200, response.status_code
    return response


@pytest.fixture
def amira(app) -> int:
    """A resident whose account's language is Finnish."""
    with arrange(app):
        return make_user(email="amira@example.se", name="Amira Hassan", preferred_language="fi").id


# 5. Swedish, when nothing else says otherwise


def test_without_any_choice_the_pages_are_in_swedish_and_vary_with_the_browsers_language(client):
    response = events_page(client)

    assert page_language(response) == "sv" and HEADINGS["sv"] in response.get_data(as_text=True)
    assert "Accept-Language" in response.headers["Vary"]


# 4. The browser's Accept-Language, the best match among the interface languages


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [
        ("fi-FI,fi;q=0.9,en;q=0.5", "fi"),
        ("fi", "fi"),
        ("en-GB,en;q=0.8", "en"),
        ("de-DE,de;q=0.9,fi;q=0.3", "fi"),  # German is not offered, Finnish is the reader's next best
        ("de-DE,de;q=0.9", "sv"),  # nothing offered: Swedish
        ("sv-SE,en;q=0.5", "sv"),
        ("q=;;,,x-;;", "sv"),  # nonsense is no choice, and no error
    ],
)
def test_the_browsers_language_chooses_among_the_interface_languages(client, accept_language, expected):
    response = events_page(client, **{"Accept-Language": accept_language})

    assert page_language(response) == expected
    assert HEADINGS[expected] in response.get_data(as_text=True)


# 3. The account's language, before the browser's


def test_the_accounts_language_comes_before_the_browsers(client, amira):
    login(client, "amira@example.se")

    response = events_page(client, **{"Accept-Language": "en-GB,en"})

    assert page_language(response) == "fi"
    assert "Accept-Language" not in response.headers.get("Vary", "")


# 2. The switcher, before the account's language


def test_the_switchers_choice_comes_before_the_accounts_language(client, amira):
    login(client, "amira@example.se")
    with client.session_transaction() as session:
        session[SESSION_KEY] = "en"  # chosen in this browser before logging in, say

    assert page_language(events_page(client, **{"Accept-Language": "fi"})) == "en"


def test_the_switcher_changes_the_pages_and_the_accounts_language(app, client, amira):
    login(client, "amira@example.se")

    switched = client.post("/language", data={"language": "sv", "next": "/events/"})

    assert switched.status_code == 302 and switched.headers["Location"] == "/events/"
    assert page_language(events_page(client)) == "sv"
    with look(app):
        assert db.session.get(User, amira).preferred_language == "sv"


@pytest.mark.parametrize("language", sorted(Config.LANGUAGES))
def test_the_switcher_offers_and_accepts_every_interface_language(client, language):
    offered = events_page(client).get_data(as_text=True)
    for code, name in Config.LANGUAGES.items():
        assert f'lang="{code}"' in offered and f">{name}<" in offered

    switched = client.post("/language", data={"language": language, "next": "/events/"})

    assert switched.status_code == 302
    page = events_page(client).get_data(as_text=True)
    assert f'<html lang="{language}"' in page and HEADINGS[language] in page
    assert f'<span class="language-current" lang="{language}" aria-current="true">' in page


def test_the_switcher_refuses_a_language_that_is_not_offered(client):
    assert client.post("/language", data={"language": "de", "next": "/"}).status_code == 400
    assert page_language(events_page(client)) == "sv"


# 1. A shared ?lang= link, before everything, and remembered


def test_a_shared_link_shows_the_page_in_its_language_and_the_next_pages_too(client):
    client.post("/language", data={"language": "en", "next": "/"})

    shared = events_page(client, "/events/?lang=fi")

    assert page_language(shared) == "fi"
    assert page_language(events_page(client, "/")) == "fi"  # remembered like the switcher's choice


def test_the_switcher_on_a_shared_page_returns_without_the_link_language(client, app):
    with arrange(app):
        neighbourhood_slug = seved_event().neighbourhood.slug

    page = events_page(client, f"/events/?neighbourhood={neighbourhood_slug}&lang=fi").get_data(as_text=True)

    assert f'name="next" value="/events/?neighbourhood={neighbourhood_slug}"' in page
    client.post("/language", data={"language": "sv", "next": f"/events/?neighbourhood={neighbourhood_slug}"})
    assert page_language(events_page(client, f"/events/?neighbourhood={neighbourhood_slug}")) == "sv"


@pytest.mark.parametrize("value", ["xx", "", "FI", "fi-FI", "<script>", "sv\x00", "fi" * 500])
def test_a_link_language_that_is_not_offered_is_ignored(client, value):
    response = client.get("/events/", query_string={"lang": value})

    assert response.status_code == 200
    assert page_language(response) == "sv"
    with client.session_transaction() as session:
        assert SESSION_KEY not in session


def test_a_link_language_names_only_pages_not_forms(client):
    """A form posted to an address with ?lang= keeps the switcher's language: a link is for reading."""
    client.post("/language", data={"language": "en", "next": "/"})

    assert client.post("/language?lang=fi", data={"language": "en", "next": "/"}).status_code == 302
    assert page_language(events_page(client)) == "en"


def test_a_calendar_feeds_language_sets_no_cookie(client):
    """A feed is public and cached; its ?lang= names the feed's language for a calendar app, not a browser's."""
    feed = client.get("/calendar/events.ics?lang=fi")

    assert feed.status_code == 200
    assert "Set-Cookie" not in feed.headers
    assert "X-WR-CALNAME:Dialogi – kaikki tapahtumat" in feed.get_data(as_text=True)


# The account's settings


def test_the_account_page_offers_every_interface_language_and_saves_the_choice(app, client, amira):
    login(client, "amira@example.se")
    client.post("/language", data={"language": "en", "next": "/"})
    page = client.get("/account/").get_data(as_text=True)
    for code, name in Config.LANGUAGES.items():
        assert re.search(rf'<option (selected )?value="{code}"( selected)?>{name}</option>', page)
    assert re.search(r'<option (selected )?value="en"( selected)?>', page).group(0).count("selected") == 1

    saved = client.post("/account/", data={"preferred_language": "fi"})

    assert saved.status_code == 302 and saved.headers["Location"] == "/account/"
    with look(app):
        assert db.session.get(User, amira).preferred_language == "fi"
    after = client.get("/account/")
    assert page_language(after) == "fi"
    assert "Kielesi on tallennettu." in after.get_data(as_text=True)


def test_the_account_page_refuses_a_language_that_is_not_offered(app, client, amira):
    login(client, "amira@example.se")

    refused = client.post("/account/", data={"preferred_language": "de"})

    assert refused.status_code == 422
    with look(app):
        assert db.session.get(User, amira).preferred_language == "fi"


def test_signing_up_proposes_the_pages_language_for_messages(client):
    page = events_page(client, "/account/signup?lang=fi").get_data(as_text=True)

    assert re.search(r'<option (selected )?value="fi"( selected)?>Suomi</option>', page).group(0).count("selected")


# Any set of languages


def test_any_set_of_interface_languages_works(sqlite_url):
    finnish_and_swedish = make_app(sqlite_url, LANGUAGES={"sv": "Svenska", "fi": "Suomi"})
    try:
        client = finnish_and_swedish.test_client()
        page = events_page(client, **{"Accept-Language": "en-GB,en;q=0.9"}).get_data(as_text=True)

        assert '<html lang="sv"' in page and ">Suomi<" in page and ">English<" not in page
        assert client.post("/language", data={"language": "en", "next": "/"}).status_code == 400
        assert client.post("/language", data={"language": "fi", "next": "/"}).status_code == 302
        assert HEADINGS["fi"] in events_page(client).get_data(as_text=True)
    finally:
        close_connections(finnish_and_swedish)


def test_a_language_without_a_catalog_is_refused_at_start(sqlite_url):
    with pytest.raises(RuntimeError, match="LANGUAGES names so without a catalog"):
        make_app(sqlite_url, LANGUAGES={**Config.LANGUAGES, "so": "Soomaali"})
    with pytest.raises(RuntimeError, match="BABEL_DEFAULT_LOCALE must be one of LANGUAGES"):
        make_app(sqlite_url, LANGUAGES={"fi": "Suomi"})


# Dates, times and emails in the reader's language


def test_a_finnish_page_writes_the_date_and_the_clock_the_finnish_way(app, client):
    with arrange(app):
        event_id = seved_event().id

    finnish = client.get(f"/events/{event_id}?lang=fi").get_data(as_text=True)
    swedish = client.get(f"/events/{event_id}?lang=sv").get_data(as_text=True)

    assert FINNISH_WHEN in finnish
    assert "tisdag 10 juni 2031, 18:00–20:00" in swedish


def test_the_confirmation_is_in_the_language_chosen_for_messages_not_the_pages(app, client):
    with arrange(app):
        event_id = seved_event().id
    client.get(f"/events/{event_id}/register?lang=fi")

    register_http(client, event_id, email="aino@example.se", contact_name="Aino", preferred_language="fi")
    register_http(client, event_id, email="sara@example.se", contact_name="Sara", preferred_language="sv")

    [finnish] = queued(app, to="aino@example.se")
    [swedish] = queued(app, to="sara@example.se")
    assert finnish.language == "fi" and finnish.subject == f"Olet ilmoittautunut: {TITLE}, {FINNISH_WHEN}"
    assert "Hei Aino," in finnish.text and "Tämän viestin liitteenä oleva kalenteritiedosto" in finnish.text
    assert finnish.vevent.decoded("dtstart").hour == STARTS_AT.hour + 2  # the .ics keeps Stockholm time
    assert swedish.language == "sv" and swedish.subject.startswith("Du är anmäld:")


def test_an_accounts_email_is_in_its_language_whatever_page_asked_for_it(app, client, amira):
    client.post("/language", data={"language": "en", "next": "/"})

    client.post("/account/forgot", data={"email": "amira@example.se"})

    [reset] = queued(app, to="amira@example.se")
    assert reset.language == "fi" and reset.subject == "Valitse uusi salasana Dialogiin"


def test_a_personal_calendar_is_in_the_accounts_language(app, client, amira):
    login(client, "amira@example.se")
    client.post("/my/calendar/renew")
    address = re.search(r"/calendar/personal/[^\"<\s]+\.ics", client.get("/my/registrations").get_data(as_text=True))
    assert address, "the new calendar address is shown once"
    with look(app):
        assert db.session.scalars(select(User.preferred_language).where(User.id == amira)).one() == "fi"

    feed = app.test_client().get(address.group(0)).get_data(as_text=True)

    assert "X-WR-CALNAME:Dialogi – omat ilmoittautumiseni" in feed
