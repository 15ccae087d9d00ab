from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import force_locale, get_locale, lazy_gettext, ngettext
from flask_babel import gettext as _
from flask_login import current_user, login_required

from dialogue.access import acting_user
from dialogue.accounts import bp
from dialogue.accounts.forms import (
    ChangePasswordForm,
    ConfirmSignupForm,
    ForgotPasswordForm,
    LanguageForm,
    LoginForm,
    ResetPasswordForm,
    SignupForm,
)
from dialogue.accounts.models import ACCOUNT_MIN_AGE
from dialogue.accounts.password_reset import request_reset, usable_token
from dialogue.accounts.password_reset import reset_password as reset_password_with
from dialogue.accounts.services import (
    LoginBlocked,
    change_password,
    choose_language,
    log_in,
    log_out,
    log_out_everywhere,
)
from dialogue.accounts.sessions import leave_session, start_session
from dialogue.accounts.signup import confirm_signup as confirm_signup_with
from dialogue.accounts.signup import send_confirmation, sign_up, usable_confirmation
from dialogue.extensions import db
from dialogue.forms import REFUSED, commit_change, form_status
from dialogue.i18n import SESSION_KEY, select_locale
from dialogue.limits import limited
from dialogue.safety import safe_next_url


@bp.route("/signup", methods=["GET", "POST"])
@limited("RATE_LIMIT_ACCOUNT_EMAIL")
def signup():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = SignupForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
        form.preferred_language.data = str(get_locale())
    if form.validate_on_submit():
        signed_up = commit_change(
            form,
            lambda: sign_up(
                email=form.email.data,
                name=form.name.data,
                password=form.password.data,
                preferred_language=form.preferred_language.data,
                next_path=safe_next_url(form.next.data, ""),
            ),
        )
        if signed_up is not REFUSED:
            # The same answer whether the address is new or has an account, confirmed or not: only the address's
            # inbox learns which.
            flash(
                ngettext(
                    "We have sent an email to %(email)s. Open the link in it within %(num)s hour to finish creating "
                    "your account.",
                    "We have sent an email to %(email)s. Open the link in it within %(num)s hours to finish creating "
                    "your account.",
                    current_app.config["SIGNUP_CONFIRM_HOURS"],
                    email=form.email.data,
                ),
                "info",
            )
            return redirect(url_for("accounts.signup_sent"))
    return render_template("accounts/signup.html", form=form, min_age=ACCOUNT_MIN_AGE), form_status(form)


@bp.get("/signup/sent")
def signup_sent():
    return render_template("accounts/signup_sent.html")


@bp.route("/confirm/<token>", methods=["GET", "POST"])
def confirm_signup(token: str):
    """The emailed link shows one button, and the button confirms: a link checker that opens the link before the
    person does neither uses it up nor logs in."""
    confirmation = usable_confirmation(token)
    if confirmation is None:
        # A used, expired, replaced or made-up link: say so, and how to get a new one.
        return render_template("accounts/confirm_expired.html"), 404
    form = ConfirmSignupForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        user = commit_change(form, lambda: confirm_signup_with(token))
        if user is REFUSED:  # another request used the link a moment ago
            return render_template("accounts/confirm_expired.html"), 404
        start_session(user)
        flash(_("Welcome, %(name)s! Your account is ready.", name=user.name), "success")
        return redirect(safe_next_url(form.next.data, url_for("main.home")))
    return render_template("accounts/confirm_signup.html", form=form, email=confirmation.user.email), form_status(form)


@bp.route("/login", methods=["GET", "POST"])
@limited("RATE_LIMIT_LOGIN")
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
        if user is not None and not user.email_confirmed:
            send_confirmation(user, safe_next_url(form.next.data, ""))
        db.session.commit()  # the count of wrong passwords, a password hash made anew, or a new confirmation link
        if user is None:
            form.password.errors.append(_("The email address or the password is wrong."))
        elif not user.email_confirmed:
            # Only someone who knows the password learns that the account waits for its confirmation.
            form.form_errors.append(
                ngettext(
                    "Confirm your email address before you log in. We have sent a new link to %(email)s; open it "
                    "within %(num)s hour.",
                    "Confirm your email address before you log in. We have sent a new link to %(email)s; open it "
                    "within %(num)s hours.",
                    current_app.config["SIGNUP_CONFIRM_HOURS"],
                    email=user.email,
                )
            )
        else:
            start_session(user)
            _flash_in_the_next_pages_language(lazy_gettext("You are logged in."))
            return redirect(safe_next_url(form.next.data, url_for("main.home")))
    return render_template("accounts/login.html", form=form), form_status(form)


@bp.post("/logout")
def logout():
    """Logging out ends every session of the account: a copied session cookie opens nothing afterwards."""
    if current_user.is_authenticated:
        log_out(acting_user())
        db.session.commit()
    leave_session()
    _flash_in_the_next_pages_language(lazy_gettext("You are logged out."))
    return redirect(url_for("main.home"))


def _flash_in_the_next_pages_language(message) -> None:
    """Logging in or out can change the interface language (the account's, when none was chosen): the message is
    shown on the next page, so it is written in that page's language, not in this request's."""
    with force_locale(select_locale()):
        flash(str(message), "success")


@bp.route("/", methods=["GET", "POST"])
@login_required
def account():
    """The account's page: its details, its language, the password and the devices logged in."""
    form = LanguageForm()
    if request.method == "GET":
        form.preferred_language.data = current_user.preferred_language
    if form.validate_on_submit():
        language = form.preferred_language.data
        if commit_change(form, lambda: choose_language(acting_user(), language)) is not REFUSED:
            session[SESSION_KEY] = language  # this browser shows it now, as the switcher would
            with force_locale(language):
                flash(_("Your language is saved."), "success")
            return redirect(url_for("accounts.account"))
    return render_template("accounts/account.html", language_form=form), form_status(form)


@bp.route("/password", methods=["GET", "POST"])
@login_required
@limited("RATE_LIMIT_NEW_PASSWORD")
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
@limited("RATE_LIMIT_ACCOUNT_EMAIL")
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
@limited("RATE_LIMIT_NEW_PASSWORD")
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
