"""Requests by email or letter, for administrators: find everything kept about an address, download it as JSON,
or erase it after a confirmation. Each search, download and erasure is in the audit log with a mark of the
address, never the address (dialogue.privacy.requests)."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from dialogue.access import acting_user, role_required
from dialogue.audit.log import record_reading
from dialogue.audit.models import AuditAction
from dialogue.downloads import download
from dialogue.extensions import db
from dialogue.forms import REFUSED, commit_change, form_status
from dialogue.labels import label
from dialogue.permissions import STAFF_ROLES, Role
from dialogue.privacy import bp, export
from dialogue.privacy.erasure import STAFF_ACCOUNT_KEPT, erase_address
from dialogue.privacy.forms import DataRequestForm, EraseRequestForm
from dialogue.privacy.requests import address_mark, address_of, record_search, request_token
from dialogue.registrations.models import RegistrationStatus

JSON_TYPE = "application/json"


def _address_or_404(token: str) -> str:
    email = address_of(token)
    if email is None:
        abort(404)
    return email


@bp.route("/staff/privacy/requests", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def requests():
    form = DataRequestForm()
    if form.validate_on_submit():
        commit_change(form, lambda: record_search(form.email.data, acting_user()))
        return redirect(url_for("privacy.show_request", request_token=request_token(form.email.data)))
    return render_template("privacy/requests.html", form=form), form_status(form)


@bp.get("/staff/privacy/requests/<request_token>")
@role_required(Role.ADMIN)
def show_request(request_token: str):
    email = _address_or_404(request_token)
    document = export.for_address(email)
    db.session.rollback()
    return render_template(
        "privacy/request.html",
        email=email,
        document=document,
        token=request_token,
        staff_account=_is_staff(document),
        staff_account_kept=STAFF_ACCOUNT_KEPT,
        role_names={role.value: label(role) for role in Role},
        status_names={status.value: label(status) for status in RegistrationStatus},
    )


def _is_staff(document: dict) -> bool:
    account = document.get("account")
    return account is not None and Role(account["role"]) in STAFF_ROLES


@bp.get("/staff/privacy/requests/<request_token>/data.json")
@role_required(Role.ADMIN)
def download_request(request_token: str):
    email = _address_or_404(request_token)
    body = export.as_json(export.for_address(email))
    record_reading(AuditAction.DATA_REQUEST_DOWNLOADED, actor=acting_user(), detail=address_mark(email))
    return download(body, "dialogue-personal-data.json", JSON_TYPE)


@bp.route("/staff/privacy/requests/<request_token>/erase", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def erase_request(request_token: str):
    email = _address_or_404(request_token)
    form = EraseRequestForm()
    if form.validate_on_submit():
        erased = commit_change(form, lambda: erase_address(email, acting_user()))
        if erased is not REFUSED:
            flash(
                _(
                    "Everything kept about %(email)s is erased: %(registrations)s registrations emptied (%(cancelled)s "
                    "of them cancelled), %(contacts)s addresses removed from proposals, %(emails)s emails emptied.",
                    email=email,
                    registrations=erased.anonymised,
                    cancelled=erased.cancelled,
                    contacts=erased.contacts,
                    emails=erased.emails,
                )
                + (" " + _("The account is deleted.") if erased.account else ""),
                "success",
            )
            return redirect(url_for("privacy.requests"))
    return render_template("privacy/erase_request.html", form=form, email=email, token=request_token), form_status(form)
