"""Headers every answer carries: a strict Content-Security-Policy (no inline script or style anywhere, nothing
from another host), no MIME sniffing, no framing, no referrer beyond this site, and no browser feature the site
does not use (Permissions-Policy). In production, Strict-Transport-Security keeps browsers on HTTPS.

Pages with personal data are never stored by a browser or a proxy (`Cache-Control: private, no-store`): every
page seen logged in, and every page opened through a secret link (a registration's manage link, a password reset
or sign-up link, a personal calendar feed), whose address is the key to someone's data.
"""

from flask import Flask, request
from flask_login import current_user

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
# Dialogue uses none of these; a script that got in could use none either.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "usb",
        "xr-spatial-tracking",
    )
)
PRIVATE = "private, no-store"


def opened_through_a_secret_link() -> bool:
    """Whether the request's URL carries a token: the route names an argument for it."""
    return any("token" in name for name in (request.view_args or {}))


def register(app: Flask) -> None:
    @app.after_request
    def set_security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if app.config["HSTS_SECONDS"]:
            response.headers.setdefault("Strict-Transport-Security", f"max-age={app.config['HSTS_SECONDS']}")
        # Static files hold nothing personal: no user is loaded for them.
        if request.endpoint != "static" and (current_user.is_authenticated or opened_through_a_secret_link()):
            response.headers["Cache-Control"] = PRIVATE
        return response
