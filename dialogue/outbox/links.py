"""Absolute links that people click — in emails, calendar files and feeds, QR codes — are built on the PUBLIC_URL
setting, in a request and outside one alike: never on the Host header a request named, which anyone can forge
to make an email carry a link to their own site."""

from contextlib import AbstractContextManager

from flask import current_app, url_for


class PublicUrlMissing(RuntimeError):
    pass


def public_request_context() -> AbstractContextManager:
    """A request context on PUBLIC_URL, so that url_for(..., _external=True) gives the links people click."""
    base_url = current_app.config.get("PUBLIC_URL")
    if not base_url:
        raise PublicUrlMissing(
            "Set PUBLIC_URL (for example https://dialog.malmo.se) so that emails and calendars can link to the app."
        )
    return current_app.test_request_context(base_url=base_url)


def links_available() -> AbstractContextManager:
    """The context in which url_for(..., _external=True) builds links on PUBLIC_URL."""
    return public_request_context()


def public_url(endpoint: str, **values) -> str:
    """The absolute URL of `endpoint` on PUBLIC_URL."""
    with public_request_context():
        return url_for(endpoint, _external=True, **values)
