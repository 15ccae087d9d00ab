"""Photos of paper cards and drawings: served as the stored image, never executed, hidden with their item."""

import io

import pytest
from PIL import Image

from dialogue.contributions.photos import photo_from_upload
from dialogue.contributions.services import attach_photo, hide, merge
from dialogue.extensions import db
from dialogue.permissions import Role
from tests.contributions.helpers import visit_as
from tests.factories import login, make_developer, make_neighbourhood, make_proposal, make_user


def image_bytes(image_format: str) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 120, 60)).save(output, format=image_format)
    return output.getvalue()


@pytest.fixture
def photos(app):
    with app.app_context():
        seved = make_neighbourhood(slug="seved")
        leader = make_user(Role.PROCESS_LEADER)
        developer = make_developer([seved])
        ids = {}
        for key, image_format in (("public", "PNG"), ("hidden", "JPEG"), ("merged", "PNG")):
            proposal = make_proposal(seved, title=f"Card {key}")
            attach_photo(proposal, photo_from_upload(io.BytesIO(image_bytes(image_format))))
            ids[key] = proposal.photo.id
            if key == "hidden":
                hide(proposal, "Shows a face", leader)
            if key == "merged":
                merge(proposal, make_proposal(seved), leader)
        db.session.commit()
        ids["leader"] = leader.email
        ids["developer"] = developer.email
        return ids


def test_a_public_photo_is_served_inline_with_its_type_and_caching(client, photos):
    response = client.get(f"/photos/{photos['public']}")
    assert response.status_code == 200
    assert response.mimetype == "image/png"
    assert response.headers["Content-Disposition"] == "inline"
    assert response.headers["Cache-Control"] == "private, max-age=3600"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    with Image.open(io.BytesIO(response.data)) as image:
        assert image.format == "PNG" and image.size == (64, 48)


@pytest.mark.parametrize("key", ["hidden", "merged"])
@pytest.mark.parametrize("who", ["anonymous", "resident", "developer"])
def test_photos_of_hidden_or_merged_items_are_not_found_by_the_public(client, app, photos, key, who):
    visit_as(app, client, who, photos["developer"])
    assert client.get(f"/photos/{photos[key]}").status_code == 404


def test_staff_see_the_photo_of_a_hidden_item(client, photos):
    login(client, photos["leader"])
    response = client.get(f"/photos/{photos['hidden']}")
    assert response.status_code == 200 and response.mimetype == "image/jpeg"
    assert client.get(f"/photos/{photos['merged']}").status_code == 200


def test_unknown_photo_is_404(client, photos):
    assert client.get("/photos/999999").status_code == 404
    assert client.get("/photos/abc").status_code == 404
    assert client.get("/photos/99999999999999999999").status_code == 404
