from dialogue.initiatives import bp  # noqa: F401
