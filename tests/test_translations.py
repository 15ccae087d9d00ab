"""Every text a person reads is translated: the Swedish catalog covers the code and templates, every interface
language's catalog covers the Swedish one, and the pages switch language.

The messages are extracted the way `make extract-messages` does it (babel.cfg, keywords _l and lazy_gettext),
straight from the working tree, so a text added without a Swedish translation fails here, not in front of a resident.
Every language in config LANGUAGES is then checked against the Swedish catalog (dialogue_catalog_problems): each
message translated, as many plural forms as the language has (by Babel's plural rule for it), no placeholder lost or
added, and a catalog that compiles. The English catalog may leave its translations empty: its msgids are English.
"""

import gettext
import re
from collections import Counter
from io import BytesIO
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po, unescape

from config import Config
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


INTERFACE_LANGUAGES = sorted(Config.LANGUAGES)
SOURCE_LANGUAGE = "en"  # the msgids are English: its catalog may leave every translation empty


@pytest.mark.parametrize("language", INTERFACE_LANGUAGES)
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


# Every interface language against the Swedish catalog ----------------------------------------------------------


def _plural_function(expression: str):
    return gettext.c2py(expression)


def _same_plural_rule(expression: str, expected: str) -> bool:
    """Whether two gettext plural expressions choose the same form for every count a page could show."""
    ours, babels = _plural_function(expression), _plural_function(expected)
    return all(ours(n) == babels(n) for n in range(0, 1201))


def _placeholder_problems(entry) -> list[str]:
    """A translation keeps the placeholders of its msgid, in every plural form; a plural form may write its
    count out instead of %(num)s ("ett barn", "طفل واحد"), and only that one."""
    if entry.pluralizable:
        expected = _directives(entry.id[1])
        allowed = [expected, expected - Counter({"%(num)s": 1})]
        forms = entry.string
    else:
        allowed = [_directives(entry.id)]
        forms = (entry.string,)
    problems = []
    for number, form in enumerate(forms):
        if not form:
            continue
        if _directives(form) not in allowed:
            problems.append(f"{_show(entry.id)}, form {number}: placeholders lost or added in {form!r}")
        if "%" in DIRECTIVE.sub("", form):
            problems.append(f"{_show(entry.id)}, form {number}: a lone % in {form!r} breaks the formatting")
    return problems


def _plural_form_counts(po_file: Path) -> dict[str, int]:
    """How many msgstr[n] lines each plural entry of the file has, as written: reading a catalog with Babel pads
    missing forms with empty ones and so would hide a form left out."""
    counts: dict[str, int] = {}
    msgid, in_msgid = None, False
    for line in po_file.read_text(encoding="utf-8").splitlines():
        if line.startswith("msgid "):
            msgid, in_msgid = unescape(line.removeprefix("msgid ")), True
        elif line.startswith('"') and in_msgid:
            msgid += unescape(line)
        else:
            in_msgid = False
            if line.startswith("msgstr[") and msgid:
                counts[msgid] = counts.get(msgid, 0) + 1
    return counts


def catalog_problems(po_file: Path, language: str, source: Catalog) -> list[str]:
    """What is wrong with the catalog `po_file` of `language`, measured against the messages of `source`."""
    with open(po_file, "rb") as po:
        catalog = read_po(po, abort_invalid=True)  # the locale from its own Language header
    problems = []
    if str(catalog.locale) != language:
        problems.append(f"its Language header says {catalog.locale}, not {language}")
    expected_count, expected_rule = get_plural(language)
    if catalog.num_plurals != expected_count or not _same_plural_rule(catalog.plural_expr, expected_rule):
        problems.append(
            f"Plural-Forms is {catalog.plural_forms!r}; Babel's rule for {language} is "
            f"'nplurals={expected_count}; plural={expected_rule};'"
        )
    may_be_empty = language == SOURCE_LANGUAGE
    written_forms = _plural_form_counts(po_file)
    for message in source:
        if not message.id:
            continue
        entry = catalog.get(message.id, context=message.context)
        if entry is None:
            problems.append(f"missing: {_show(message.id)}")
            continue
        forms = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        if entry.fuzzy:
            problems.append(f"fuzzy: {_show(message.id)}")
        if not may_be_empty and not all(form.strip() for form in forms):
            problems.append(f"not translated: {_show(message.id)}")
        written = written_forms.get(message.id[0], 0) if message.pluralizable else 1
        if message.pluralizable and written != catalog.num_plurals:
            problems.append(f"{written} plural forms, not {catalog.num_plurals}: {_show(message.id)}")
            continue  # Babel filled in the missing forms as empty ones
        problems.extend(_placeholder_problems(entry))
    # What `pybabel compile` refuses or warns about, and the compiled file read back as gettext reads it.
    problems.extend(f"{_show(message.id)}: {error}" for message, errors in catalog.check() for error in errors)
    compiled = BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    translations = gettext.GNUTranslations(compiled)
    if translations.info().get("language") != language:
        problems.append("the compiled catalog does not name its language")
    return problems


@pytest.mark.parametrize("language", INTERFACE_LANGUAGES)
def test_every_interface_language_translates_every_message(language, swedish):
    po_file = TRANSLATIONS / language / "LC_MESSAGES" / "messages.po"
    assert po_file.exists(), f"config LANGUAGES offers {language}, which has no catalog at {po_file}"
    problems = catalog_problems(po_file, language, swedish)
    assert not problems, f"the {language} catalog:\n" + "\n".join(problems)


SAME_IN_FINNISH = {"Idea"}  # a word both languages write alike


def test_finnish_is_offered_and_written_in_finnish():
    """Finnish is an official minority language in Malmö: its catalog is complete, and not the English again."""
    assert Config.LANGUAGES["fi"] == "Suomi"
    finnish = _read_catalog("fi")
    copied = [
        message.id
        for message in finnish
        if message.id
        and not message.pluralizable
        and message.string == message.id
        and message.id not in SAME_IN_FINNISH
        and re.search(r"[A-Za-z]{4,}", DIRECTIVE.sub("", message.id))
    ]
    assert not copied, f"Finnish entries that are the English text: {copied}"
    assert finnish.get("Events").string == "Tapahtumat"


# The check itself, on small catalogs written for the purpose: it must find what it is there to find.

SOURCE_PO = """\
msgid ""
msgstr ""
"Language: sv\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

msgid "Events"
msgstr "Aktiviteter"

msgid "Welcome, %(name)s!"
msgstr "Välkommen, %(name)s!"

msgid "%(num)s place left"
msgid_plural "%(num)s places left"
msgstr[0] "%(num)s plats kvar"
msgstr[1] "%(num)s platser kvar"
"""

GOOD_FINNISH = {
    "header": 'msgid ""\nmsgstr ""\n"Language: fi\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n',
    "events": 'msgid "Events"\nmsgstr "Tapahtumat"\n',
    "welcome": 'msgid "Welcome, %(name)s!"\nmsgstr "Tervetuloa, %(name)s!"\n',
    "places": (
        'msgid "%(num)s place left"\nmsgid_plural "%(num)s places left"\n'
        'msgstr[0] "%(num)s paikka jäljellä"\nmsgstr[1] "%(num)s paikkaa jäljellä"\n'
    ),
}


@pytest.fixture
def small_source() -> Catalog:
    return read_po(BytesIO(SOURCE_PO.encode()), abort_invalid=True)


def _problems_of(tmp_path, small_source, language="fi", **changes) -> list[str]:
    entries = {**GOOD_FINNISH, **changes}
    po_file = tmp_path / "messages.po"
    po_file.write_text("\n".join(entry for entry in entries.values() if entry), encoding="utf-8")
    return catalog_problems(po_file, language, small_source)


def test_the_check_passes_a_complete_catalog(tmp_path, small_source):
    assert _problems_of(tmp_path, small_source) == []


def test_the_check_finds_a_missing_translation(tmp_path, small_source):
    assert _problems_of(tmp_path, small_source, events=None) == ["missing: 'Events'"]
    empty = _problems_of(tmp_path, small_source, events='msgid "Events"\nmsgstr ""\n')
    assert empty == ["not translated: 'Events'"]


def test_the_check_finds_a_lost_or_renamed_placeholder(tmp_path, small_source):
    lost = _problems_of(tmp_path, small_source, welcome='msgid "Welcome, %(name)s!"\nmsgstr "Tervetuloa!"\n')
    renamed = _problems_of(
        tmp_path, small_source, welcome='msgid "Welcome, %(name)s!"\nmsgstr "Tervetuloa, %(nimi)s!"\n'
    )
    in_a_plural_form = _problems_of(
        tmp_path,
        small_source,
        places=(
            'msgid "%(num)s place left"\nmsgid_plural "%(num)s places left"\n'
            'msgstr[0] "%(num)s paikka jäljellä"\nmsgstr[1] "%(count)s paikkaa jäljellä"\n'
        ),
    )
    assert any("placeholders lost or added" in problem for problem in lost)
    assert any("placeholders lost or added" in problem for problem in renamed)
    assert any("form 1: placeholders lost or added" in problem for problem in in_a_plural_form)


def test_the_check_finds_a_wrong_number_of_plural_forms(tmp_path, small_source):
    one_form = _problems_of(
        tmp_path,
        small_source,
        places='msgid "%(num)s place left"\nmsgid_plural "%(num)s places left"\nmsgstr[0] "%(num)s paikka jäljellä"\n',
    )
    assert "1 plural forms, not 2: '%(num)s place left'" in one_form


def test_the_check_holds_the_plural_header_to_babels_rule_for_the_language(tmp_path, small_source):
    """An Arabic catalog with the two forms of Swedish would show the wrong words for 0, 2, 3 ... 99."""
    header = 'msgid ""\nmsgstr ""\n"Language: ar\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'
    problems = _problems_of(tmp_path, small_source, language="ar", header=header)
    assert any(problem.startswith("Plural-Forms is 'nplurals=2; plural=(n != 1);'") for problem in problems)
    wrong_language = _problems_of(tmp_path, small_source, language="ar")
    assert "its Language header says fi, not ar" in wrong_language
