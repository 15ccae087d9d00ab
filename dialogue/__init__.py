"""Dialogue: participatory dialogue events for a city's urban development."""

import importlib
import os
import pkgutil
import secrets
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask

PACKAGE_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = PACKAGE_DIR.parent / "templates"


def create_app(config_name: str | None = None, overrides: dict | None = None) -> Flask:
    from config import CONFIGS

    app = Flask(__name__, template_folder=str(TEMPLATES_DIR), instance_relative_config=True)
    config_name = config_name or os.environ.get("DIALOGUE_ENV", "development")
    app.config.from_object(CONFIGS[config_name])
    if overrides:
        app.config.update(overrides)
    _check_required_settings(app)
    _ensure_secret_key(app)
    _trust_only_the_public_host(app)

    register_extensions(app)
    register_transaction_hooks(app)
    register_page_cache(app)
    register_blueprints(app)
    register_logging(app)
    register_error_handlers(app)
    register_security_headers(app)
    register_cli(app)
    register_template_helpers(app)
    return app


def _check_required_settings(app: Flask) -> None:
    missing = [name for name in app.config["REQUIRED_SETTINGS"] if not app.config.get(name)]
    if missing:
        env_names = {"SQLALCHEMY_DATABASE_URI": "DATABASE_URL"}
        names = ", ".join(env_names.get(name, name) for name in missing)
        raise RuntimeError(f"Dialogue cannot start: set {names} in the environment.")


def _trust_only_the_public_host(app: Flask) -> None:
    """Flask answers 400 to a request whose Host header names none of TRUSTED_HOSTS; by default PUBLIC_URL's."""
    if app.config["TRUST_ONLY_PUBLIC_HOST"] and not app.config.get("TRUSTED_HOSTS"):
        app.config["TRUSTED_HOSTS"] = [urlsplit(app.config["PUBLIC_URL"]).hostname]


def _ensure_secret_key(app: Flask) -> None:
    if app.config.get("SECRET_KEY"):
        return
    if not app.config.get("GENERATE_SECRET_KEY"):
        raise RuntimeError("Dialogue cannot start: set SECRET_KEY in the environment.")
    key_file = Path(app.instance_path) / "secret_key"
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    app.config["SECRET_KEY"] = key_file.read_text().strip()


def register_extensions(app: Flask) -> None:
    from werkzeug.middleware.proxy_fix import ProxyFix

    from dialogue import models  # noqa: F401  (every table is known before migrations run)
    from dialogue.extensions import babel, csrf, db, login_manager
    from dialogue.i18n import register as register_languages
    from dialogue.i18n import select_locale
    from dialogue.limits import limiter

    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///"):
        Path(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    db.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    register_languages(app)
    login_manager.init_app(app)
    limiter.init_app(app)
    if app.config["TRUSTED_PROXY_COUNT"]:
        hops = app.config["TRUSTED_PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)
    login_manager.login_view = "accounts.login"
    login_manager.login_message_category = "info"

    from flask_babel import lazy_gettext

    login_manager.login_message = lazy_gettext("Please log in to see this page.")

    from dialogue.accounts.sessions import load_user

    login_manager.user_loader(load_user)


def register_transaction_hooks(app: Flask) -> None:
    """Requests that may write take SQLite's write lock when their transaction begins (see dialogue.database)."""
    from flask import g, request

    from dialogue.database import release_write_wish, want_write_lock

    @app.before_request
    def mark_writing_request():
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            g.write_wish = want_write_lock()

    @app.teardown_request
    def unmark_writing_request(error=None):
        token = g.pop("write_wish", None)
        if token is not None:
            release_write_wish(token)


BLUEPRINT_PACKAGES = (
    "main",
    "events",
    "registrations",
    "accounts",
    "contributions",
    "moderation",
    "reviews",
    "planning",
    "attendance",
    "organisation_register",
    "initiatives",
    "reports",
    "calendars",
    "audit",
    "privacy",
)


def register_page_cache(app: Flask) -> None:
    """Visitors' public pages served again until the next write (dialogue.page_cache); after the extensions, as
    its csrf_token() for templates replaces Flask-WTF's."""
    from dialogue.page_cache import register

    register(app)


def register_blueprints(app: Flask) -> None:
    from dialogue.routing import DatabaseIdConverter, TextConverter

    # Before any rule is added: every <int:...> in a URL must fit a database id, and every <slug> or <token> be
    # free of control characters, or it is a 404, not a 500.
    app.url_map.converters["int"] = DatabaseIdConverter
    app.url_map.converters["default"] = app.url_map.converters["string"] = TextConverter
    for name in BLUEPRINT_PACKAGES:
        package = importlib.import_module(f"dialogue.{name}")
        # Every module named views or *_views attaches its routes to the blueprint; nothing else imports them.
        for module in pkgutil.iter_modules(package.__path__):
            if module.name == "views" or module.name.endswith("_views"):
                importlib.import_module(f"{package.__name__}.{module.name}")
        app.register_blueprint(package.bp)


def register_logging(app: Flask) -> None:
    """Lines to stderr with the request id, and no token of a URL in them: after the blueprints, whose routes
    say which parts of a path are tokens."""
    from dialogue.logs import register

    register(app)


def register_error_handlers(app: Flask) -> None:
    from dialogue.errors import register

    register(app)


def register_security_headers(app: Flask) -> None:
    from dialogue.security import register

    register(app)


def register_cli(app: Flask) -> None:
    from dialogue.cli import register

    register(app)


def register_template_helpers(app: Flask) -> None:
    from dialogue.templating import register

    register(app)
