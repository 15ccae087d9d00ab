"""Absolute links in emails. A request builds them from the address it was called on; cron commands, the seed
and other work outside a request build them from the PUBLIC_URL setting."""

from contextlib import AbstractContextManager, nullcontext

from flask import current_app, has_request_context


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
    """Inside a request its own address serves; elsewhere a request context on PUBLIC_URL is pushed."""
    return nullcontext() if has_request_context() else public_request_context()
