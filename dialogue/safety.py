"""Checks on values that come back from the browser."""
from urllib.parse import urlsplit

from flask import abort, request


def safe_next_url(target: str | None, fallback: str) -> str:
    """`target` if it is a path on this site, otherwise `fallback` (no open redirects)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return fallback
    return target


# Far beyond any real list; a larger number would overflow the database's OFFSET and give a 500.
MAX_PAGE_NUMBER = 100_000


def requested_page() -> int:
    """The ?page= number of a list: a missing or malformed one is page 1, an impossible one a 404."""
    try:
        page = int(request.args.get("page", 1))
    except ValueError:
        return 1
    if not 1 <= page <= MAX_PAGE_NUMBER:
        abort(404)
    return page
