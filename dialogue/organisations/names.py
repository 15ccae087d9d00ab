"""Names in a register (organisations, initiatives) are unique but for letter case and spacing."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from dialogue.extensions import db


def tidy_name(name: str) -> str:
    """One space between words and none around them, so that "MKB  Fastighets AB " is found as a duplicate."""
    return " ".join((name or "").split())


def name_in_use(model, name: str, except_id: int | None = None) -> str | None:
    """The name another row of `model` already has when it equals `name` but for letter case, or None.

    SQLite's lower() folds ASCII letters only (not Å, Ä, Ö), so the comparison is made here, among the few
    names of the same length.
    """
    query = select(model.id, model.name).where(func.length(model.name) == len(name))
    if except_id is not None:
        query = query.where(model.id != except_id)
    wanted = name.casefold()
    return next((existing for _, existing in db.session.execute(query) if existing.casefold() == wanted), None)


def checked_name(model, raw: str, except_id: int | None, refusal, missing, taken) -> str:
    """The tidied name for a row of `model`, or `refusal` (a Refusal class) on the form's name field: `missing`
    when it is empty, the column's limit when it is too long, `taken(other_name)` when another row has it."""
    name = tidy_name(raw)
    if not name:
        raise refusal(missing, field="name")
    max_length = model.__table__.c.name.type.length
    if len(name) > max_length:
        raise refusal(_l("At most %(max)d characters.", max=max_length), field="name")
    existing = name_in_use(model, name, except_id=except_id)
    if existing:
        raise refusal(taken(existing), field="name")
    return name
