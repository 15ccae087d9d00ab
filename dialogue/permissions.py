"""Roles and access rules. Views call these; templates read them through the current user."""
import enum
from functools import wraps

from flask import abort
from flask_login import current_user


class Role(str, enum.Enum):
    RESIDENT = "resident"
    PROCESS_LEADER = "process_leader"
    DEVELOPER = "developer"
    ADMIN = "admin"


STAFF_ROLES = frozenset({Role.PROCESS_LEADER, Role.ADMIN})


def role_required(*roles: Role):
    """Only logged-in users with one of `roles`: anonymous users are sent to log in, others get 403."""
    allowed = frozenset(roles)

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            from dialogue.extensions import login_manager

            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in allowed:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def is_staff(user) -> bool:
    return bool(user and user.is_authenticated and user.role in STAFF_ROLES)


def can_view_event(user, event) -> bool:
    """Drafts are visible to staff only; published and cancelled events to everyone."""
    from dialogue.events.models import EventStatus

    return event.status != EventStatus.DRAFT or is_staff(user)
