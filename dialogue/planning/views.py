from dialogue.planning import bp  # noqa: F401
