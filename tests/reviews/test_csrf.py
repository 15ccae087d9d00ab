"""With CSRF protection on, as in production: the answer and developer forms need their token."""
import re

import pytest

from dialogue.contributions.models import ProposalStatus
from dialogue.extensions import db
from tests.conftest import make_app
from tests.reviews.conftest import answer_url, log_in_as, setup_of, stored


@pytest.fixture
def csrf_app(sqlite_url):
    app = make_app(sqlite_url, WTF_CSRF_ENABLED=True)
    yield app
    with app.app_context():
        db.engine.dispose()


def token_in(html: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    assert match, "the form has no CSRF token"
    return match.group(1)


def test_answer_without_or_with_a_forged_token_is_refused(csrf_app, city):
    client = csrf_app.test_client()
    log_in_as(client, city, "developer")

    missing = client.post(answer_url(city), data={"status": "planned", "text": "Yes."})
    forged = client.post(answer_url(city), data={"status": "planned", "text": "Yes.", "csrf_token": "forged"})

    assert missing.status_code == 400 and forged.status_code == 400
    assert stored(csrf_app, city) == (ProposalStatus.NEW, None, [])


def test_answer_with_the_token_from_the_page_is_accepted(csrf_app, city):
    client = csrf_app.test_client()
    log_in_as(client, city, "developer")
    token = token_in(client.get(answer_url(city)).get_data(as_text=True))

    response = client.post(
        answer_url(city), data={"status": "planned", "text": "Yes.", "seen_status": "new", "csrf_token": token}
    )

    assert response.status_code == 302
    assert stored(csrf_app, city)[0] == ProposalStatus.PLANNED


def test_developer_form_needs_its_token(csrf_app, city):
    client = csrf_app.test_client()
    log_in_as(client, city, "admin")
    url = f"/staff/developers/{city.user_ids['developer']}"
    before = setup_of(csrf_app, city.user_ids["developer"])

    refused = client.post(url, data={"organisation": "", "neighbourhoods": []})
    assert refused.status_code == 400
    assert setup_of(csrf_app, city.user_ids["developer"]) == before

    token = token_in(client.get(url).get_data(as_text=True))
    accepted = client.post(url, data={"organisation": "", "csrf_token": token})
    assert accepted.status_code == 302
    assert setup_of(csrf_app, city.user_ids["developer"])[:2] == (None, set())
