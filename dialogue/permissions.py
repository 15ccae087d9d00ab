"""Roles, and who counts as staff. Views check them through dialogue.access; templates through is_staff."""

import enum


class Role(str, enum.Enum):
    RESIDENT = "resident"
    PROCESS_LEADER = "process_leader"
    DEVELOPER = "developer"
    ADMIN = "admin"


STAFF_ROLES = frozenset({Role.PROCESS_LEADER, Role.ADMIN})


def is_staff(user) -> bool:
    return bool(user and user.is_authenticated and user.role in STAFF_ROLES)
