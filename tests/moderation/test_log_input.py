"""Log input: many items from one event in one form, photos cleaned, all or nothing."""

import io

import pytest
from PIL import Image
from sqlalchemy import select

from dialogue.contributions.models import PHOTO_MAX_BYTES, Channel, Contribution, ContributionKind, Photo, Theme
from dialogue.extensions import db
from dialogue.permissions import Role
from tests.moderation.helpers import (
    build_world,
    contribution_count,
    element_text,
    jpeg_with_exif,
    log_in_as,
    png_bytes,
    post_multipart,
    upload,
)
from tests.support import arrange, csrf_token_from, log_in_with_token, look, use_english


def row(
    index: int,
    kind="proposal",
    theme="green_space_and_play",
    title="",
    body="",
    channel="said_at_event",
    people="1",
    rating="",
    photo=None,
) -> dict:
    data = {
        f"rows-{index}-kind": kind,
        f"rows-{index}-theme": theme,
        f"rows-{index}-title": title,
        f"rows-{index}-body": body,
        f"rows-{index}-channel": channel,
        f"rows-{index}-people_count": people,
        f"rows-{index}-rating": rating,
    }
    if photo is not None:
        data[f"rows-{index}-photo"] = photo
    return data


def five_items(photo) -> dict:
    data = {}
    data.update(row(0, title="A playground for small children", body="Swings and sand.", people="12", photo=photo))
    data.update(row(1, theme="safety", title="Light in the tunnel", body="It is dark at night.", channel="walk"))
    data.update(row(2, kind="feedback", theme="", body="Good to meet the builders.", rating="5", people="30"))
    data.update(
        row(
            3,
            theme="meeting_places",
            title="A room for teenagers",
            body="Open in the evenings.",
            channel="dance_or_movement",
            people="8",
        )
    )
    data.update(row(4, kind="feedback", theme="", rating="3"))
    return data


def post_log(staff, world, data):
    return post_multipart(staff, f"/staff/events/{world.event_id}/log-input", data)


def test_the_form_starts_with_five_empty_rows(staff, world):
    html = staff.get(f"/staff/events/{world.event_id}/log-input").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in html
    assert 'id="rows-4-title"' in html and 'id="rows-5-title"' not in html
    assert 'id="rows-0-photo"' in html
    assert '<option selected value="said_at_event">' in html


def test_five_items_are_stored_with_the_event_and_a_clean_photo(app, staff, world):
    response = post_log(staff, world, five_items(upload(jpeg_with_exif(), "card.jpg")))
    assert response.status_code == 302
    assert f"event={world.event_id}" in response.headers["Location"]

    with look(app):
        logged = db.session.scalars(
            select(Contribution).where(Contribution.event_id == world.event_id).order_by(Contribution.id)
        ).all()
        assert len(logged) == 5
        staff_id = db.session.scalar(select(Contribution.logged_by_id).where(Contribution.id == logged[0].id))
        for item in logged:
            assert item.neighbourhood_id == world.neighbourhood_id
            assert item.author_id is None and item.logged_by_id == staff_id is not None
        playground, tunnel, meeting, teenagers, rating_only = logged
        assert playground.kind == ContributionKind.PROPOSAL and playground.people_count == 12
        assert playground.channel == Channel.SAID_AT_EVENT and playground.theme == Theme.GREEN_SPACE_AND_PLAY
        assert tunnel.channel == Channel.WALK
        assert meeting.kind == ContributionKind.FEEDBACK and meeting.rating == 5 and meeting.status is None
        assert teenagers.channel == Channel.DANCE_OR_MOVEMENT
        assert rating_only.rating == 3 and rating_only.body == ""

        photo = db.session.scalars(select(Photo)).one()
        assert photo.contribution_id == playground.id and photo.content_type == "image/jpeg"
        with Image.open(io.BytesIO(photo.data)) as image:
            image.verify()
        with Image.open(io.BytesIO(photo.data)) as image:
            assert image.format == "JPEG" and image.size == (64, 48)
            assert not image.getexif() and "exif" not in image.info
        assert b"PhoneMaker" not in photo.data


def test_a_png_photo_stays_a_png(app, staff, world):
    response = post_log(
        staff,
        world,
        row(
            0,
            title="Drawing of a park",
            body="A child's drawing",
            channel="drawing",
            photo=upload(png_bytes(), "drawing.png"),
        ),
    )
    assert response.status_code == 302
    with look(app):
        photo = db.session.scalars(select(Photo)).one()
        assert photo.content_type == "image/png" and photo.data.startswith(b"\x89PNG")


@pytest.mark.parametrize(
    ("file_bytes", "filename", "message"),
    [
        (b"not an image at all", "card.jpg", "not a JPEG or PNG image"),
        (jpeg_with_exif()[: PHOTO_MAX_BYTES // 2] + b"\0" * (PHOTO_MAX_BYTES + 1), "huge.jpg", "larger than 5 MB"),
        (b"GIF89a" + b"\0" * 100, "anim.gif", "not a JPEG or PNG image"),
    ],
    ids=["broken", "over-5-MB", "gif"],
)
def test_a_refused_photo_is_named_next_to_its_row_and_nothing_is_stored(
    app, staff, world, file_bytes, filename, message
):
    use_english(staff)
    data = five_items(upload(jpeg_with_exif(), "card.jpg"))
    data.update(
        row(
            3,
            theme="meeting_places",
            title="A room for teenagers",
            body="Evenings.",
            photo=upload(file_bytes, filename),
        )
    )
    response = post_log(staff, world, data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in element_text(html, "rows-3-photo-error")
    assert element_text(html, "rows-0-photo-error") is None
    assert 'aria-describedby="rows-3-photo-hint rows-3-photo-error"' in html
    assert 'value="A room for teenagers"' in html  # what was written is kept
    with look(app):
        assert contribution_count() == 3
        assert db.session.scalars(select(Photo)).first() is None


def test_a_row_with_an_error_stops_the_whole_form(app, staff, world):
    use_english(staff)
    data = five_items(None)
    data.update(row(1, title="", body="A proposal without a title"))
    data.update(row(4, kind="feedback", theme="", body="", rating="", people="0", title="x"))
    response = post_log(staff, world, data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert element_text(html, "rows-1-title-error") == "A proposal needs a title."
    assert element_text(html, "rows-4-people_count-error") == "Between 1 and 10000 people."
    assert element_text(html, "rows-4-body-error") == "Give a rating or write a comment."
    assert element_text(html, "rows-0-title-error") is None
    with look(app):
        assert contribution_count() == 3


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"theme": ""}, "theme", "Choose a theme for the proposal."),
        ({"body": ""}, "body", "Write what was proposed."),
        ({"title": "x" * 141}, "title", "At most 140 characters."),
        ({"people": "10001"}, "people_count", "Between 1 and 10000 people."),
        ({"people": "many"}, "people_count", "Write a whole number, like 2."),
        ({"channel": "carrier pigeon"}, "channel", None),
    ],
)
def test_bad_values_in_a_row_get_a_message_next_to_the_field(app, staff, world, overrides, field, message):
    use_english(staff)
    values = {"title": "Trees", "body": "Plant trees."} | overrides
    response = post_log(staff, world, row(0) | row(1, **values))
    assert response.status_code == 422
    error = element_text(response.get_data(as_text=True), f"rows-1-{field}-error")
    assert error and (message is None or error == message)
    with look(app):
        assert contribution_count() == 3


def test_empty_rows_are_ignored_but_an_empty_form_is_refused(app, staff, world):
    use_english(staff)
    response = post_log(staff, world, row(0) | row(1, kind="feedback", people="7"))
    assert response.status_code == 422
    assert "Fill in at least one row." in response.get_data(as_text=True)
    response = post_log(staff, world, row(0) | row(1, title="Trees", body="Plant trees.") | row(2))
    assert response.status_code == 302
    with look(app):
        assert contribution_count() == 4


def test_html_in_a_row_is_shown_as_text(staff, world):
    response = post_log(staff, world, row(0, title="<script>alert(1)</script>", body="", theme=""))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_more_rows_adds_five_keeps_what_was_written_and_stores_nothing(app, staff, world):
    data = row(0, title="Trees", body="Plant trees.") | {"more_rows": "1"}
    response = post_log(staff, world, data)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'id="rows-9-title"' in html and 'id="rows-10-title"' not in html
    assert 'value="Trees"' in html
    with look(app):
        assert contribution_count() == 3


def test_rows_stop_at_fifty(app, staff, world):
    data = {}
    for index in range(50):
        data |= row(index)
    data |= row(49, title="The last row", body="Counts.")
    response = post_log(staff, world, data | {"more_rows": "1"})
    html = response.get_data(as_text=True)
    assert 'id="rows-49-title"' in html and 'id="rows-50-title"' not in html
    assert 'name="more_rows"' not in html
    # A tampered form with more rows than allowed: only the first fifty are read.
    data |= row(60, title="Row sixty", body="Ignored.")
    assert post_log(staff, world, data).status_code == 302
    with look(app):
        titles = set(db.session.scalars(select(Contribution.title)))
        assert "The last row" in titles and "Row sixty" not in titles


def test_items_can_be_logged_for_an_event_in_another_state(app, staff, world):
    from dialogue.events.models import EventStatus
    from tests.factories import make_event

    with arrange(app):
        draft = make_event(status=EventStatus.CANCELLED)
        draft_id, neighbourhood_id = draft.id, draft.neighbourhood_id
    response = staff.post(f"/staff/events/{draft_id}/log-input", data=row(0, title="Trees", body="Plant."))
    assert response.status_code == 302
    with look(app):
        item = db.session.scalars(select(Contribution).where(Contribution.event_id == draft_id)).one()
        assert item.neighbourhood_id == neighbourhood_id


def test_csrf_is_required_for_the_log_input_form(csrf_app):
    app = csrf_app
    world = build_world(app)
    client = log_in_with_token(app.test_client(), world.emails[Role.PROCESS_LEADER])
    path = f"/staff/events/{world.event_id}/log-input"
    item = row(0, title="Trees", body="Plant trees.")

    assert client.post(path, data=item).status_code == 400
    assert client.post(path, data=item | {"csrf_token": "forged"}).status_code == 400
    with look(app):
        assert contribution_count() == 3

    token = csrf_token_from(client.get(path))
    assert client.post(path, data=item | {"csrf_token": token}).status_code == 302
    with look(app):
        assert contribution_count() == 4


def test_a_request_over_the_size_limit_gets_a_translated_413_page(app):
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024
    world = build_world(app)
    client = log_in_as(app.test_client(), world)
    use_english(client)
    data = row(0, title="Trees", body="Plant.", photo=upload(b"\xff" * (2 * 1024 * 1024), "big.jpg"))
    response = post_multipart(client, f"/staff/events/{world.event_id}/log-input", data)
    assert response.status_code == 413
    assert "At most 1 MB can be sent at once" in response.get_data(as_text=True)
    with look(app):
        assert contribution_count() == 3


def test_the_configured_limit_leaves_room_for_several_photos(app):
    assert app.config["MAX_CONTENT_LENGTH"] >= 10 * PHOTO_MAX_BYTES


def test_a_form_with_gaps_in_its_row_numbers_stores_each_row_once(app, staff, world):
    response = post_log(staff, world, row(0) | row(3, title="Trees", body="Plant trees.") | row(4))
    assert response.status_code == 302
    with look(app):
        assert db.session.scalars(select(Contribution.id).where(Contribution.title == "Trees")).all() != []
        assert contribution_count() == 4
