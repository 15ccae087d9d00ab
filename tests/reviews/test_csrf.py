"""With CSRF protection on, as in production: the answer and developer forms need their token."""

from dialogue.contributions.models import ProposalStatus
from tests.reviews.conftest import answer_url, log_in_as, setup_of, stored
from tests.support import csrf_token_from


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
    token = csrf_token_from(client.get(answer_url(city)))

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

    token = csrf_token_from(client.get(url))
    accepted = client.post(url, data={"organisation": "", "csrf_token": token})
    assert accepted.status_code == 302
    assert setup_of(csrf_app, city.user_ids["developer"])[:2] == (None, set())
