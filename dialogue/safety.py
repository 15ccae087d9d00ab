"""Checks on values that come back from the browser."""

from urllib.parse import urlsplit


def safe_next_url(target: str | None, fallback: str) -> str:
    """`target` if it is a path on this site, otherwise `fallback` (no open redirects)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return fallback
    return target
