"""Who may use the staff pages: process leaders and administrators. Anonymous users are sent to log in."""
from dialogue.permissions import Role, role_required

staff_only = role_required(Role.PROCESS_LEADER, Role.ADMIN)
