from dialogue.contributions import bp  # noqa: F401
