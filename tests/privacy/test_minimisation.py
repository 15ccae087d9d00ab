"""Data minimisation in the forms: the access-need note asks for nothing about health, in a hint linked to the field;
only people aged 13 or older get an account (the sign-up asks, the server checks, nothing about age is kept);
children come only inside a guardian's registration, as the registration form says where children are added; the
photo of paper input warns against faces and names without consent; the privacy page says all of it."""

from sqlalchemy import func, select

from dialogue.accounts.models import User
from dialogue.extensions import db
from dialogue.outbox.models import OutboxMessage
from dialogue.permissions import Role
from tests.accounts.signups import VALID, sign_up
from tests.factories import make_event, make_user
from tests.registrations.helpers import attributes, element_text
from tests.support import arrange, log_in_directly, look, use_english


def _described_by(html: str, element_id: str) -> list[str]:
    """The texts that the element's aria-describedby points to."""
    ids = (attributes(html, element_id) or {}).get("aria-describedby") or ""
    return [element_text(html, described) for described in ids.split()]


def _counts(app) -> tuple[int, int]:
    with look(app):
        return (
            db.session.scalar(select(func.count()).select_from(User)),
            db.session.scalar(select(func.count()).select_from(OutboxMessage)),
        )


def test_a_sign_up_without_the_age_confirmation_is_refused_next_to_the_box_and_stores_nothing(app, client):
    use_english(client)
    form = {name: value for name, value in VALID.items() if name != "old_enough"}

    response = client.post("/account/signup", data=form)

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert element_text(html, "old_enough-error") == (
        "Only people aged 13 or older can have an account. Tick the box if you are."
    )
    assert attributes(html, "old_enough")["aria-invalid"] == "true"
    assert _counts(app) == (0, 0)

    assert sign_up(client).status_code == 302
    assert _counts(app) == (1, 1)


def test_the_age_question_is_a_required_box_with_its_reason_and_no_age_is_stored(app, client):
    use_english(client)
    html = client.get("/account/signup").get_data(as_text=True)
    box = attributes(html, "old_enough")
    assert (box["type"], "required" in box) == ("checkbox", True)
    assert "I am 13 years old or older *" in element_text(html, "main")
    [hint] = _described_by(html, "old_enough")
    assert hint.startswith("Children under 13 cannot have an account. A guardian registers them")
    words = {word for column in User.__table__.columns for word in column.name.split("_")}
    assert not words & {"age", "birth", "born", "birthday"}

    swedish = app.test_client().get("/account/signup").get_data(as_text=True)
    assert "Jag är 13 år eller äldre" in element_text(swedish, "main")


def test_the_access_note_asks_for_nothing_about_health_in_a_hint_linked_to_it(app, client):
    with arrange(app):
        event_id = make_event().id
        leader_id = make_user(Role.PROCESS_LEADER).id
    use_english(client)
    html = client.get(f"/events/{event_id}/register").get_data(as_text=True)
    [hint] = _described_by(html, "access_note")
    assert "Write nothing about health, such as an illness, a diagnosis or medicines" in hint
    log_in_directly(client, leader_id)
    html = client.get(f"/staff/events/{event_id}/registrations/new").get_data(as_text=True)
    [hint] = _described_by(html, "access_note")
    assert "Write nothing about health" in hint


def test_where_children_are_added_the_form_says_they_come_with_a_guardian(app, client):
    with arrange(app):
        event_id = make_event().id
    use_english(client)
    html = client.get(f"/events/{event_id}/register").get_data(as_text=True)
    assert attributes(html, "child-details-hint") is not None
    assert element_text(html, "child-details-hint").startswith(
        "Children come on the registration of the guardian who brings them: a child under 13 cannot register or "
        "have an account."
    )
    assert 'aria-describedby="child-details-hint"' in html


def test_every_photo_of_paper_input_warns_against_faces_and_names(app, client):
    with arrange(app):
        event_id = make_event().id
        leader_id = make_user(Role.PROCESS_LEADER).id
    log_in_directly(client, leader_id)
    use_english(client)
    html = client.get(f"/staff/events/{event_id}/log-input").get_data(as_text=True)
    warning = "no faces, and no names, without the consent of the people they belong to."
    for row in range(5):
        [hint] = _described_by(html, f"rows-{row}-photo")
        assert warning in hint, row


def test_the_privacy_page_says_so(client):
    use_english(client)
    text = element_text(client.get("/privacy").get_data(as_text=True), "main")
    for sentence in (
        "Only people aged 13 or older can have an account: you confirm it when you sign up, and your age is not "
        "stored.",
        "Children are registered only by the guardian who brings them, in the guardian’s registration",
        "The form asks you to write nothing about health in the note",
        "Staff photograph only the card or drawing: no faces, and no names, without the consent",
    ):
        assert sentence in text
