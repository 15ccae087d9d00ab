from dialogue.attendance import bp  # noqa: F401
