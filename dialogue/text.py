"""Text that people send: the control characters no keyboard types.

NUL and the other C0 and C1 control characters (tab and line breaks apart) never come from a person typing: they
come from a script or a broken copy. PostgreSQL refuses NUL in text, so one in a search or a form would fail the
request; the others would hide in names and titles where nobody can see them. Forms refuse them with a message
(dialogue.forms), paths with a 404 (dialogue.routing), and searches leave them out.
"""

import re

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Every control character, tab and line breaks too, inside a character class: a part of a URL holds none.
ALL_CONTROL_CHARACTER_RANGES = r"\x00-\x1f\x7f-\x9f"


def has_control_characters(text: str) -> bool:
    return CONTROL_CHARACTERS.search(text) is not None


def without_control_characters(text: str) -> str:
    return CONTROL_CHARACTERS.sub("", text)
