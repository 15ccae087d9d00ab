"""The QR code on a registration's page: drawn on the server as SVG, so nothing is fetched from elsewhere.

It holds the address of the event's check-in page searched for the registration's code: staff scan it with
their phone's camera, the page opens with that one person, and a tap checks them in. The code is printed
beside it for reading aloud or typing. segno is imported by the first code drawn, not when the app starts.
"""

from dialogue.outbox.links import public_url
from dialogue.registrations.models import Registration

MODULE_PIXELS = 4  # the image scales with CSS; this only sets its natural size


def check_in_url(registration: Registration) -> str:
    return public_url("attendance.checkin", event_id=registration.event_id, q=registration.check_in_code)


def qr_svg_data_uri(content: str) -> str:
    """An <img src> for a QR code of `content`. A regular QR code, never a Micro QR code, which phones
    do not read; a light background and a quiet zone, so that it scans on any page colour."""
    import segno

    code = segno.make(content, micro=False, error="m")
    return code.svg_data_uri(scale=MODULE_PIXELS, border=4, dark="#000", light="#fff")


def check_in_qr(registration: Registration) -> str:
    return qr_svg_data_uri(check_in_url(registration))
