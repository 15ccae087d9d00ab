"""Registrations that look made by a script, flagged for staff on the registrations page, each with its reasons.

Only registrations made on the site that are not cancelled are judged: those with an origin (the keyed hash of the
client address, dialogue.registrations.site_limits); the ones staff took are theirs. Three signs:

- the same connection: two or more registrations from one client address;
- the same pattern of email address: at one domain, addresses that differ only in their digits (a1@x, a2@x) or
  whose names look random (x7k2p9@x, q3m8z1@x);
- a burst: BURST_SIZE or more registrations within BURST_SECONDS.

A flag is a reason to look, not a verdict: a family on one connection, or a popular event the minute registration
opens, is flagged too. Staff decide, and cancel what they judge made up (dialogue.attendance.services).
"""

import enum
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import ngettext
from sqlalchemy import select

from dialogue.extensions import db
from dialogue.registrations.models import Registration, RegistrationStatus

SAME_PATTERN_MIN = 2
BURST_SIZE = 3
BURST_SECONDS = 60
# An address's name looks random when letters and digits alternate this often (x7k2p9), or when it has a run of
# this many consonants (xkcdqzw): a person's name seldom does either.
RANDOM_SWITCHES = 3
RANDOM_CONSONANT_RUN = 6
RANDOM_MIN_LENGTH = 6
_DIGITS = re.compile(r"\d+")
_SWITCH = re.compile(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])")
_CONSONANTS = re.compile(rf"[bcdfghjklmnpqrstvwxz]{{{RANDOM_CONSONANT_RUN},}}")


class Sign(str, enum.Enum):
    SAME_CONNECTION = "same_connection"
    SAME_PATTERN = "same_pattern"
    BURST = "burst"


@dataclass(frozen=True)
class Flag:
    sign: Sign
    count: int  # how many registrations share the sign, this one included
    domain: str = ""

    @property
    def reason(self) -> str:
        """Why, in the page's language."""
        if self.sign == Sign.SAME_CONNECTION:
            return ngettext(
                "%(num)s registration from the same internet connection",
                "%(num)s registrations from the same internet connection",
                self.count,
            )
        if self.sign == Sign.SAME_PATTERN:
            return ngettext(
                "%(num)s email address at %(domain)s that differs only by a number or looks random",
                "%(num)s email addresses at %(domain)s that differ only by a number or look random",
                self.count,
                domain=self.domain,
            )
        return ngettext("%(num)s registration within a minute", "%(num)s registrations within a minute", self.count)


@dataclass(frozen=True)
class _Judged:
    id: int
    email: str
    origin_hash: str
    created_at: datetime


def _looks_random(name: str) -> bool:
    if len(name) < RANDOM_MIN_LENGTH or not name.isascii() or not name.isalnum():
        return False
    return len(_SWITCH.findall(name)) >= RANDOM_SWITCHES or _CONSONANTS.search(name.lower()) is not None


def email_pattern(email: str) -> str | None:
    """What addresses made up in a series share: "random@x" for a random-looking name, "a#@x" for a name with
    digits; None for a name of neither kind."""
    name, _, domain = email.lower().rpartition("@")
    if _looks_random(name):
        return f"random@{domain}"
    if _DIGITS.search(name):
        return f"{_DIGITS.sub('#', name)}@{domain}"
    return None


def _same_connection(judged: list[_Judged]) -> dict[int, Flag]:
    groups = defaultdict(list)
    for registration in judged:
        groups[registration.origin_hash].append(registration.id)
    return {
        registration_id: Flag(Sign.SAME_CONNECTION, len(ids))
        for ids in groups.values()
        if len(ids) >= 2
        for registration_id in ids
    }


def _same_pattern(judged: list[_Judged]) -> dict[int, Flag]:
    groups = defaultdict(list)
    for registration in judged:
        if (pattern := email_pattern(registration.email)) is not None:
            groups[pattern].append(registration.id)
    return {
        registration_id: Flag(Sign.SAME_PATTERN, len(ids), domain=pattern.rpartition("@")[2])
        for pattern, ids in groups.items()
        if len(ids) >= SAME_PATTERN_MIN
        for registration_id in ids
    }


def _bursts(judged: list[_Judged]) -> dict[int, Flag]:
    """Each registration in a window of BURST_SECONDS that holds BURST_SIZE or more, with the largest such window."""
    in_order = sorted(judged, key=lambda registration: (registration.created_at, registration.id))
    window = timedelta(seconds=BURST_SECONDS)
    largest: dict[int, int] = {}
    start = 0
    for end, registration in enumerate(in_order):
        while registration.created_at - in_order[start].created_at > window:
            start += 1
        size = end - start + 1
        if size >= BURST_SIZE:
            for member in in_order[start : end + 1]:
                largest[member.id] = max(largest.get(member.id, 0), size)
    return {registration_id: Flag(Sign.BURST, size) for registration_id, size in largest.items()}


def flags_for_event(event_id: int) -> dict[int, list[Flag]]:
    """Registration id -> its flags, for every flagged registration of the event; one statement."""
    judged = [
        _Judged(*row)
        for row in db.session.execute(
            select(Registration.id, Registration.email, Registration.origin_hash, Registration.created_at).where(
                Registration.event_id == event_id,
                Registration.status != RegistrationStatus.CANCELLED,
                Registration.origin_hash.is_not(None),
            )
        )
    ]
    flags: dict[int, list[Flag]] = defaultdict(list)
    for found in (_same_connection(judged), _same_pattern(judged), _bursts(judged)):
        for registration_id, flag in found.items():
            flags[registration_id].append(flag)
    return dict(flags)
