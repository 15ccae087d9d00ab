"""Privacy: the page that tells residents what Dialogue keeps about them, why and for how long, and the purge that
keeps that promise (`flask privacy purge`, daily). Both read the periods from the same settings
(dialogue.privacy.retention), so the page can never promise what the purge does not do.

A domain on top of the others: the purge empties the personal fields of registrations, emails, proposals and
accounts, and leaves every figure that the reports count as it was.
"""

from flask import Blueprint

bp = Blueprint("privacy", __name__)
