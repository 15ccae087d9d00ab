"""Every text a person reads is translated: the Swedish catalog covers the code and templates, and the pages
switch language.

The messages are extracted the way `make extract-messages` does it (babel.cfg, keywords _l and lazy_gettext),
straight from the working tree, so a text added without a Swedish translation fails here, not in front of a resident.
"""

import re
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from dialogue.events.models import EventKind
from dialogue.extensions import db
from tests.factories import make_event

ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "dialogue" / "translations"
KEYWORDS = {
    **DEFAULT_KEYWORDS,
    "_l": None,
    "lazy_gettext": None,
    "lazy_ngettext": (1, 2),
    "lazy_pgettext": ((1, "c"), 2),
}
# A printf directive: %(name)s, %d, %.1f, or a literal %%.
DIRECTIVE = re.compile(r"%(?:\(\w+\))?[#0 +\-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]")
GETTEXT_CALL = re.compile(r"\b(?:_|_l|gettext|lazy_gettext|ngettext)\(")


def _include_directory(path: str) -> bool:
    # Babel's own default skips every directory starting with "_", which would hide templates/_macros.
    name = Path(path).name
    return not name.startswith(".") and name != "__pycache__"


@pytest.fixture(scope="module")
def extracted():
    """(catalog of the texts in the code and templates, the files they were read from)."""
    with open(ROOT / "babel.cfg") as mapping:
        method_map, options_map = parse_mapping_cfg(mapping, filename="babel.cfg")
    catalog = Catalog()
    scanned = set()
    for filename, lineno, message, _comments, context in extract_from_dir(
        ROOT, method_map, options_map, keywords=KEYWORDS, directory_filter=_include_directory
    ):
        scanned.add(Path(filename).as_posix())
        catalog.add(message, locations=[(filename, lineno)], context=context)
    return catalog, scanned


def _read_catalog(language: str) -> Catalog:
    with open(TRANSLATIONS / language / "LC_MESSAGES" / "messages.po", "rb") as po:
        return read_po(po, locale=language, abort_invalid=True)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_catalog_reads_without_a_fault(language):
    """An entry without its msgstr, or a msgid twice, is a fault that `pybabel compile` only warns about."""
    catalog = _read_catalog(language)  # raises on a malformed entry
    assert len(catalog) > 1000


@pytest.fixture(scope="module")
def swedish() -> Catalog:
    return _read_catalog("sv")


def _where(message) -> str:
    return ", ".join(f"{path}:{line}" for path, line in message.locations)


def _show(msgid) -> str:
    return repr(msgid[0] if isinstance(msgid, tuple) else msgid)


def test_every_file_with_texts_is_extracted(extracted):
    _, scanned = extracted
    with_texts = {
        path.relative_to(ROOT).as_posix()
        for pattern in ("templates/**/*.html", "dialogue/**/*.py")
        for path in ROOT.glob(pattern)
        if GETTEXT_CALL.search(path.read_text(encoding="utf-8"))
    }
    assert with_texts, "found no file that calls gettext: is the test looking in the right place?"
    assert not with_texts - scanned, f"files whose texts are not extracted: {sorted(with_texts - scanned)}"


def test_swedish_catalog_translates_every_text(extracted, swedish):
    catalog, _ = extracted
    assert len(catalog) > 50, "too few texts extracted; the extraction itself is broken"
    problems = []
    for message in catalog:
        if not message.id:
            continue
        entry = swedish.get(message.id, context=message.context)
        if entry is None:
            problems.append(f"missing: {_show(message.id)} ({_where(message)})")
            continue
        forms = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        if entry.fuzzy:
            problems.append(f"fuzzy: {_show(message.id)}")
        if not all(form.strip() for form in forms):
            problems.append(f"empty: {_show(message.id)}")
        if message.pluralizable and len(forms) != swedish.num_plurals:
            problems.append(f"needs {swedish.num_plurals} plural forms: {_show(message.id)}")
    assert not problems, (
        "Swedish catalog is incomplete; run `make update-catalogs` and translate in "
        "dialogue/translations/sv/LC_MESSAGES/messages.po:\n" + "\n".join(problems)
    )


def _directives(text: str) -> Counter:
    return Counter(DIRECTIVE.findall(text))


def test_swedish_texts_keep_the_placeholders_of_the_english(swedish):
    problems = []
    for entry in swedish:
        if not entry.id or not entry.string:
            continue
        if entry.pluralizable:
            singular, plural = entry.id
            forms = entry.string
            # A language may write the number out for one ("ett barn"), so only the count may be left out.
            allowed = [_directives(plural), _directives(plural) - Counter({"%(num)s": 1})]
            expected_for_form = [allowed] * len(forms)
        else:
            forms = (entry.string,)
            expected_for_form = [[_directives(entry.id)]]
        for form, allowed_directives in zip(forms, expected_for_form, strict=False):
            if not form:
                continue
            if _directives(form) not in allowed_directives:
                problems.append(f"{_show(entry.id)} -> {form!r}: placeholders differ")
            if "%" in DIRECTIVE.sub("", form):
                problems.append(f"{_show(entry.id)} -> {form!r}: a lone % breaks the formatting; write 'procent'")
    assert not problems, "\n".join(problems)


def test_placeholder_check_catches_a_renamed_placeholder():
    assert _directives("Välkommen, %(namn)s!") != _directives("Welcome, %(name)s!")
    assert _directives("%(num)s plats kvar") == _directives("%(num)s place left")


def test_pages_are_in_swedish_by_default(client, app):
    with app.app_context():
        make_event(title="Parken i Amiralsstaden", kind=EventKind.CITIZEN_DIALOGUE)
        db.session.commit()

    missing = client.get("/no-such-page")
    assert missing.status_code == 404
    page = missing.get_data(as_text=True)
    assert '<html lang="sv"' in page
    assert "<h1>Sidan kunde inte hittas</h1>" in page
    assert "Felkod 404" in page

    events = client.get("/events/").get_data(as_text=True)
    assert "<h1>Aktiviteter</h1>" in events
    assert "1 aktivitet hittades" in events
    assert "Medborgardialog" in events  # a lazily translated label, resolved in the request's language
    assert "Page not found" not in page and "Events</h1>" not in events


def test_choosing_english_switches_the_pages_and_is_remembered(client, app):
    with app.app_context():
        make_event(title="Parken i Amiralsstaden", kind=EventKind.CITIZEN_DIALOGUE)
        db.session.commit()

    switched = client.post("/language", data={"language": "en", "next": "/events/"}, follow_redirects=True)
    assert switched.status_code == 200
    events = switched.get_data(as_text=True)
    assert '<html lang="en"' in events
    assert "<h1>Events</h1>" in events
    assert "1 event found" in events
    assert "Citizen dialogue" in events

    missing = client.get("/no-such-page").get_data(as_text=True)
    assert '<html lang="en"' in missing
    assert "<h1>Page not found</h1>" in missing
    assert "Sidan kunde inte hittas" not in missing

    client.post("/language", data={"language": "sv", "next": "/"})
    assert "<h1>Aktiviteter</h1>" in client.get("/events/").get_data(as_text=True)
