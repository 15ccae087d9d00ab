from dialogue.reports import bp  # noqa: F401
