"""With CSRF protection on (as in production), forms without their token are refused with the error page."""

import pytest
from sqlalchemy import func, select

from dialogue.accounts.models import User
from dialogue.extensions import db
from tests.factories import PASSWORD, make_user
from tests.support import arrange, csrf_token_from


@pytest.fixture
def csrf_client(csrf_app):
    with arrange(csrf_app):
        make_user(email="amira@example.se")
    return csrf_app.test_client()


def in_english(client) -> None:
    # The language switcher itself needs a token, so the choice is put straight into the session here.
    with client.session_transaction() as session:
        session["language"] = "en"


def logged_in(client) -> bool:
    with client.session_transaction() as session:
        return "_user_id" in session


def test_login_without_token_is_refused_with_the_templated_400_page(csrf_client):
    in_english(csrf_client)

    response = csrf_client.post("/account/login", data={"email": "amira@example.se", "password": PASSWORD})

    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "The form could not be sent" in page
    assert "Error code 400" in page
    assert 'class="site-header"' in page  # the whole site layout, not a bare error text
    assert not logged_in(csrf_client)


def test_login_with_a_forged_token_is_refused(csrf_client):
    response = csrf_client.post(
        "/account/login", data={"email": "amira@example.se", "password": PASSWORD, "csrf_token": "forged"}
    )

    assert response.status_code == 400
    assert not logged_in(csrf_client)


def test_login_with_the_token_from_the_form_works(csrf_client):
    token = csrf_token_from(csrf_client.get("/account/login"))

    response = csrf_client.post(
        "/account/login", data={"email": "amira@example.se", "password": PASSWORD, "csrf_token": token}
    )

    assert response.status_code == 302
    assert logged_in(csrf_client)


def test_signup_without_token_writes_nothing(csrf_app, csrf_client):
    response = csrf_client.post(
        "/account/signup",
        data={
            "name": "New",
            "email": "new@example.se",
            "password": PASSWORD,
            "password_again": PASSWORD,
            "preferred_language": "sv",
            "old_enough": "y",
        },
    )

    assert response.status_code == 400
    with csrf_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 1


def test_logout_without_token_keeps_the_person_logged_in(csrf_client):
    token = csrf_token_from(csrf_client.get("/account/login"))
    csrf_client.post("/account/login", data={"email": "amira@example.se", "password": PASSWORD, "csrf_token": token})

    assert csrf_client.post("/account/logout").status_code == 400
    assert logged_in(csrf_client)

    token = csrf_token_from(csrf_client.get("/"))
    assert csrf_client.post("/account/logout", data={"csrf_token": token}).status_code == 302
    assert not logged_in(csrf_client)


def test_language_switcher_works_with_its_token_and_not_without(csrf_client):
    assert csrf_client.post("/language", data={"language": "en"}).status_code == 400
    assert 'lang="sv"' in csrf_client.get("/").get_data(as_text=True)

    token = csrf_token_from(csrf_client.get("/events/"))
    response = csrf_client.post("/language", data={"language": "en", "next": "/events/", "csrf_token": token})

    assert response.status_code == 302
    assert response.headers["Location"] == "/events/"
    assert 'lang="en"' in csrf_client.get("/events/").get_data(as_text=True)
