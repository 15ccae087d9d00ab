"""A confirmed registration's own page shows its check-in code and a QR code of it, drawn on the server."""

import base64
import re
from urllib.parse import unquote

from dialogue.attendance.qr import qr_svg_data_uri
from tests.factories import make_event, make_registration
from tests.registrations.helpers import element_text
from tests.support import arrange


def _manage(client, token):
    response = client.get(f"/registrations/{token}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_confirmed_registrations_show_the_code_and_a_qr_code_of_the_check_in_address(app, client):
    with arrange(app):
        event = make_event(capacity=1)
        confirmed = make_registration(event)
        waiting = make_registration(event)
        code, event_id = confirmed.registration.check_in_code, event.id
    html = _manage(client, confirmed.manage_token)
    assert element_text(html, "check-in-code") == code
    image = re.search(r'<img class="check-in-qr" id="check-in-qr" src="([^"]+)"[^>]*alt="([^"]+)"', html)
    assert image and code in image.group(2)
    source = image.group(1)
    assert source.startswith("data:image/svg+xml")  # inline: no request to another host, allowed by the CSP
    payload = source.split(",", 1)[1]
    svg = base64.b64decode(payload).decode() if ";base64," in source else unquote(payload)
    assert svg.startswith("<svg") and "<path" in svg
    # A regular QR code (at least 21 modules and the quiet zone), which any phone camera reads.
    assert int(re.search(r"width='(\d+)'", svg).group(1)) >= (21 + 8) * 4
    # What it encodes: the staff check-in page searched for this code (segno draws the same text the same way).
    assert source.replace("&amp;", "&") == qr_svg_data_uri(f"http://localhost/staff/events/{event_id}/checkin?q={code}")
    assert element_text(_manage(client, waiting.manage_token), "check-in-code") is None


def test_the_qr_code_holds_the_staff_check_in_address_for_the_code(app):
    from dialogue.attendance.qr import check_in_url
    from dialogue.extensions import db
    from dialogue.registrations.models import Registration

    with arrange(app):
        registration = make_registration(make_event()).registration
        registration_id = registration.id
    app.config["PUBLIC_URL"] = "https://dialog.malmo.se"
    with app.test_request_context(base_url="http://forged.example"):  # whatever the request named
        registration = db.session.get(Registration, registration_id)
        url = check_in_url(registration)
        assert url == (
            f"https://dialog.malmo.se/staff/events/{registration.event_id}/checkin?q={registration.check_in_code}"
        )
