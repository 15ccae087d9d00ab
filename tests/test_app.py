import pytest

from dialogue import create_app


def test_production_refuses_to_start_without_its_settings():
    with pytest.raises(RuntimeError, match="SECRET_KEY, DATABASE_URL, PUBLIC_URL, RATELIMIT_STORAGE_URI"):
        create_app(
            "production",
            {"SECRET_KEY": None, "SQLALCHEMY_DATABASE_URI": None, "PUBLIC_URL": None, "RATELIMIT_STORAGE_URI": None},
        )


def test_production_starts_with_its_settings_and_secure_cookies():
    app = create_app(
        "production",
        {
            "SECRET_KEY": "x" * 32,
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
            "PUBLIC_URL": "https://dialog.example.se",
            "RATELIMIT_STORAGE_URI": "memory://",
        },
    )
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_unknown_page_is_a_translated_404(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "<h1>Sidan kunde inte hittas</h1>" in response.get_data(as_text=True)
