"""Command-line tasks, one module per concern; each command commits once, at the end."""

from flask import Flask

from dialogue.cli.demo import seed_cli
from dialogue.cli.notify import notify_cli
from dialogue.cli.outbox import outbox_cli
from dialogue.cli.privacy import privacy_cli
from dialogue.cli.users import users_cli


def register(app: Flask) -> None:
    app.cli.add_command(users_cli)
    app.cli.add_command(seed_cli)
    app.cli.add_command(outbox_cli)
    app.cli.add_command(notify_cli)
    app.cli.add_command(privacy_cli)
