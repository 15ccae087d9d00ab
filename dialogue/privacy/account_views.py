"""An account holder's own data: download it all as JSON, or delete the account after typing the password again.
The session ends with the account, and the next page says what was done."""

from dataclasses import asdict

from flask import abort, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_login import login_required

from dialogue.access import acting_user
from dialogue.accounts.sessions import leave_session
from dialogue.audit.log import record_reading
from dialogue.audit.models import AuditAction
from dialogue.downloads import download
from dialogue.forms import REFUSED, commit_change, form_status
from dialogue.i18n import SESSION_KEY
from dialogue.limits import limited, limited_reads
from dialogue.privacy import bp, export
from dialogue.privacy.erasure import Erased, delete_account, registrations_to_cancel
from dialogue.privacy.forms import DeleteAccountForm
from dialogue.privacy.retention import Retention, period_text

JSON_TYPE = "application/json"
# What the deletion did, carried to the page after it in the session that outlives the login (language only).
DELETED_KEY = "privacy_account_deleted"


@bp.get("/account/my-data.json")
@login_required
@limited_reads("RATE_LIMIT_FEEDS")
def download_my_data():
    user = acting_user()
    body = export.as_json(export.for_account(user))
    record_reading(AuditAction.PERSONAL_DATA_DOWNLOADED, user, actor=user)
    return download(body, "dialogue-my-data.json", JSON_TYPE)


@bp.route("/account/delete", methods=["GET", "POST"])
@login_required
@limited("RATE_LIMIT_NEW_PASSWORD")
def delete_my_account():
    user = acting_user()
    if user.is_staff:
        if request.method == "POST":
            abort(403)
        return render_template("privacy/delete_account.html", form=None, staff=True, upcoming=[])
    form = DeleteAccountForm()
    if form.validate_on_submit():
        language = str(get_locale())
        erased = commit_change(form, lambda: delete_account(user, form.password.data))
        if erased is not REFUSED:
            leave_session()
            # The account's language goes with it; the page after it, and the next ones, keep speaking it.
            session[SESSION_KEY] = language
            session[DELETED_KEY] = asdict(erased)
            return redirect(url_for("privacy.account_deleted"))
    return render_template(
        "privacy/delete_account.html", form=form, staff=False, upcoming=registrations_to_cancel(user)
    ), form_status(form)


@bp.get("/account/deleted")
def account_deleted():
    done = session.pop(DELETED_KEY, None)
    return render_template(
        "privacy/account_deleted.html",
        erased=Erased(**done) if isinstance(done, dict) else None,
        audit_period=period_text(Retention.from_config().audit_log_days),
    )
