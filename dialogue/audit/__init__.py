"""The audit log: who did what to which record, and when, for every staff action and every authentication event.

Infrastructure that knows no domain: a domain's service calls `dialogue.audit.log.record` in its own
transaction, so an entry is saved together with the change it tells of, or not at all. Entries are only ever
added; the application refuses to change or delete one (dialogue.audit.guard). Administrators read the log at
/staff/audit.
"""

from flask import Blueprint

bp = Blueprint("audit", __name__, url_prefix="/staff/audit")
