from dialogue.reviews import bp  # noqa: F401
