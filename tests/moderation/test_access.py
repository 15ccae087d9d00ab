"""Every staff route × every role: staff get the page, everyone else 403, anonymous users are sent to log in."""

import pytest
from sqlalchemy import select

from dialogue.contributions.models import Contribution
from dialogue.extensions import db
from dialogue.permissions import Role
from tests.factories import login
from tests.moderation.helpers import DEVELOPER_INSIDE, World, build_world, contribution_count
from tests.support import look

ROUTES = [
    ("GET", "/staff/"),
    ("GET", "/staff/events/{event_id}/log-input"),
    ("POST", "/staff/events/{event_id}/log-input"),
    ("GET", "/staff/contributions/{proposal_id}/edit"),
    ("POST", "/staff/contributions/{proposal_id}/edit"),
    ("GET", "/staff/proposals/{proposal_id}/merge"),
    ("POST", "/staff/proposals/{proposal_id}/merge"),
    ("GET", "/staff/contributions/{proposal_id}/moderate"),
    ("POST", "/staff/contributions/{proposal_id}/moderate"),
    ("GET", "/staff/reports"),
    ("GET", "/staff/neighbourhoods/{slug}/contributions"),
    ("GET", "/staff/neighbourhoods/{slug}/contributions.csv"),
]


# What a forbidden user sends: a complete, valid submission, so that only the access check can stop it.
def _post_data(path: str, world: World) -> dict:
    if path.endswith("/log-input"):
        return {
            "rows-0-kind": "proposal",
            "rows-0-theme": "safety",
            "rows-0-title": "Lights",
            "rows-0-body": "More lights",
            "rows-0-channel": "said_at_event",
            "rows-0-people_count": "3",
        }
    if path.endswith("/edit"):
        return {"title": "Changed", "body": "Changed", "theme": "safety", "channel": "online", "people_count": "1"}
    if path.endswith("/merge"):
        return {"target_id": str(world.other_proposal_id)}
    return {"action": "hide", "reason": "Spam"}


def _request(client, method: str, template: str, world: World):
    path = template.format(event_id=world.event_id, proposal_id=world.proposal_id, slug=world.slug)
    if method == "GET":
        return client.get(path)
    return client.post(path, data=_post_data(path, world))


@pytest.mark.parametrize(("method", "template"), ROUTES)
def test_anonymous_users_are_sent_to_log_in(app, client, method, template):
    world = build_world(app, roles=())
    response = _request(client, method, template, world)
    assert response.status_code == 302
    assert "/account/login" in response.headers["Location"]


@pytest.mark.parametrize(("method", "template"), ROUTES)
@pytest.mark.parametrize("who", [Role.RESIDENT, Role.DEVELOPER, DEVELOPER_INSIDE])
def test_residents_and_developers_get_403_and_change_nothing(app, client, method, template, who):
    world = build_world(app, roles=(who,))
    assert login(client, world.emails[who]).status_code == 302
    response = _request(client, method, template, world)
    assert response.status_code == 403
    with look(app):
        assert contribution_count() == 3
        proposal = db.session.get(Contribution, world.proposal_id)
        assert proposal.title == "A bench by the pond"
        assert proposal.hidden_at is None and proposal.merged_into_id is None


@pytest.mark.parametrize(("method", "template"), [route for route in ROUTES if route[0] == "GET"])
@pytest.mark.parametrize("role", [Role.PROCESS_LEADER, Role.ADMIN])
def test_staff_get_every_page(app, client, method, template, role):
    world = build_world(app, roles=(role,))
    assert login(client, world.emails[role]).status_code == 302
    response = _request(client, method, template, world)
    assert response.status_code == 200


@pytest.mark.parametrize("role", [Role.PROCESS_LEADER, Role.ADMIN])
def test_staff_can_post_to_every_form(app, client, role):
    world = build_world(app, roles=(role,))
    assert login(client, world.emails[role]).status_code == 302
    expected = {"/log-input": 302, "/edit": 302, "/merge": 302, "/moderate": 302}
    for method, template in ROUTES:
        if method != "POST":
            continue
        response = _request(client, method, template, world)
        suffix = next(key for key in expected if template.endswith(key))
        assert response.status_code == expected[suffix], (template, response.status_code)
    with look(app):
        assert contribution_count() == 4
        proposal = db.session.get(Contribution, world.proposal_id)
        assert proposal.title == "Changed"
        assert proposal.merged_into_id == world.other_proposal_id
        assert proposal.hidden_at is not None
        logged = db.session.scalars(select(Contribution).where(Contribution.title == "Lights")).one()
        assert logged.event_id == world.event_id


@pytest.mark.parametrize(
    "path",
    [
        "/staff/events/999999/log-input",
        "/staff/contributions/999999/edit",
        "/staff/contributions/999999/photo",
        "/staff/proposals/999999/merge",
        "/staff/contributions/999999/moderate",
        "/staff/neighbourhoods/no-such-place/contributions",
        "/staff/neighbourhoods/no-such-place/contributions.csv",
    ],
)
def test_unknown_ids_are_404_for_staff(app, client, path):
    world = build_world(app)
    assert login(client, world.emails[Role.PROCESS_LEADER]).status_code == 302
    assert client.get(path).status_code == 404
