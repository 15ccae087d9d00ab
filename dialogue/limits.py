"""How often one client may send a form: Flask-Limiter, counting per client address.

The limits are configuration (RATE_LIMIT_*, in Flask-Limiter's notation such as "20 per minute; 100 per hour").
Development and the tests count in the process's memory; production counts in RATELIMIT_STORAGE_URI (Redis),
so that every worker and every server counts together. The client address is the connection's, or, behind
TRUSTED_PROXY_COUNT reverse proxies, the one those proxies saw (werkzeug's ProxyFix): never a header anyone can
set. A request over the limit gets the 429 page of dialogue/errors.py, which says when to try again.
"""

import time

from flask import current_app, request
from flask_limiter import Limiter


def client_address() -> str:
    return request.remote_addr or "unknown"


limiter = Limiter(key_func=client_address)


def limited(setting: str):
    """A view's POSTs, limited per client address to the rate that the configuration `setting` names."""
    return limiter.limit(lambda: current_app.config[setting], methods=["POST"])


def limited_writes(setting: str):
    """A public form's POSTs, limited per client address, counting only those that wrote something (answered with
    a redirect): a person who corrects a refused form, or meets a rule, is not held back for it."""
    return limiter.limit(
        lambda: current_app.config[setting], methods=["POST"], deduct_when=lambda response: response.status_code < 400
    )


def limited_reads(setting: str):
    """A page or feed that costs a search, limited per client address in all its requests: a person reads a
    few a minute, a script that walks every filter many."""
    return limiter.limit(lambda: current_app.config[setting])


def seconds_until_allowed() -> int:
    """How many seconds, at least one, until the limit that refused this request lets the client in again: the
    refusal's Retry-After header. Only a refusal asks the store for it; answers within the limits carry no rate
    limit headers, which would cost every limited request one more round trip to the store."""
    breached = limiter.current_limit
    if breached is None:
        return 60
    return max(1, int(breached.reset_at - time.time()))


def minutes_until_allowed() -> int:
    """About how many minutes, at least one, until the limit that refused this request lets the client in again
    (the Retry-After header has the exact seconds)."""
    return max(1, round(seconds_until_allowed() / 60))
