"""Staff translate an event's title, description and accessibility information into the site's other languages, a
form per language, and say which language the event's own texts are written in. Every change is in the audit log;
bad input gets a message next to its field (422) and saves nothing; a language the site does not offer, or the
event's own, is a 404."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from dialogue.accounts.models import User
from dialogue.audit.models import AuditAction, SubjectType
from dialogue.events.models import Event, EventTranslation
from dialogue.extensions import db
from dialogue.permissions import Role
from dialogue.planning.services import PlanningError
from dialogue.planning.translations import TranslatedTexts, save_translation, set_original_language
from dialogue.refusals import Forbidden
from tests.audit.helpers import logged
from tests.event_languages import ARABIC, app_in_four_languages, read_as, written_in
from tests.factories import login, make_user
from tests.planning.helpers import build_world, errors_on
from tests.support import arrange, csrf_token_from, log_in_with_token, look

TRANSLATION = {
    "title": ARABIC.title,
    "description": ARABIC.description,
    "accessibility_info": ARABIC.accessibility_info,
}
TRANSLATION_ACTIONS = (
    AuditAction.EVENT_TRANSLATION_SAVED,
    AuditAction.EVENT_TRANSLATION_REMOVED,
    AuditAction.EVENT_TEXT_LANGUAGE_SET,
)


@pytest.fixture
def app(sqlite_url):
    with app_in_four_languages(sqlite_url) as app:
        yield app


@pytest.fixture
def world(app):
    return build_world(app, title="Dansworkshop på Seved")


@pytest.fixture
def staff(app, world):
    client = app.test_client()
    assert login(client, world.emails[Role.PROCESS_LEADER]).status_code == 302
    read_as(client, "en")
    return client


def translations(app, event_id: int) -> dict[str, tuple[str, str, str]]:
    with look(app):
        rows = db.session.scalars(select(EventTranslation).where(EventTranslation.event_id == event_id))
        return {row.language: (row.title, row.description, row.accessibility_info) for row in rows}


def leader_id(app, world) -> int:
    with look(app):
        return db.session.scalars(select(User.id).where(User.email == world.emails[Role.PROCESS_LEADER])).one()


def test_staff_add_a_translation_and_readers_of_its_language_see_it(app, world, staff):
    overview = staff.get(f"/staff/events/{world.event_id}/translations").get_data(as_text=True)
    assert "Not translated" in overview
    assert f'href="/staff/events/{world.event_id}/translations/ar"' in overview
    assert f'href="/staff/events/{world.event_id}/translations/sv"' not in overview  # the event's own language

    form = staff.get(f"/staff/events/{world.event_id}/translations/ar").get_data(as_text=True)
    assert 'lang="ar"' in form and 'id="original-title">Dansworkshop på Seved<' in form
    response = staff.post(
        f"/staff/events/{world.event_id}/translations/ar",
        data={name: f"  {value}\n" for name, value in TRANSLATION.items()},
    )

    assert response.status_code == 302
    assert response.headers["Location"] == f"/staff/events/{world.event_id}/translations"
    assert translations(app, world.event_id) == {"ar": (ARABIC.title, ARABIC.description, ARABIC.accessibility_info)}
    assert [
        (entry.action, entry.actor_id, entry.subject_type, entry.subject_id, entry.detail)
        for entry in logged(app, *TRANSLATION_ACTIONS)
    ] == [(AuditAction.EVENT_TRANSLATION_SAVED, leader_id(app, world), SubjectType.EVENT, world.event_id, "ar")]
    reader = read_as(app.test_client(), "ar")
    assert f'<h1 lang="ar" dir="auto">{ARABIC.title}</h1>' in reader.get(f"/events/{world.event_id}").get_data(
        as_text=True
    )
    assert "Translated, last changed" in staff.get(f"/staff/events/{world.event_id}/translations").get_data(
        as_text=True
    )


def test_saving_again_changes_the_one_translation(app, world, staff):
    path = f"/staff/events/{world.event_id}/translations/ar"
    assert staff.post(path, data=TRANSLATION).status_code == 302

    form = staff.get(path).get_data(as_text=True)
    assert f'value="{ARABIC.title}"' in form  # the form shows what is saved
    assert staff.post(path, data={"title": "ورشة رقص", "description": "", "accessibility_info": ""}).status_code == 302

    assert translations(app, world.event_id) == {"ar": ("ورشة رقص", "", "")}
    assert len(logged(app, AuditAction.EVENT_TRANSLATION_SAVED)) == 2


def test_removing_a_translation_shows_readers_the_original_again(app, world, staff):
    assert staff.post(f"/staff/events/{world.event_id}/translations/ar", data=TRANSLATION).status_code == 302
    page = staff.get(f"/staff/events/{world.event_id}/translations/ar").get_data(as_text=True)
    assert f'action="/staff/events/{world.event_id}/translations/ar/remove"' in page

    response = staff.post(f"/staff/events/{world.event_id}/translations/ar/remove")

    assert response.status_code == 302
    assert translations(app, world.event_id) == {}
    [entry] = logged(app, AuditAction.EVENT_TRANSLATION_REMOVED)
    assert (entry.subject_id, entry.detail) == (world.event_id, "ar")
    reader = read_as(app.test_client(), "ar").get(f"/events/{world.event_id}").get_data(as_text=True)
    assert '<h1 lang="sv" dir="auto">Dansworkshop på Seved</h1>' in reader
    assert written_in(app, "ar", "sv") in reader
    # A second click finds nothing to remove: it says so, and nothing more is logged.
    again = staff.post(f"/staff/events/{world.event_id}/translations/ar/remove", follow_redirects=True)
    assert "There is no translation into this language." in again.get_data(as_text=True)
    assert len(logged(app, AuditAction.EVENT_TRANSLATION_REMOVED)) == 1


# (what is sent, the field whose message says what is wrong, that message)
BAD_INPUT = [
    ({"title": ""}, "title", "Write a title."),
    ({"title": "   "}, "title", "Write a title."),
    ({"title": "x" * 161}, "title", "At most 160 characters."),
    ({"description": "x" * 5001}, "description", "At most 5000 characters."),
    ({"accessibility_info": "x" * 1001}, "accessibility_info", "At most 1000 characters."),
    (
        {"title": "ورشة\x00رقص"},
        "title",
        "This holds invisible control characters that cannot be saved. Write it again.",
    ),
    (
        {"description": "a\x1bb"},
        "description",
        "This holds invisible control characters that cannot be saved. Write it again.",
    ),
]


@pytest.mark.parametrize(("changes", "field", "message"), BAD_INPUT)
def test_bad_input_gets_a_message_next_to_the_field_and_saves_nothing(app, world, staff, changes, field, message):
    response = staff.post(f"/staff/events/{world.event_id}/translations/ar", data={**TRANSLATION, **changes})

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert errors_on(page, field) == message
    assert 'id="error-summary"' in page
    assert translations(app, world.event_id) == {}
    assert logged(app, *TRANSLATION_ACTIONS) == []


@pytest.mark.parametrize("language", ["xx", "de", "sv", "AR", "ar%20", "..%2Fen"])
def test_a_language_the_site_does_not_offer_or_the_events_own_is_a_404(app, world, staff, language):
    for method in ("get", "post"):
        response = getattr(staff, method)(f"/staff/events/{world.event_id}/translations/{language}", data=TRANSLATION)
        assert response.status_code == 404, (method, response.status_code)
    assert staff.post(f"/staff/events/{world.event_id}/translations/{language}/remove").status_code == 404
    assert translations(app, world.event_id) == {}
    assert logged(app, *TRANSLATION_ACTIONS) == []


def test_staff_say_which_language_the_events_texts_are_written_in(app, world, staff):
    response = staff.post(f"/staff/events/{world.event_id}/translations/written-in", data={"language": "en"})

    assert response.status_code == 302
    with look(app):
        assert db.session.get(Event, world.event_id).original_language == "en"
    [entry] = logged(app, AuditAction.EVENT_TEXT_LANGUAGE_SET)
    assert entry.detail == "sv → en"
    overview = staff.get(f"/staff/events/{world.event_id}/translations").get_data(as_text=True)
    assert f'href="/staff/events/{world.event_id}/translations/sv"' in overview  # now Swedish can be added
    assert staff.get(f"/staff/events/{world.event_id}/translations/en").status_code == 404
    # A Finnish reader is now told that the texts are in English.
    finnish = read_as(app.test_client(), "fi").get(f"/events/{world.event_id}").get_data(as_text=True)
    assert written_in(app, "fi", "en") in finnish


@pytest.mark.parametrize("language", ["", "xx", "de", " "])
def test_a_language_that_is_not_offered_cannot_be_the_events(app, world, staff, language):
    response = staff.post(f"/staff/events/{world.event_id}/translations/written-in", data={"language": language})

    assert response.status_code == 422
    assert errors_on(response.get_data(as_text=True), "language")
    with look(app):
        assert db.session.get(Event, world.event_id).original_language == "sv"
    assert logged(app, *TRANSLATION_ACTIONS) == []


def test_a_language_the_event_is_translated_into_cannot_become_its_own(app, world, staff):
    assert staff.post(f"/staff/events/{world.event_id}/translations/ar", data=TRANSLATION).status_code == 302

    response = staff.post(f"/staff/events/{world.event_id}/translations/written-in", data={"language": "ar"})

    assert response.status_code == 422
    assert errors_on(response.get_data(as_text=True), "language") == (
        "There is already a translation into this language. Remove it first, or choose another language."
    )
    with look(app):
        assert db.session.get(Event, world.event_id).original_language == "sv"


def test_the_rules_hold_for_callers_without_the_form(app, world):
    with arrange(app):
        resident = make_user(Role.RESIDENT)
        leader = db.session.scalars(select(User).where(User.email == world.emails[Role.PROCESS_LEADER])).one()
        with pytest.raises(Forbidden):
            save_translation(world.event_id, "ar", TranslatedTexts(title="ورشة"), editor=resident)
        for language in ("xx", "sv"):
            with pytest.raises(PlanningError) as refused:
                save_translation(world.event_id, language, TranslatedTexts(title="ورشة"), editor=leader)
            assert refused.value.field == "language"
        for texts, field in (
            (TranslatedTexts(title=" "), "title"),
            (TranslatedTexts(title="x" * 161), "title"),
            (TranslatedTexts(title="ورشة", description="x" * 5001), "description"),
            (TranslatedTexts(title="ورشة", accessibility_info="x" * 1001), "accessibility_info"),
        ):
            with pytest.raises(PlanningError) as refused:
                save_translation(world.event_id, "ar", texts, editor=leader)
            assert refused.value.field == field
        with pytest.raises(PlanningError):
            save_translation(world.event_id + 1000, "ar", TranslatedTexts(title="ورشة"), editor=leader)
        with pytest.raises(PlanningError) as refused:
            set_original_language(world.event_id, "xx", editor=leader)
        assert refused.value.field == "language"
    assert translations(app, world.event_id) == {}


def test_a_copy_or_a_series_keeps_the_translations(app, world, staff):
    assert staff.post(f"/staff/events/{world.event_id}/translations/ar", data=TRANSLATION).status_code == 302

    assert staff.post(f"/staff/events/{world.event_id}/duplicate").status_code == 302
    with look(app):
        start = db.session.get(Event, world.event_id).starts_at
    until = (start + timedelta(weeks=2)).date().isoformat()
    response = staff.post(f"/staff/events/{world.event_id}/series", data={"every_weeks": "1", "until": until})
    assert response.status_code == 302

    with look(app):
        copies = db.session.scalars(select(Event.id).where(Event.id != world.event_id)).all()
    assert len(copies) >= 2
    for copy_id in copies:
        assert translations(app, copy_id) == {"ar": (ARABIC.title, ARABIC.description, ARABIC.accessibility_info)}


def test_the_translation_forms_and_buttons_need_the_pages_token(csrf_app):
    """With CSRF protection on, as in production (the shipped languages: a translation into English)."""
    world = build_world(csrf_app)
    client = log_in_with_token(csrf_app.test_client(), world.emails[Role.PROCESS_LEADER])
    form_path = f"/staff/events/{world.event_id}/translations/en"
    sends = [
        (form_path, {"title": "Dance the square"}),
        (f"{form_path}/remove", {}),
        (f"/staff/events/{world.event_id}/translations/written-in", {"language": "sv"}),
    ]

    for path, data in sends:
        assert client.post(path, data=data).status_code == 400, path
        assert client.post(path, data={**data, "csrf_token": "forged"}).status_code == 400, path
    assert translations(csrf_app, world.event_id) == {}
    assert logged(csrf_app, *TRANSLATION_ACTIONS) == []

    token = csrf_token_from(client.get(form_path))
    for path, data in sends:
        assert client.post(path, data={**data, "csrf_token": token}).status_code == 302, path
    assert [entry.action for entry in logged(csrf_app, *TRANSLATION_ACTIONS)] == [
        AuditAction.EVENT_TRANSLATION_SAVED,
        AuditAction.EVENT_TRANSLATION_REMOVED,
    ]  # Swedish was already the event's language: nothing changed, nothing logged
