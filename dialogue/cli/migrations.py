"""`flask db upgrade | downgrade | check | ...`: Flask-Migrate's commands on the migrations in `migrations/`.

Flask-Migrate is attached to the app here, when the command line first asks for `flask db`, rather than in
create_app(): migrations/env.py finds the database through it (`app.extensions["migrate"]`), and nothing else does.
"""

from pathlib import Path

import click
from flask import Flask
from flask_migrate import Migrate

from dialogue.extensions import db

migrate = Migrate(render_as_batch=True, compare_type=True)


def migration_commands(app: Flask) -> click.Command:
    migrate.init_app(app, db, directory=str(Path(app.root_path).parent / "migrations"))
    return app.cli.commands[migrate.command]
