from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from dialogue.access import acting_user
from dialogue.accounts import bp
from dialogue.accounts.forms import ChangePasswordForm, ForgotPasswordForm, LoginForm, ResetPasswordForm, SignupForm
from dialogue.accounts.password_reset import request_reset, usable_token
from dialogue.accounts.password_reset import reset_password as reset_password_with
from dialogue.accounts.services import LoginBlocked, change_password, log_in, log_out, log_out_everywhere, sign_up
from dialogue.accounts.sessions import leave_session, start_session
from dialogue.extensions import db
from dialogue.forms import REFUSED, commit_change, form_status
from dialogue.i18n import SESSION_KEY
from dialogue.safety import safe_next_url


@bp.route("/signup", methods=["GET", "POST"])
def signup():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = SignupForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
        form.preferred_language.data = session.get(SESSION_KEY) or "sv"
    if form.validate_on_submit():
        user = commit_change(
            form,
            lambda: sign_up(
                email=form.email.data,
                name=form.name.data,
                password=form.password.data,
                preferred_language=form.preferred_language.data,
            ),
        )
        if user is not REFUSED:
            start_session(user)
            flash(_("Welcome, %(name)s! Your account is ready.", name=user.name), "success")
            return redirect(safe_next_url(form.next.data, url_for("main.home")))
    return render_template("accounts/signup.html", form=form), form_status(form)


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        try:
            user = log_in(form.email.data, form.password.data)
        except LoginBlocked as blocked:
            db.session.commit()  # the refused attempt, in the audit log
            form.form_errors.append(str(blocked.message))
            return render_template("accounts/login.html", form=form), 429
        db.session.commit()  # the count of wrong passwords, or a password hash made anew
        if user is None:
            form.password.errors.append(_("The email address or the password is wrong."))
        else:
            start_session(user)
            flash(_("You are logged in."), "success")
            return redirect(safe_next_url(form.next.data, url_for("main.home")))
    return render_template("accounts/login.html", form=form), form_status(form)


@bp.post("/logout")
def logout():
    """Logging out ends every session of the account: a copied session cookie opens nothing afterwards."""
    if current_user.is_authenticated:
        log_out(acting_user())
        db.session.commit()
    leave_session()
    flash(_("You are logged out."), "success")
    return redirect(url_for("main.home"))


@bp.get("/")
@login_required
def account():
    return render_template("accounts/account.html")


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = acting_user()
        changed = commit_change(form, lambda: change_password(user, form.current_password.data, form.new_password.data))
        if changed is not REFUSED:
            start_session(user)  # this browser stays logged in; the others are not
            flash(_("Your password is changed, and you are logged out on your other devices."), "success")
            return redirect(url_for("accounts.account"))
    return render_template(
        "accounts/new_password.html", form=form, heading=_("Change password"), back_url=url_for("accounts.account")
    ), form_status(form)


@bp.post("/logout-everywhere")
@login_required
def logout_everywhere():
    log_out_everywhere(acting_user())
    db.session.commit()
    leave_session()
    flash(_("You are logged out on every device."), "success")
    return redirect(url_for("main.home"))


@bp.route("/forgot", methods=["GET", "POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        request_reset(form.email.data)
        db.session.commit()
        # The same answer whether or not the address has an account.
        flash(
            _(
                "If an account has the address %(email)s, we have sent it a link to choose a new password. "
                "Look in your inbox, and in the spam folder.",
                email=form.email.data,
            ),
            "info",
        )
        return redirect(url_for("accounts.login"))
    return render_template("accounts/forgot.html", form=form), form_status(form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    if usable_token(token) is None:
        # A used, expired or made-up link: say so, and how to ask for a new one.
        return render_template("accounts/reset_expired.html"), 404
    form = ResetPasswordForm()
    if form.validate_on_submit():
        changed = commit_change(form, lambda: reset_password_with(token, form.new_password.data))
        if changed is not REFUSED:
            leave_session()
            flash(_("Your password is changed. Log in with it; your other devices are logged out."), "success")
            return redirect(url_for("accounts.login"))
    return render_template(
        "accounts/new_password.html", form=form, heading=_("Choose a new password"), back_url=None
    ), form_status(form)
