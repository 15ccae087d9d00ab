"""The subscribable feeds: which events each contains, in what state, and the links that offer them."""

import re
from datetime import timedelta

import pytest

from dialogue.database import utcnow
from dialogue.events.models import EventKind, EventStatus
from tests.calendars.helpers import STOCKHOLM_TZID, feed_events, parse_calendar, timezone_ids, uid_of
from tests.factories import make_event, make_neighbourhood
from tests.registrations.helpers import element_text
from tests.support import arrange

OTHER = EventKind.OTHER
FEEDS_ON_EVENT_LIST = ["all", *(f"kind-{kind.value}" for kind in EventKind)]


@pytest.fixture
def events(app):
    """Events of two neighbourhoods and several kinds and states; name -> id."""
    now = utcnow()
    with arrange(app):
        seved = make_neighbourhood("Södra Sofielund (Seved)", slug="sodra-sofielund")
        lindangen = make_neighbourhood("Lindängen", slug="lindangen")
        made = {
            "seved dialogue": make_event(seved, kind=EventKind.CITIZEN_DIALOGUE),
            "seved dance": make_event(seved, kind=EventKind.DANCE_WORKSHOP),
            "lindangen dialogue": make_event(lindangen, kind=EventKind.CITIZEN_DIALOGUE),
            "lindangen seminar": make_event(lindangen, kind=EventKind.LUNCH_SEMINAR),
            "cancelled": make_event(seved, kind=OTHER, status=EventStatus.CANCELLED, revision=1),
            "held last week": make_event(
                lindangen, kind=OTHER, status=EventStatus.HELD, starts_at=now - timedelta(days=7)
            ),
            "ended 20 days ago": make_event(seved, kind=OTHER, starts_at=now - timedelta(days=20)),
            "ended 40 days ago": make_event(seved, kind=OTHER, starts_at=now - timedelta(days=40)),
            "draft": make_event(seved, kind=OTHER, status=EventStatus.DRAFT),
        }
        return {name: event.id for name, event in made.items()}


def uids(*names, events) -> set[str]:
    return {uid_of(events[name]) for name in names}


def test_all_events_feed(client, events):
    response = client.get("/calendar/events.ics")

    calendar = parse_calendar(response)
    entries = feed_events(calendar)
    assert set(entries) == uids(
        "seved dialogue",
        "seved dance",
        "lindangen dialogue",
        "lindangen seminar",
        "cancelled",
        "held last week",
        "ended 20 days ago",
        events=events,
    )
    assert entries[uid_of(events["cancelled"])].status == "CANCELLED"
    assert entries[uid_of(events["cancelled"])].sequence == 1
    assert entries[uid_of(events["seved dance"])].status == "CONFIRMED"
    for entry in entries.values():
        assert entry.start_tzid == STOCKHOLM_TZID
        assert entry.has_dtstamp
        assert entry.location and entry.url.startswith("http://localhost/events/")
    assert timezone_ids(calendar) == {STOCKHOLM_TZID}
    assert calendar["REFRESH-INTERVAL"].to_ical() == b"PT30M"  # subscribed apps fetch changes every half hour
    assert response.headers["Cache-Control"].startswith("public, max-age=")


def test_neighbourhood_feed_has_only_its_events(client, events):
    entries = feed_events(parse_calendar(client.get("/calendar/neighbourhoods/lindangen.ics")))

    assert set(entries) == uids("lindangen dialogue", "lindangen seminar", "held last week", events=events)


def test_kind_feed_has_only_its_kind(client, events):
    entries = feed_events(parse_calendar(client.get("/calendar/kinds/citizen_dialogue.ics")))

    assert set(entries) == uids("seved dialogue", "lindangen dialogue", events=events)


def test_a_feed_without_events_is_still_a_calendar(client, events):
    calendar = parse_calendar(client.get("/calendar/kinds/exhibition.ics"))

    assert feed_events(calendar) == {}
    assert timezone_ids(calendar) == set()  # no event refers to a timezone


@pytest.mark.parametrize(
    "path", ["/calendar/neighbourhoods/atlantis.ics", "/calendar/kinds/picnic.ics", "/calendar/kinds/.ics"]
)
def test_unknown_neighbourhood_or_kind_is_not_found(client, events, path):
    assert client.get(path).status_code == 404


def feed_addresses(page: str, section_id: str) -> dict[str, tuple[str, str]]:
    """key -> (the link's href, the address shown under it) for each feed listed in the section."""
    section = page[page.index(f'id="{section_id}"') :]
    items = re.findall(r'<li id="feed-([\w-]+)"><a href="([^"]+)">[^<]+</a><br><code[^>]*>([^<]+)</code>', section)
    return {key: (href, shown) for key, href, shown in items}


def path_of(address: str) -> str:
    return re.sub(r"^(webcal|https?)://localhost", "", address)


def test_the_event_list_offers_working_feeds(client, events):
    page = client.get("/events/").get_data(as_text=True)

    feeds = feed_addresses(page, "calendar-feeds")
    assert list(feeds) == FEEDS_ON_EVENT_LIST
    for href, shown in feeds.values():
        assert href.startswith("webcal://localhost/calendar/")
        assert path_of(href) == path_of(shown)
        assert client.get(path_of(shown)).status_code == 200
    dialogues = feed_events(parse_calendar(client.get(path_of(feeds["kind-citizen_dialogue"][1]))))
    assert set(dialogues) == uids("seved dialogue", "lindangen dialogue", events=events)


def test_the_neighbourhood_page_offers_its_feed(client, events):
    page = client.get("/neighbourhoods/sodra-sofielund").get_data(as_text=True)

    assert element_text(page, "calendar-feeds-heading")
    feeds = feed_addresses(page, "calendar-feeds")
    assert list(feeds) == ["neighbourhood", "all"]
    entries = feed_events(parse_calendar(client.get(path_of(feeds["neighbourhood"][1]))))
    assert set(entries) == uids("seved dialogue", "seved dance", "cancelled", "ended 20 days ago", events=events)


def test_feed_links_carry_the_readers_language(client, events):
    client.post("/language", data={"language": "en", "next": "/"})

    feeds = feed_addresses(client.get("/events/").get_data(as_text=True), "calendar-feeds")

    assert all(shown.endswith(".ics?lang=en") for _href, shown in feeds.values())
    calendar = parse_calendar(client.get(path_of(feeds["all"][1])))
    assert str(calendar["X-WR-CALNAME"]) == "Dialogue – all events"
