"""An event's languages, for process leaders and administrators: which language its texts are written in, and its
translations into the site's other languages, a form per language. Anonymous users are sent to log in, other
roles get 403; an unknown event, or a language the site does not offer, is a 404."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from dialogue.access import acting_user, staff_only
from dialogue.events.models import Event
from dialogue.events.texts import translation_into
from dialogue.extensions import db
from dialogue.forms import REFUSED, commit_change, form_status
from dialogue.i18n import language_name
from dialogue.planning import bp
from dialogue.planning.queries import event_for_planning
from dialogue.planning.services import PlanningError
from dialogue.planning.translation_forms import TextLanguageForm, TranslationForm
from dialogue.planning.translations import (
    interface_languages,
    languages_to_translate_into,
    remove_translation,
    save_translation,
    set_original_language,
)


def _load_event(event_id: int) -> Event:
    event = event_for_planning(event_id)
    if event is None:
        abort(404)
    return event


def _named(code: str) -> str:
    """'Arabiska', 'Arabic': a language as an item of a list, in the reader's language."""
    name = language_name(code)
    return name[:1].upper() + name[1:]


def _text_language_form(event: Event | None = None) -> TextLanguageForm:
    form = TextLanguageForm(languages=[(code, _named(code)) for code in interface_languages()])
    if event is not None:
        form.language.data = event.original_language
    return form


def _languages_page(event: Event, form: TextLanguageForm, status: int = 200):
    rows = [(code, _named(code), translation_into(event, code)) for code in languages_to_translate_into(event)]
    return render_template("planning/translations.html", event=event, form=form, rows=rows), status


@bp.get("/<int:event_id>/translations")
@staff_only
def translations(event_id: int):
    event = _load_event(event_id)
    return _languages_page(event, _text_language_form(event))


@bp.post("/<int:event_id>/translations/written-in")
@staff_only
def text_language(event_id: int):
    event = _load_event(event_id)
    form = _text_language_form()
    if form.validate_on_submit() and (
        commit_change(form, lambda: set_original_language(event.id, form.language.data, editor=acting_user()))
        is not REFUSED
    ):
        flash(_("The language of the event's texts is saved."), "success")
        return redirect(url_for("planning.translations", event_id=event_id))
    return _languages_page(_load_event(event_id), form, form_status(form))


def _translatable(event: Event, language: str) -> str:
    """The language named in the URL, when the event can be translated into it; otherwise the page is a 404."""
    if language not in languages_to_translate_into(event):
        abort(404)
    return language


@bp.route("/<int:event_id>/translations/<language>", methods=["GET", "POST"])
@staff_only
def translation(event_id: int, language: str):
    event = _load_event(event_id)
    language = _translatable(event, language)
    existing = translation_into(event, language)
    form = TranslationForm()
    if request.method == "GET" and existing is not None:
        form.fill_from(existing)
    if form.validate_on_submit():
        saved = commit_change(form, lambda: save_translation(event.id, language, form.to_texts(), editor=acting_user()))
        if saved is not REFUSED:
            flash(
                _(
                    "The translation into %(language)s is saved. Readers of %(language)s see it now.",
                    language=language_name(language),
                ),
                "success",
            )
            return redirect(url_for("planning.translations", event_id=event_id))
    status = form_status(form)
    if status == 422:
        event = _load_event(event_id)  # the rolled-back session expired what the page shows
        existing = translation_into(event, language)
    return render_template(
        "planning/translation.html",
        event=event,
        form=form,
        language=language,
        language_named=_named(language),
        existing=existing,
    ), status


@bp.post("/<int:event_id>/translations/<language>/remove")
@staff_only
def remove(event_id: int, language: str):
    event = _load_event(event_id)
    language = _translatable(event, language)
    try:
        remove_translation(event.id, language, editor=acting_user())
    except PlanningError as error:  # already removed, by a second click or someone else
        db.session.rollback()
        flash(str(error.message), "error")
    else:
        db.session.commit()
        flash(
            _(
                "The translation into %(language)s is removed. Its readers see the original again.",
                language=language_name(language),
            ),
            "success",
        )
    return redirect(url_for("planning.translations", event_id=event_id))
