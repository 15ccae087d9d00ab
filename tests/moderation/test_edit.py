"""Editing a contribution: its text and facts, its photo, and the contact email only staff see."""

import io

import pytest
from PIL import Image
from sqlalchemy import select

from dialogue.contributions.models import Channel, Contribution, Photo, Theme
from dialogue.extensions import db
from tests.moderation.helpers import element_text, jpeg_with_exif, png_bytes, post_multipart, upload
from tests.support import look, use_english

VALID = {
    "title": "A bench by the pond, facing west",
    "body": "Somewhere to sit in the evening sun.",
    "theme": "meeting_places",
    "place_description": "The pond in Sege Park",
    "channel": "paper_card",
    "people_count": "14",
    "rating": "",
}


def edit_path(contribution_id: int) -> str:
    return f"/staff/contributions/{contribution_id}/edit"


def test_the_edit_page_shows_the_contact_email_and_current_values(staff, world):
    html = staff.get(edit_path(world.proposal_id)).get_data(as_text=True)
    assert element_text(html, "contact-email") == "lina@example.se"
    assert 'value="A bench by the pond"' in html
    assert 'enctype="multipart/form-data"' in html


def test_staff_change_text_theme_place_channel_and_people(app, staff, world):
    response = staff.post(edit_path(world.proposal_id), data=VALID)
    assert response.status_code == 302
    with look(app):
        proposal = db.session.get(Contribution, world.proposal_id)
        assert proposal.title == VALID["title"] and proposal.body == VALID["body"]
        assert proposal.theme == Theme.MEETING_PLACES and proposal.channel == Channel.PAPER_CARD
        assert proposal.place_description == "The pond in Sege Park" and proposal.people_count == 14


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": "  "}, "title", "Write a title."),
        ({"title": "x" * 141}, "title", "At most 140 characters."),
        ({"body": ""}, "body", "Write the proposal."),
        ({"body": "x" * 4001}, "body", "At most 4000 characters."),
        ({"theme": ""}, "theme", "Choose a theme."),
        ({"people_count": "0"}, "people_count", "Between 1 and 10000 people."),
    ],
)
def test_bad_values_are_refused_next_to_the_field(app, staff, world, overrides, field, message):
    use_english(staff)
    response = staff.post(edit_path(world.proposal_id), data=VALID | overrides)
    assert response.status_code == 422
    assert element_text(response.get_data(as_text=True), f"{field}-error") == message
    with look(app):
        proposal = db.session.get(Contribution, world.proposal_id)
        assert proposal.title == "A bench by the pond" and proposal.people_count == 1


def test_feedback_keeps_a_rating_or_a_comment(app, staff, world):
    use_english(staff)
    feedback = VALID | {"title": "", "theme": "", "body": "", "rating": ""}
    response = staff.post(edit_path(world.feedback_id), data=feedback)
    assert response.status_code == 422
    assert element_text(response.get_data(as_text=True), "body-error") == "Give a rating or write a comment."
    assert staff.post(edit_path(world.feedback_id), data=feedback | {"rating": "2"}).status_code == 302
    with look(app):
        stored = db.session.get(Contribution, world.feedback_id)
        assert stored.rating == 2 and stored.body == "" and stored.title is None and stored.theme is None


def test_a_photo_is_added_replaced_and_removed(app, staff, world):
    path = edit_path(world.proposal_id)
    assert post_multipart(staff, path, VALID | {"photo": upload(jpeg_with_exif(), "card.jpg")}).status_code == 302
    with look(app):
        first = db.session.scalars(select(Photo)).one()
        assert first.content_type == "image/jpeg" and b"PhoneMaker" not in first.data

    image = staff.get(f"/staff/contributions/{world.proposal_id}/photo")
    assert image.status_code == 200 and image.headers["Content-Type"] == "image/jpeg"
    assert image.headers["X-Content-Type-Options"] == "nosniff"
    with Image.open(io.BytesIO(image.data)) as opened:
        assert opened.format == "JPEG"

    assert post_multipart(staff, path, VALID | {"photo": upload(png_bytes(), "drawing.png")}).status_code == 302
    with look(app):
        photos = db.session.scalars(select(Photo)).all()
        assert len(photos) == 1 and photos[0].content_type == "image/png"

    assert staff.post(path, data=VALID | {"remove_photo": "y"}).status_code == 302
    with look(app):
        assert db.session.scalars(select(Photo)).first() is None
    assert staff.get(f"/staff/contributions/{world.proposal_id}/photo").status_code == 404


def test_a_broken_photo_is_refused_and_the_old_one_kept(app, staff, world):
    use_english(staff)
    path = edit_path(world.proposal_id)
    post_multipart(staff, path, VALID | {"photo": upload(jpeg_with_exif(), "card.jpg")})
    response = post_multipart(staff, path, VALID | {"title": "Changed", "photo": upload(b"<html>", "x.jpg")})
    assert response.status_code == 422
    assert "not a JPEG or PNG image" in element_text(response.get_data(as_text=True), "photo-error")
    with look(app):
        assert db.session.scalars(select(Photo)).one().content_type == "image/jpeg"
        assert db.session.get(Contribution, world.proposal_id).title == VALID["title"]
