"""The staff flows on PostgreSQL, the production database: all-or-nothing logging, a replaced photo (one per
contribution, a unique key), a merge that moves supports, hiding, and the CSV export."""

import pytest
from sqlalchemy import func, select

from dialogue.contributions.models import Contribution, Photo, Support
from dialogue.contributions.services import toggle_support
from dialogue.extensions import db
from dialogue.permissions import Role
from tests.factories import make_user
from tests.moderation.helpers import (
    add_report,
    build_world,
    contribution_count,
    jpeg_with_exif,
    log_in_as,
    open_report_count,
    png_bytes,
    post_multipart,
    upload,
)
from tests.moderation.test_log_input import five_items, row
from tests.support import arrange, look

pytestmark = pytest.mark.postgres


def test_staff_flows_on_postgresql(pg_app):
    app = pg_app
    world = build_world(app)
    staff = log_in_as(app.test_client(), world)
    log_path = f"/staff/events/{world.event_id}/log-input"

    refused = five_items(upload(jpeg_with_exif(), "card.jpg")) | row(
        4, title="Broken", body="x", photo=upload(b"nope", "x.jpg")
    )
    assert post_multipart(staff, log_path, refused).status_code == 422
    with look(app):
        assert contribution_count() == 3
    assert post_multipart(staff, log_path, five_items(upload(jpeg_with_exif(), "card.jpg"))).status_code == 302
    with look(app):
        assert contribution_count() == 8
        photo_owner = db.session.scalars(select(Photo.contribution_id)).one()

    edit = {
        "title": "Swings",
        "body": "For small children",
        "theme": "green_space_and_play",
        "channel": "drawing",
        "people_count": "3",
        "rating": "",
    }
    response = post_multipart(
        staff, f"/staff/contributions/{photo_owner}/edit", edit | {"photo": upload(png_bytes(), "drawing.png")}
    )
    assert response.status_code == 302
    with look(app):
        photos = db.session.scalars(select(Photo)).all()
        assert [(photo.contribution_id, photo.content_type) for photo in photos] == [(photo_owner, "image/png")]

    with arrange(app):
        resident = make_user(Role.RESIDENT)
        toggle_support(db.session.get(Contribution, world.proposal_id), resident)
        toggle_support(db.session.get(Contribution, world.other_proposal_id), resident)
        add_report(world.other_proposal_id)
    merge_path = f"/staff/proposals/{world.proposal_id}/merge"
    assert staff.post(merge_path, data={"target_id": str(world.other_proposal_id)}).status_code == 302
    hide_path = f"/staff/contributions/{world.other_proposal_id}/moderate"
    assert staff.post(hide_path, data={"action": "hide", "reason": "Duplicate spam"}).status_code == 302
    with look(app):
        assert db.session.scalar(select(func.count()).select_from(Support)) == 1
        assert open_report_count(world.other_proposal_id) == 0

    export = staff.get(f"/staff/neighbourhoods/{world.slug}/contributions.csv")
    assert export.status_code == 200
    assert export.data.decode("utf-8-sig").count("\r\n") == 1 + 8
