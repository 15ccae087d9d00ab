"""An event's texts in several languages: the language its own texts are written in, and translations of its title,
description and accessibility information into the other interface languages, one per language.

Which text a reader is shown is decided in dialogue.events.texts; these are the changes staff make. Each holds the
event's row lock (registrations.services.lock_event), so two people saving the same translation at once take turns
instead of colliding in the unique key, and each is in the audit log with the language it concerns. Services take
the acting user, add and flush; the view commits.
"""

from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from dialogue.accounts.models import User
from dialogue.audit.log import record
from dialogue.audit.models import AuditAction
from dialogue.database import utcnow
from dialogue.events.models import (
    ACCESSIBILITY_INFO_MAX_LENGTH,
    DESCRIPTION_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Event,
    EventTranslation,
)
from dialogue.extensions import db
from dialogue.permissions import is_staff
from dialogue.planning.services import PlanningError
from dialogue.refusals import Forbidden
from dialogue.registrations.services import lock_event

_TEXT_LIMITS = (
    ("title", TITLE_MAX_LENGTH),
    ("description", DESCRIPTION_MAX_LENGTH),
    ("accessibility_info", ACCESSIBILITY_INFO_MAX_LENGTH),
)


@dataclass
class TranslatedTexts:
    """What staff write in another language. The description and the accessibility information may stay empty:
    readers then get the original's, with its language named."""

    title: str
    description: str = ""
    accessibility_info: str = ""


def interface_languages() -> list[str]:
    """The languages the site is offered in (config LANGUAGES): the only ones a reader can be shown."""
    return list(current_app.config["LANGUAGES"])


def languages_to_translate_into(event: Event) -> list[str]:
    return [language for language in interface_languages() if language != event.original_language]


def _check_may_manage(user: User | None) -> None:
    if not is_staff(user):
        raise Forbidden(_l("Only process leaders and administrators manage events."))


def _locked_event(event_id: int) -> Event:
    event = lock_event(event_id)
    if event is None:
        raise PlanningError(_l("This event does not exist."))
    return event


def _check_language(event: Event, language: str) -> None:
    if language not in interface_languages():
        raise PlanningError(_l("Choose one of the site's languages."), field="language")
    if language == event.original_language:
        raise PlanningError(
            _l("The event is written in this language: change its texts on the event's own form."), field="language"
        )


def _checked(texts: TranslatedTexts) -> TranslatedTexts:
    checked = TranslatedTexts(**{name: (getattr(texts, name) or "").strip() for name, _ in _TEXT_LIMITS})
    if not checked.title:
        raise PlanningError(_l("Write a title."), field="title")
    for name, maximum in _TEXT_LIMITS:
        if len(getattr(checked, name)) > maximum:
            raise PlanningError(_l("At most %(max)d characters.", max=maximum), field=name)
    return checked


def _translation(event_id: int, language: str) -> EventTranslation | None:
    """Read under the event's lock, so what another request committed a moment ago is seen."""
    return db.session.scalars(
        select(EventTranslation)
        .where(EventTranslation.event_id == event_id, EventTranslation.language == language)
        .execution_options(populate_existing=True)
    ).one_or_none()


def save_translation(
    event_id: int, language: str, texts: TranslatedTexts, editor: User, now: datetime | None = None
) -> EventTranslation:
    """Add the event's translation into `language`, or change it."""
    _check_may_manage(editor)
    texts = _checked(texts)
    now = now or utcnow()
    event = _locked_event(event_id)
    _check_language(event, language)
    translation = _translation(event.id, language)
    if translation is None:
        translation = EventTranslation(event_id=event.id, language=language, created_at=now)
        db.session.add(translation)
    translation.title = texts.title
    translation.description = texts.description
    translation.accessibility_info = texts.accessibility_info
    translation.updated_at = now
    event.updated_at = now  # what calendars show of the event changed (LAST-MODIFIED)
    db.session.flush()
    record(AuditAction.EVENT_TRANSLATION_SAVED, event, actor=editor, now=now, detail=language)
    return translation


def remove_translation(event_id: int, language: str, editor: User, now: datetime | None = None) -> None:
    """Readers of `language` are shown the original again."""
    _check_may_manage(editor)
    now = now or utcnow()
    event = _locked_event(event_id)
    translation = _translation(event.id, language)
    if translation is None:
        raise PlanningError(_l("There is no translation into this language."))
    db.session.delete(translation)
    event.updated_at = now
    db.session.flush()
    record(AuditAction.EVENT_TRANSLATION_REMOVED, event, actor=editor, now=now, detail=language)


def set_original_language(event_id: int, language: str, editor: User, now: datetime | None = None) -> Event:
    """Say which language the event's own texts are written in. A language the event is already translated into is
    refused: the translation would then hide nothing and say the opposite of the original."""
    _check_may_manage(editor)
    now = now or utcnow()
    event = _locked_event(event_id)
    if language not in interface_languages():
        raise PlanningError(_l("Choose one of the site's languages."), field="language")
    if language == event.original_language:
        return event
    if _translation(event.id, language) is not None:
        raise PlanningError(
            _l("There is already a translation into this language. Remove it first, or choose another language."),
            field="language",
        )
    before = event.original_language
    event.original_language = language
    db.session.flush()
    record(AuditAction.EVENT_TEXT_LANGUAGE_SET, event, actor=editor, now=now, detail=f"{before} → {language}")
    return event
