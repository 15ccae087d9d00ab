"""Command-line tasks, one module per concern; each command commits once, at the end.

A command's module is imported when the command line asks for the command (`flask outbox send`, or `flask --help`,
which lists them all), not when the app is created: a web worker runs no command, and `flask db` alone brings
Flask-Migrate and Alembic, some 11 MB that every worker would otherwise hold.
"""

import importlib

import click
from flask import Flask
from flask.cli import AppGroup

# A command's name: where it is, as "module:attribute". The attribute is a Click command, or a function that takes
# the app and returns one.
COMMANDS = {
    "db": "dialogue.cli.migrations:migration_commands",
    "notify": "dialogue.cli.notify:notify_cli",
    "outbox": "dialogue.cli.outbox:outbox_cli",
    "privacy": "dialogue.cli.privacy:privacy_cli",
    "seed": "dialogue.cli.demo:seed_cli",
    "users": "dialogue.cli.users:users_cli",
}


class DialogueCommands(AppGroup):
    """The app's command group (`app.cli`), which imports a command the first time it is looked up."""

    def __init__(self, app: Flask) -> None:
        super().__init__(app.name)
        self.app = app

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in COMMANDS and name not in self.commands:
            module_name, attribute = COMMANDS[name].split(":")
            found = getattr(importlib.import_module(module_name), attribute)
            self.add_command(found if isinstance(found, click.Command) else found(self.app), name)
        return super().get_command(ctx, name)


def register(app: Flask) -> None:
    commands = DialogueCommands(app)
    commands.commands.update(app.cli.commands)  # any that an extension or a blueprint added
    app.cli = commands
