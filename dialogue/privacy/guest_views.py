"""A guest's registration through its manage link: download it as JSON, or cancel and erase it. Whoever holds
the link may already see and cancel the registration; these add nothing the link did not open."""

from flask import abort, redirect, render_template, session, url_for

from dialogue.audit.log import record_reading
from dialogue.audit.models import AuditAction
from dialogue.database import utcnow
from dialogue.downloads import download
from dialogue.forms import REFUSED, commit_change, form_status
from dialogue.limits import limited_reads, limited_writes
from dialogue.privacy import bp, export
from dialogue.privacy.erasure import erase_registration
from dialogue.privacy.forms import EraseRegistrationForm
from dialogue.privacy.retention import Retention, period_text
from dialogue.registrations.models import Registration
from dialogue.registrations.services import registration_by_token

JSON_TYPE = "application/json"
ERASED_KEY = "privacy_registration_erased"


def _registration_or_404(token: str) -> Registration:
    registration = registration_by_token(token)
    if registration is None:
        abort(404)
    return registration


@bp.get("/registrations/<token>/my-data.json")
@limited_reads("RATE_LIMIT_FEEDS")
def download_registration(token: str):
    registration = _registration_or_404(token)
    body = export.as_json(export.for_registration(registration))
    record_reading(AuditAction.PERSONAL_DATA_DOWNLOADED, registration)
    return download(body, "dialogue-my-registration.json", JSON_TYPE)


@bp.route("/registrations/<token>/erase", methods=["GET", "POST"])
@limited_writes("RATE_LIMIT_REGISTRATION")
def erase_my_registration(token: str):
    registration = _registration_or_404(token)
    form = EraseRegistrationForm()
    if form.validate_on_submit():
        event_title = registration.event.title
        erased = commit_change(form, lambda: erase_registration(registration))
        if erased is not REFUSED:
            session[ERASED_KEY] = {"event": event_title, "cancelled": erased.cancelled}
            return redirect(url_for("privacy.registration_erased"))
    return render_template(
        "privacy/erase_registration.html",
        form=form,
        registration=registration,
        event=registration.event,
        token=token,
        email_period=period_text(Retention.from_config().email_days),
        cancels=registration.is_active and registration.event.ends_at > utcnow(),
    ), form_status(form)


@bp.get("/privacy/registration-erased")
def registration_erased():
    done = session.pop(ERASED_KEY, None)
    return render_template("privacy/registration_erased.html", done=done if isinstance(done, dict) else None)
