from dialogue.organisations import bp  # noqa: F401
