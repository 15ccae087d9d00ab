from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import raiseload, selectinload

from dialogue.access import acting_user
from dialogue.accounts.models import ACCOUNT_MIN_AGE
from dialogue.database import utcnow
from dialogue.events.models import Event
from dialogue.events.queries import event_to_register_for, visible_event_or_404, with_translation_into
from dialogue.events.texts import localised
from dialogue.extensions import db
from dialogue.forms import REFUSED, commit_change, form_status
from dialogue.limits import client_address, limited, limited_writes
from dialogue.page_cache import kept_for_visitors
from dialogue.registrations import bp
from dialogue.registrations.cancellation import cancel
from dialogue.registrations.forms import LinksAgainForm, RegistrationForm
from dialogue.registrations.links_again import send_links_again
from dialogue.registrations.models import Registration, RegistrationStatus
from dialogue.registrations.services import (
    ALREADY_REGISTERED,
    RegistrationError,
    RegistrationResult,
    active_registration_for_email,
    active_registration_for_user,
    register,
    registration_by_token,
    registration_refusal,
    waitlist_position,
)


def _flash_outcome(result: RegistrationResult) -> None:
    """What the registrant is told, from the registration as it was made: the committed change is not read again."""
    if result.status == RegistrationStatus.CONFIRMED:
        flash(_("You are registered. Welcome!"), "success")
        return
    if result.places_left:
        flash(
            ngettext(
                "Only %(num)s place is left, not enough for your group, so you are on the waiting list in place "
                "%(position)s. If places free up you move up automatically.",
                "Only %(num)s places are left, not enough for your group, so you are on the waiting list in place "
                "%(position)s. If places free up you move up automatically.",
                result.places_left,
                position=result.position,
            ),
            "warning",
        )
    else:
        flash(
            _(
                "The event is full, so you are on the waiting list in place %(position)s. "
                "If places free up you move up automatically.",
                position=result.position,
            ),
            "warning",
        )


@bp.get("/events/<int:event_id>")
@kept_for_visitors
def show_event(event_id: int):
    """The event's page: what, when, where, places left, and the way to register."""
    return _event_page(visible_event_or_404(event_id), LinksAgainForm(formdata=None))


@bp.post("/events/<int:event_id>/registration-links")
@limited("RATE_LIMIT_ACCOUNT_EMAIL")
def send_registration_links(event_id: int):
    """The form "Send me my registration links again": the same answer whether or not the address is registered."""
    event = visible_event_or_404(event_id)
    form = LinksAgainForm()
    if not form.validate_on_submit():
        return _event_page(event, form), 422
    send_links_again(event.id, form.email.data)
    db.session.commit()
    flash(
        _(
            "If %(email)s is registered for this event, we have sent it a new link to the registration. Look in "
            "your inbox, and in the spam folder. A link sent before no longer works.",
            email=form.email.data,
        ),
        "info",
    )
    return redirect(url_for("registrations.show_event", event_id=event.id))


def _event_page(event: Event, links_form: LinksAgainForm):
    own_registration = registered_email = None
    if current_user.is_authenticated:
        own_registration = active_registration_for_user(event.id, current_user.id)
        registered_email = own_registration is None and active_registration_for_email(event.id, current_user.email)
    return render_template(
        "registrations/event.html",
        event=event,
        texts=localised(event),
        waitlist_length=event.waitlist_length,
        refusal=registration_refusal(event),
        own_registration=own_registration,
        registered_email=registered_email,
        links_form=links_form,
    )


@bp.route("/events/<int:event_id>/register", methods=["GET", "POST"])
@limited_writes("RATE_LIMIT_REGISTRATION")
def register_for_event(event_id: int):
    event = visible_event_or_404(event_id, event_to_register_for)
    refusal = registration_refusal(event)
    form = RegistrationForm()
    if request.method == "GET":
        form.preferred_language.data = str(get_locale())
        if current_user.is_authenticated:
            form.contact_name.data = current_user.name
            form.email.data = current_user.email
    if refusal is None and form.validate_on_submit():
        result = commit_change(
            form, lambda: register(event.id, form.to_request(), user=acting_user(), client_address=client_address())
        )
        if result is REFUSED:
            refusal = registration_refusal(event)
        else:
            _flash_outcome(result)
            return redirect(url_for("registrations.manage", token=result.manage_token, new=1))
    status = form_status(form)
    return render_template(
        "registrations/register.html",
        event=event,
        form=form,
        refusal=refusal,
        email_taken=str(ALREADY_REGISTERED) in form.email.errors,
        min_age=ACCOUNT_MIN_AGE,
        guest_party_max=current_app.config["GUEST_PARTY_MAX"],
        contact_phone=current_app.config["CONTACT_PHONE"],
    ), status


def _load_by_token(token: str) -> Registration:
    registration = registration_by_token(token)
    if registration is None:
        abort(404)
    return registration


@bp.get("/registrations/<token>")
def manage(token: str):
    registration = _load_by_token(token)
    return render_template(
        "registrations/manage.html",
        registration=registration,
        event=registration.event,
        position=waitlist_position(registration),
        token=token,
        is_new=request.args.get("new") == "1",
    )


@bp.route("/registrations/<token>/cancel", methods=["GET", "POST"])
@limited_writes("RATE_LIMIT_REGISTRATION")
def cancel_by_token(token: str):
    registration = _load_by_token(token)
    back = url_for("registrations.manage", token=token)
    if request.method == "GET":
        return _confirm_cancel_page(registration, back)
    return _cancel_and_redirect(registration, back)


@bp.get("/my/registrations")
@login_required
def my_registrations():
    registrations = db.session.scalars(
        select(Registration)
        .where(Registration.user_id == current_user.id)
        .join(Registration.event)
        .options(
            selectinload(Registration.event).options(selectinload(Event.neighbourhood), with_translation_into()),
            raiseload("*"),
        )
        .order_by(Event.starts_at, Registration.id)
    ).all()
    return render_template("registrations/mine.html", registrations=registrations, now=utcnow())


@bp.route("/my/registrations/<int:registration_id>/cancel", methods=["GET", "POST"])
@login_required
def cancel_mine(registration_id: int):
    registration = db.get_or_404(Registration, registration_id)
    if registration.user_id != current_user.id:
        abort(403)
    back = url_for("registrations.my_registrations")
    if request.method == "GET":
        return _confirm_cancel_page(registration, back)
    return _cancel_and_redirect(registration, back)


def _confirm_cancel_page(registration: Registration, back: str):
    """Cancelling gives the places away at once, so it is asked once more; the page works without JavaScript."""
    if registration.status == RegistrationStatus.CANCELLED:
        flash(_("This registration is already cancelled."), "info")
        return redirect(back)
    return render_template("registrations/cancel.html", registration=registration, event=registration.event, back=back)


def _cancel_and_redirect(registration: Registration, target: str):
    try:
        cancel(registration.id)
    except RegistrationError as error:
        db.session.rollback()
        flash(str(error.message), "error")
    else:
        db.session.commit()
        flash(_("Your registration is cancelled. Thank you for letting us know."), "success")
    return redirect(target)
