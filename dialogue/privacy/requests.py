"""Requests by email or letter: an administrator finds everything kept about an email address, downloads it or
erases it (dialogue.privacy.export, dialogue.privacy.erasure).

The address being looked into never stands in a URL in clear, where it would end up in access logs and proxy
logs: the search form is sent by POST, and the pages of the request carry a signed token of it that expires
(`request_token`), in an argument whose name contains "token", which every log masks. Nor is the address written
in clear in the audit log: an entry carries `address_mark`, the first letters and a keyed hash, so that an auditor
sees which entries concern the same address, and can check a given address against them, without the log
naming anyone.
"""

import hashlib
import hmac

from flask import current_app
from itsdangerous import BadData, URLSafeTimedSerializer

from dialogue.accounts.models import normalise_email
from dialogue.audit.log import record
from dialogue.audit.models import AuditAction

# How long the pages of a request open after the search: a working session, not a link to keep.
REQUEST_TOKEN_SECONDS = 2 * 3600
_SALT = "dialogue.privacy.request"
_LONGEST_TOKEN = 600


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def request_token(email: str) -> str:
    return _serializer().dumps(normalise_email(email))


def address_of(token: str) -> str | None:
    """The address a token of this server names, while it is fresh; None for anything else."""
    if not token or len(token) > _LONGEST_TOKEN:
        return None
    try:
        email = _serializer().loads(token, max_age=REQUEST_TOKEN_SECONDS)
    except BadData:
        return None
    return email if isinstance(email, str) else None


def address_mark(email: str) -> str:
    """ "s***@e***.se #1a2b3c4d5e6f7a8b": enough to tell addresses apart in the audit log, not to read one."""
    email = normalise_email(email)
    local, _, domain = email.rpartition("@")
    host, _, top = domain.rpartition(".")
    masked = f"{local[:1]}***@{host[:1]}***.{top}" if host else f"{local[:1]}***@{domain[:1]}***"
    key = current_app.config["SECRET_KEY"].encode()
    keyed = hmac.new(key, f"{_SALT}:{email}".encode(), hashlib.sha256).hexdigest()[:16]
    return f"{masked} #{keyed}"


def record_search(email: str, admin) -> None:
    record(AuditAction.DATA_REQUEST_SEARCHED, actor=admin, detail=address_mark(email))
