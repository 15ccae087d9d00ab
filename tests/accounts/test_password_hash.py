"""Passwords are hashed with scrypt wherever people log in; only the tests use a cheap hash, to stay fast."""

import pytest
from werkzeug.security import generate_password_hash

from dialogue import create_app
from dialogue.accounts.models import User

REAL_CONFIGS = {
    "production": {
        "SECRET_KEY": "production-like",
        "SQLALCHEMY_DATABASE_URI": "sqlite://",
        "PUBLIC_URL": "https://dialog.example.se",
        "RATELIMIT_STORAGE_URI": "memory://",
    },
    "development": {"SECRET_KEY": "development-like", "SQLALCHEMY_DATABASE_URI": "sqlite://"},
}


def hash_made_by(app, password: str = "correct horse battery") -> str:
    with app.app_context():
        user = User()
        user.set_password(password)
        assert user.check_password(password)
        assert not user.check_password("another password")
        return user.password_hash


@pytest.mark.parametrize("config_name", sorted(REAL_CONFIGS))
def test_production_and_development_hash_with_scrypt(config_name):
    app = create_app(config_name, REAL_CONFIGS[config_name])

    assert app.config["PASSWORD_HASH_METHOD"] == "scrypt"
    assert hash_made_by(app).startswith("scrypt:")


def test_the_tests_hash_cheaply(app):
    assert hash_made_by(app).startswith("pbkdf2:sha256:1$")


def test_a_password_hashed_with_scrypt_still_logs_in_under_another_method(app):
    with app.app_context():
        user = User(password_hash=generate_password_hash("correct horse battery", method="scrypt"))

        assert user.check_password("correct horse battery")
        assert not user.check_password("another password")
