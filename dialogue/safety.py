"""Checks on values that come back from the browser."""

import re
import unicodedata
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError


def safe_next_url(target: str | None, fallback: str) -> str:
    """`target` if it is a path on this site, otherwise `fallback` (no open redirects)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return fallback
    return target


# What a mail program or a browser turns into a link: a scheme ("https://", "hxxp://"), "www.", or a bare domain
# with a path ("evil.example/win"). A bare domain without a path is let through: "Anna.Svensson" looks like one.
_LINK = re.compile(r"://|\bwww\.|[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}/", re.IGNORECASE)

LINK_REFUSED = _l("Links and web addresses cannot be written here.")


def contains_link(text: str | None) -> bool:
    """Whether `text` holds a web address. Names and notes have no use for one, and an email that greets someone
    by the name typed in would carry it to whatever address was typed beside it. Fullwidth and other compatibility
    forms ("ｗｗｗ．", "：／／") count as what they look like."""
    if not text:
        return False
    return _LINK.search(unicodedata.normalize("NFKC", text)) is not None


class NoLinks:
    """A form field's check that refuses a web address (contains_link), with a message next to the field. The
    service behind the form refuses the same with contains_link, so that no other way in lets a link through."""

    def __init__(self, message=LINK_REFUSED):
        self.message = message

    def __call__(self, form, field) -> None:
        if isinstance(field.data, str) and contains_link(field.data):
            raise ValidationError(str(self.message))
