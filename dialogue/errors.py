"""Error pages: templated, translated, and a rolled-back session behind every failure."""

from flask import Flask, render_template
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import SecurityError

from dialogue.extensions import db
from dialogue.limits import minutes_until_allowed, seconds_until_allowed


def register(app: Flask) -> None:
    def render_error(status: int, title: str, message: str):
        return render_template("errors/error.html", status=status, title=title, message=message), status

    @app.errorhandler(400)
    def bad_request(error):
        db.session.rollback()
        if isinstance(error, SecurityError):
            # A Host header that names another site (TRUSTED_HOSTS): no page is built on it, not even links.
            return "Bad Request: this site is not served under that address.", 400, {"Content-Type": "text/plain"}
        return render_error(400, _("Something in the request was wrong"), _("Please go back and try again."))

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        db.session.rollback()
        return render_error(
            400,
            _("The form could not be sent"),
            _("The page had expired or was opened in another session. Please reload it and try again."),
        )

    @app.errorhandler(403)
    def forbidden(error):
        db.session.rollback()
        return render_error(
            403,
            _("You do not have access to this page"),
            _("If you think you should, contact the process leader of the project."),
        )

    @app.errorhandler(404)
    def not_found(error):
        db.session.rollback()
        return render_error(404, _("Page not found"), _("The page or link does not exist, or it has expired."))

    @app.errorhandler(405)
    def method_not_allowed(error):
        db.session.rollback()
        return render_error(405, _("That action is not possible here"), _("Please use the buttons on the page."))

    @app.errorhandler(413)
    def request_too_large(error):
        db.session.rollback()
        limit = app.config.get("MAX_CONTENT_LENGTH") or 0
        return render_error(
            413,
            _("What you sent is too large"),
            _(
                "At most %(size)s MB can be sent at once, and nothing was saved. "
                "Go back and send fewer or smaller photos at a time.",
                size=max(limit // (1024 * 1024), 1),
            ),
        )

    @app.errorhandler(429)
    def too_many_requests(error):
        db.session.rollback()
        minutes = minutes_until_allowed()
        page, status = render_error(
            429,
            _("Too many attempts"),
            ngettext(
                "This form has been sent too many times from your connection in a short while, so nothing was "
                "saved. Try again in %(num)s minute. If you need help now, call %(phone)s.",
                "This form has been sent too many times from your connection in a short while, so nothing was "
                "saved. Try again in %(num)s minutes. If you need help now, call %(phone)s.",
                minutes,
                phone=app.config["CONTACT_PHONE"],
            ),
        )
        return page, status, {"Retry-After": str(seconds_until_allowed())}

    @app.errorhandler(500)
    def internal_error(error):
        db.session.rollback()
        return render_error(
            500, _("Something went wrong on our side"), _("Nothing was saved. Please try again in a moment.")
        )
