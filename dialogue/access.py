"""Who may open a page: decorators for views, and the acting user that views hand to services.

The rules about objects (who may see an event, review a proposal) live beside the models they judge; these are
the checks a view makes before it loads anything.
"""

from functools import wraps

from flask import abort
from flask_login import current_user

from dialogue.extensions import login_manager
from dialogue.permissions import STAFF_ROLES, Role


def role_required(*roles: Role):
    """Only logged-in users with one of `roles`: anonymous users are sent to log in, others get 403."""
    allowed = frozenset(roles)

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in allowed:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


# The staff pages: process leaders and administrators.
staff_only = role_required(*STAFF_ROLES)


def acting_user():
    """The logged-in user as a plain object, for services that take the acting user as a parameter; else None."""
    return current_user._get_current_object() if current_user.is_authenticated else None
