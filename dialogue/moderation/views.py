from dialogue.moderation import bp  # noqa: F401
