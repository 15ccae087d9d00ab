"""The limits of a registration made on the site, which keep a script from filling an event with made-up parties,
and where it came from, kept so that it can be counted but not read.

Without an account a party is at most GUEST_PARTY_MAX people; one client address has at most
REGISTRATIONS_PER_ADDRESS_PER_EVENT registrations of an event that are not cancelled. Both refusals point to the
process leader's phone. Registrations taken by staff know neither.

Each registration made on the site stores a keyed hash of the client's address: HMAC-SHA256 with SECRET_KEY over
the event's id and the address. Registrations of one event from one address share the hash, so they can be counted
and shown together to staff; the address itself is never stored, the hashes of two events cannot be compared, and
without the key nobody can test a guessed address against a hash. The client address is the one dialogue.limits
counts by: the connection's, or the one trusted proxies saw.

An IPv6 client usually holds a whole /64 network and can change its address within it at will, so for IPv6 the
network is hashed. A new SECRET_KEY starts the counts afresh.
"""

import hashlib
import hmac
import ipaddress

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from sqlalchemy import BigInteger, bindparam, func, select

from dialogue.extensions import db
from dialogue.registrations.models import Registration, RegistrationStatus

IPV6_NETWORK_PREFIX = 64


def _client(address: str) -> str:
    """The address as it is counted: an IPv4 address (one mapped into IPv6 too), or an IPv6 /64 network."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address  # not an address ("unknown"): counted as it is
    if parsed.version == 6 and parsed.ipv4_mapped is not None:
        return str(parsed.ipv4_mapped)
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/{IPV6_NETWORK_PREFIX}", strict=False))
    return str(parsed)


def origin_hash(event_id: int, client_address: str) -> str:
    key = current_app.config["SECRET_KEY"]
    key = key if isinstance(key, bytes) else key.encode()
    message = f"registration-origin:{event_id}:{_client(client_address)}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


# Built once, executed with each client's key.
_ADVISORY_LOCK = select(func.pg_advisory_xact_lock(bindparam("key", type_=BigInteger)))


def hold_address(event_id: int, origin: str) -> None:
    """Registrations of one event from one client (its hash, `origin`) take turns from here to their commit, so that
    the count of those already made holds until then without the event's row lock: on PostgreSQL a transaction-level
    advisory lock on the hash, which is the event's and the client's; on SQLite every writing transaction holds the
    database's write lock already."""
    if db.session.get_bind().dialect.name == "postgresql":
        key = int.from_bytes(bytes.fromhex(origin[:16]), "big", signed=True)
        db.session.execute(_ADVISORY_LOCK, {"key": key})


def active_registrations_from(event_id: int, origin: str):
    """How many of the event's registrations that are not cancelled came from the client with this hash: a scalar
    subquery for a statement that asks more. Count after `hold_address`."""
    return (
        select(func.count())
        .select_from(Registration)
        .where(
            Registration.event_id == event_id,
            Registration.origin_hash == origin,
            Registration.status != RegistrationStatus.CANCELLED,
        )
        .scalar_subquery()
    )


def guest_party_refusal(party: int):
    """Why a party this large cannot register without an account, or None when it can."""
    guest_max = current_app.config["GUEST_PARTY_MAX"]
    if party <= guest_max:
        return None
    return _l(
        "Without an account, at most %(max)s people can come on one registration. For a larger group, call the "
        "process leader on %(phone)s, or log in.",
        max=guest_max,
        phone=current_app.config["CONTACT_PHONE"],
    )


def address_refusal(active_from_address: int):
    """Why a client whose active registrations for the event number `active_from_address` can register no more for
    it, or None when it can."""
    per_address = current_app.config["REGISTRATIONS_PER_ADDRESS_PER_EVENT"]
    if active_from_address < per_address:
        return None
    return lazy_ngettext(
        "%(num)s registration for this event has already come from your internet connection, as many as one "
        "connection can make. To register more people, call the process leader on %(phone)s.",
        "%(num)s registrations for this event have already come from your internet connection, as many as one "
        "connection can make. To register more people, call the process leader on %(phone)s.",
        per_address,
        phone=current_app.config["CONTACT_PHONE"],
    )
