"""The lists of events that have not ended read the events under way and those to come apart, each from its own
index, and the language filter reads a copy of each event's start and publication kept on its languages. These
tests hold them to what the lists showed before, on SQLite and PostgreSQL: the order, the pages and the count, the
events under way among them, and the languages offered as an event is published, moved, cancelled and held."""

from datetime import timedelta

from sqlalchemy import select

from dialogue.database import utcnow
from dialogue.events.models import Event, EventLanguage, EventStatus
from dialogue.extensions import db
from dialogue.permissions import Role
from dialogue.planning.services import cancel_event, publish_event
from tests.events.pages import EVENT_LINK, event_ids_on
from tests.factories import make_event, make_neighbourhood, make_user
from tests.support import arrange, look, use_english


def _offered(client) -> set[str]:
    html = client.get("/events/").get_data(as_text=True)
    select_html = html[html.index('<select id="language"') :]
    select_html = select_html[: select_html.index("</select>")]
    return {code for code in ("sv", "so", "ti", "uk") if f'value="{code}"' in select_html}


def _copies_match(event_id: int) -> bool:
    event = db.session.get(Event, event_id)
    copies = db.session.execute(
        select(EventLanguage.event_starts_at, EventLanguage.event_published).where(EventLanguage.event_id == event_id)
    ).all()
    return bool(copies) and all(
        (starts_at, published) == (event.starts_at, event.status == EventStatus.PUBLISHED)
        for starts_at, published in copies
    )


def test_the_languages_offered_follow_an_event_as_it_is_published_moved_cancelled_and_held(any_app):
    now = utcnow()
    client = any_app.test_client()
    with arrange(any_app):
        staff = make_user(Role.PROCESS_LEADER)
        somali = make_event(starts_at=now + timedelta(days=5), languages=("sv", "so"), status=EventStatus.DRAFT)
        tigrinya = make_event(starts_at=now + timedelta(days=6), languages=("ti",))
        make_event(starts_at=now - timedelta(days=3), languages=("uk",))  # ended, never reported
        staff_id, somali_id, tigrinya_id = staff.id, somali.id, tigrinya.id
    assert _offered(client) == {"ti"}
    assert event_ids_on(client.get("/events/?language=so")) == set()

    with arrange(any_app):
        publish_event(somali_id, db.session.get(type(staff), staff_id))
    assert _offered(client) == {"sv", "so", "ti"}
    assert event_ids_on(client.get("/events/?language=so")) == {somali_id}

    with arrange(any_app):  # moved into the past, and the other one cancelled
        moved = db.session.get(Event, somali_id)
        moved.starts_at, moved.ends_at = now - timedelta(days=2), now - timedelta(days=2) + timedelta(hours=2)
        cancel_event(tigrinya_id, "The hall is closed.", db.session.get(type(staff), staff_id))
    assert _offered(client) == set()
    assert event_ids_on(client.get("/events/?language=so")) == set()

    with arrange(any_app):  # under way: started an hour ago, ends in an hour
        moved = db.session.get(Event, somali_id)
        moved.starts_at, moved.ends_at = now - timedelta(hours=1), now + timedelta(hours=1)
    assert _offered(client) == {"sv", "so"}
    assert event_ids_on(client.get("/events/?language=so")) == {somali_id}

    with arrange(any_app):
        db.session.get(Event, somali_id).status = EventStatus.HELD
    assert _offered(client) == set()
    with look(any_app):
        assert _copies_match(somali_id) and _copies_match(tigrinya_id)


def test_events_under_way_come_first_and_the_pages_and_count_take_both_parts(any_app):
    now = utcnow()
    with arrange(any_app):
        here = make_neighbourhood(slug="here")
        under_way = [
            make_event(
                here, starts_at=now - timedelta(hours=hours), ends_at=now + timedelta(hours=1), languages=("ar",)
            )
            for hours in (3, 1)
        ]
        coming = [
            make_event(here, starts_at=now + timedelta(days=day), languages=("ar",) if day % 2 else ("sv",))
            for day in range(1, 24)
        ]
        make_event(here, starts_at=now - timedelta(days=1))  # over
        expected = [event.id for event in under_way + coming]
        in_arabic = [event.id for event in under_way + coming if event.language_codes == ["ar"]]
    client = any_app.test_client()
    use_english(client)

    first, second = client.get("/events/?neighbourhood=here"), client.get("/events/?neighbourhood=here&page=2")
    assert _ids_in_order(first) == expected[:20]
    assert _ids_in_order(second) == expected[20:]
    assert "25 events found" in first.get_data(as_text=True)
    assert client.get("/events/?neighbourhood=here&page=3").status_code == 404
    assert _ids_in_order(client.get("/")) == expected[:6]

    arabic = client.get("/events/?language=ar")
    assert _ids_in_order(arabic) == in_arabic
    assert f"{len(in_arabic)} events found" in arabic.get_data(as_text=True)


def _ids_in_order(response) -> list[int]:
    """The events a page links to, in the order it lists them (each once)."""
    return list(dict.fromkeys(int(number) for number in EVENT_LINK.findall(response.get_data(as_text=True))))
