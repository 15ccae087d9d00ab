"""Absolute links that people click — in emails, calendar files and feeds, QR codes — are built on the PUBLIC_URL
setting, in a request and outside one alike: never on the Host header a request named, which anyone can forge
to make an email carry a link to their own site."""

from contextlib import AbstractContextManager
from urllib.parse import urlsplit

from flask import current_app


class PublicUrlMissing(RuntimeError):
    pass


def _public_base_url() -> str:
    base_url = current_app.config.get("PUBLIC_URL")
    if not base_url:
        raise PublicUrlMissing(
            "Set PUBLIC_URL (for example https://dialog.malmo.se) so that emails and calendars can link to the app."
        )
    return base_url


def public_request_context() -> AbstractContextManager:
    """A request context on PUBLIC_URL, so that url_for(..., _external=True) gives the links people click."""
    return current_app.test_request_context(base_url=_public_base_url())


def links_available() -> AbstractContextManager:
    """The context in which url_for(..., _external=True) builds links on PUBLIC_URL."""
    return public_request_context()


def public_url(endpoint: str, **values) -> str:
    """The absolute URL of `endpoint` on PUBLIC_URL, as url_for(..., _external=True) gives it in a request on
    PUBLIC_URL: built by the app's URL map bound to PUBLIC_URL, once for the app and the setting, rather than in a
    request context made for every link (an email has several)."""
    app, base_url = current_app._get_current_object(), _public_base_url()
    bound = app.extensions.get(_PUBLIC_URLS)
    if bound is None or bound[0] != base_url:
        parts = urlsplit(base_url)
        adapter = app.url_map.bind(parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme)
        bound = app.extensions[_PUBLIC_URLS] = (base_url, adapter)
    app.inject_url_defaults(endpoint, values)
    return bound[1].build(endpoint, values, force_external=True)


_PUBLIC_URLS = "dialogue.public_urls"
