"""What each enum value is called on a page, translated.

Each domain registers the words for its enums in its own labels.py (dialogue.models imports them all). They are
grouped by enum class: members of str enums are equal to their values, so EventKind.OTHER and another enum's
"other" would be one key in a flat dict.
"""

LABELS: dict[type, dict] = {}


def register(labels_by_enum: dict[type, dict]) -> None:
    LABELS.update(labels_by_enum)


def label(value) -> str:
    return str(LABELS[type(value)][value])


def choices(enum_class) -> list[tuple[str, str]]:
    return [(member.value, label(member)) for member in enum_class]
