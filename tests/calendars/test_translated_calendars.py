"""Calendar files and feeds carry an event in the reader's language when it is translated into it, otherwise the
original, its SUMMARY marked with the language (RFC 5545 LANGUAGE) and its DESCRIPTION saying which language it is:
the download (in the language its link names, else the page's), the public feeds (?lang=) and the personal feed
(the account's language)."""

import pytest

from dialogue.calendars.tokens import renew_calendar_token
from dialogue.events.models import Event
from dialogue.extensions import db
from dialogue.permissions import Role
from tests.calendars.helpers import parse_calendar
from tests.event_languages import ARABIC, SWEDISH, app_in_four_languages, read_as, translated_event, written_in
from tests.factories import make_registration, make_user
from tests.support import arrange


@pytest.fixture
def app(sqlite_url):
    with app_in_four_languages(sqlite_url) as app:
        yield app


@pytest.fixture
def event_id(app):
    with arrange(app):
        return translated_event().id


def only_vevent(response):
    [vevent] = parse_calendar(response).walk("VEVENT")
    return vevent


def test_the_download_for_an_arabic_reader_is_in_arabic(app, event_id):
    response = app.test_client().get(f"/events/{event_id}/calendar.ics?lang=ar")

    vevent = only_vevent(response)
    assert str(vevent["SUMMARY"]) == ARABIC.title
    assert vevent["SUMMARY"].params["LANGUAGE"] == "ar"
    description = str(vevent["DESCRIPTION"])
    assert ARABIC.description in description and ARABIC.accessibility_info in description
    assert written_in(app, "ar", "sv") not in description
    assert SWEDISH.title not in response.get_data(as_text=True)
    # A title without Latin letters gives no file name of its own: the original's serves.
    assert response.headers["Content-Disposition"] == 'attachment; filename="dansworkshop-pa-seved.ics"'


def test_the_download_for_a_finnish_reader_is_the_original_said_to_be_swedish(app, event_id):
    response = app.test_client().get(f"/events/{event_id}/calendar.ics?lang=fi")

    vevent = only_vevent(response)
    assert str(vevent["SUMMARY"]) == SWEDISH.title
    assert vevent["SUMMARY"].params["LANGUAGE"] == "sv"
    description = str(vevent["DESCRIPTION"])
    assert description.startswith(f"({written_in(app, 'fi', 'sv')})\n\n{SWEDISH.description}")
    assert ARABIC.title not in response.get_data(as_text=True)


def test_the_event_page_links_to_the_download_in_its_own_language(app, event_id):
    client = read_as(app.test_client(), "ar")
    page = client.get(f"/events/{event_id}").get_data(as_text=True)
    assert f'href="/events/{event_id}/calendar.ics?lang=ar"' in page

    assert str(only_vevent(client.get(f"/events/{event_id}/calendar.ics?lang=ar"))["SUMMARY"]) == ARABIC.title


def test_without_a_language_in_the_link_the_pages_language_decides_and_caches_keep_them_apart(app, event_id):
    arabic = read_as(app.test_client(), "ar").get(f"/events/{event_id}/calendar.ics")
    swedish = app.test_client().get(f"/events/{event_id}/calendar.ics")

    assert str(only_vevent(arabic)["SUMMARY"]) == ARABIC.title
    assert str(only_vevent(swedish)["SUMMARY"]) == SWEDISH.title
    assert {"cookie", "accept-language"} <= {value.lower() for value in arabic.vary}
    assert arabic.get_etag() != swedish.get_etag()
    named = app.test_client().get(f"/events/{event_id}/calendar.ics?lang=ar")
    assert "accept-language" not in {value.lower() for value in named.vary}  # the URL alone decides


@pytest.mark.parametrize(
    ("language", "title", "other"), [("ar", ARABIC.title, SWEDISH.title), ("fi", SWEDISH.title, ARABIC.title)]
)
def test_a_public_feed_is_in_the_language_its_address_names(app, event_id, language, title, other):
    response = app.test_client().get(f"/calendar/events.ics?lang={language}")

    vevent = only_vevent(response)
    assert str(vevent["SUMMARY"]) == title
    assert other not in response.get_data(as_text=True)
    note = written_in(app, language, "sv")
    assert (note in str(vevent["DESCRIPTION"])) == (language == "fi")


def test_the_personal_feed_is_in_the_accounts_language(app, event_id):
    with arrange(app):
        reader = make_user(Role.RESIDENT, preferred_language="ar")
        make_registration(db.session.get_one(Event, event_id), email=reader.email, user=reader)
        token = renew_calendar_token(reader)

    response = app.test_client().get(f"/calendar/personal/{token}.ics")

    vevent = only_vevent(response)
    assert str(vevent["SUMMARY"]) == ARABIC.title
    assert vevent["SUMMARY"].params["LANGUAGE"] == "ar"
    assert SWEDISH.title not in response.get_data(as_text=True)
