"""Every page of the reports × every role: staff get it, residents and developers 403, anonymous users log in."""

import pytest

from dialogue.reports.records import Figure
from tests.reports.conftest import log_in

ROUTES = [
    "/staff/",
    "/staff/indicators",
    "/staff/indicators.csv",
    "/staff/indicators.xlsx",
    *[f"/staff/indicators/{figure.value}" for figure in Figure],
]


@pytest.mark.parametrize("path", ROUTES)
def test_anonymous_users_are_sent_to_log_in(client, world, path):
    response = client.get(path)
    assert response.status_code == 302
    assert "/account/login" in response.headers["Location"]


@pytest.mark.parametrize("path", ROUTES)
@pytest.mark.parametrize("role", ["resident", "developer"])
def test_residents_and_developers_get_403(app, world, path, role):
    assert log_in(app.test_client(), world, role).get(path).status_code == 403


@pytest.mark.parametrize("path", ROUTES)
@pytest.mark.parametrize("role", ["process_leader", "admin"])
def test_staff_get_every_page(app, world, path, role):
    assert log_in(app.test_client(), world, role).get(path).status_code == 200


def test_the_main_menu_links_the_staff_pages_for_staff_only(app, world):
    staff_html = log_in(app.test_client(), world, "process_leader").get("/").get_data(as_text=True)
    assert 'href="/staff/"' in staff_html and 'href="/staff/indicators"' in staff_html
    resident_html = log_in(app.test_client(), world, "resident").get("/").get_data(as_text=True)
    assert 'href="/staff/"' not in resident_html and 'href="/staff/indicators"' not in resident_html
