"""The client's OAuth client credentials, ClicData's Basic scheme, ``User()`` and ``Team()``
against the real app.

These need the server side of issue 15's accounts work (``POST /api/oauth/token`` and
``/api/oauth20/token``, ``gaugeboard oauth-clients create USER``, ClicData's Basic
scheme, ``/api/user/{id}`` with ``/password``, ``/api/team/{id}`` with ``/user`` and
``/parameter``), which is written alongside the client: they run once both are merged.
The team answers' exact member and parameter shapes were not fixed when these were
written, so ``members`` and ``parameters`` read either a list of names or of objects.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from click.testing import Result

from gaugeboard.client import (
    ClientCredentials,
    Data,
    NotFound,
    Session,
    Team,
    Unauthorized,
    User,
)
from tests.client.conftest import BASE
from tests.client.wsgi import Recorder
from tests.conftest import DEFAULT_PASSWORD


@pytest.fixture
def oauth_client(runner: Callable[..., Result], make_user: Callable[..., Any]) -> tuple[str, str]:
    """An OAuth client of the editor ``olga``: (client id, secret)."""
    make_user("olga", role="editor")
    result = runner("oauth-clients", "create", "olga")
    assert result.exit_code == 0, result.output
    client_id, secret = result.output.strip().splitlines()[-1].split(" ")
    return client_id, secret


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


# --- OAuth client credentials -------------------------------------------------------------------


def test_client_credentials_act_as_the_clients_user(
    open_session: Callable[..., Session], oauth_client: tuple[str, str]
) -> None:
    client_id, secret = oauth_client
    session = open_session(client_id=client_id, client_secret=secret)
    assert User(session=session).get_me()["name"] == "olga"


def test_one_token_serves_many_calls(
    open_session: Callable[..., Session], oauth_client: tuple[str, str], wsgi: Recorder
) -> None:
    credentials = ClientCredentials(*oauth_client)
    session = open_session(auth=credentials)
    for _ in range(3):
        Data(session=session).get_data(output="dict")
    assert (credentials.fetches, wsgi.paths("POST")) == (1, ["/api/oauth/token"])


def test_the_token_is_renewed_before_it_expires(
    open_session: Callable[..., Session], oauth_client: tuple[str, str], wsgi: Recorder
) -> None:
    clock = Clock()
    credentials = ClientCredentials(*oauth_client, clock=clock)
    session = open_session(auth=credentials)
    session.get("api/user/me")
    token = session.http.post(
        "api/oauth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": oauth_client[0],
            "client_secret": oauth_client[1],
        },
    ).json()
    clock.now += float(token["expires_in"]) - 4  # inside the last seconds of its life
    session.get("api/user/me")
    assert credentials.fetches == 2


def test_a_token_refused_is_fetched_again_once(
    open_session: Callable[..., Session], oauth_client: tuple[str, str], wsgi: Recorder
) -> None:
    credentials = ClientCredentials(*oauth_client)
    session = open_session(auth=credentials)
    session.get("api/user/me")
    wsgi.fail(times=1, status=401, path="/api/user/me")
    assert session.get("api/user/me")["user"]["name"] == "olga" and credentials.fetches == 2


def test_a_wrong_secret_is_unauthorized(
    open_session: Callable[..., Session], oauth_client: tuple[str, str]
) -> None:
    session = open_session(client_id=oauth_client[0], client_secret="wrong")
    with pytest.raises(Unauthorized):
        Data(session=session).get_data(output="dict")


def test_clicdatas_token_address_and_form(wsgi: Recorder, oauth_client: tuple[str, str]) -> None:
    form = {
        "grant_type": "client_credentials",
        "client_id": oauth_client[0],
        "client_secret": oauth_client[1],
    }
    with httpx.Client(base_url=BASE, transport=httpx.WSGITransport(app=wsgi)) as http:
        token = http.post("/api/oauth20/token", data=form).json()
        headers = {"Authorization": f"Bearer {token['access_token']}"}
        answer = http.get("/api/data", headers=headers)
    assert (token["token_type"], answer.status_code) == ("bearer", 200)
    assert token["expires_in"] > 0


# --- Basic ---------------------------------------------------------------------------------------


def test_basic_with_a_user_name_and_password(
    open_session: Callable[..., Session], make_user: Callable[..., Any]
) -> None:
    make_user("bea", role="viewer")
    session = open_session(username="bea", password=DEFAULT_PASSWORD)
    assert User(session=session).get_me()["name"] == "bea"


def test_basic_with_a_client_id_as_clicdata_sends_it(
    open_session: Callable[..., Session], oauth_client: tuple[str, str]
) -> None:
    session = open_session(
        auth_method="basic", client_id=oauth_client[0], username="olga", password=DEFAULT_PASSWORD
    )
    assert User(session=session).get_me()["name"] == "olga"


def test_basic_with_a_wrong_password_is_unauthorized(
    open_session: Callable[..., Session], make_user: Callable[..., Any]
) -> None:
    make_user("cid", role="viewer")
    with pytest.raises(Unauthorized):
        User(session=open_session(username="cid", password="not it at all")).get_me()


# --- User() --------------------------------------------------------------------------------------


def test_create_list_and_get_users(session: Session) -> None:
    users = User(session=session)
    made = users.create_user("dora", "a long enough password", role="editor")
    listed = users.get_user()
    assert "dora" in set(listed["name"]) and users.get_user(made["id"])["role"] == "editor"


def test_update_a_users_role(session: Session) -> None:
    users = User(session=session)
    made = users.create_user("eli", "a long enough password")
    assert users.update_user(made["id"], role="editor")["role"] == "editor"


def test_deactivate_a_user(session: Session) -> None:
    users = User(session=session)
    made = users.create_user("fay", "a long enough password")
    assert users.update_user(made["id"], active=False)["active"] is False


def test_set_a_users_password(session: Session, open_session: Callable[..., Session]) -> None:
    users = User(session=session)
    made = users.create_user("gus", "a long enough password")
    users.set_user_password(made["id"], "another long password")
    signed_in = open_session(username="gus", password="another long password")
    assert User(session=signed_in).get_me()["name"] == "gus"


def test_delete_a_user(session: Session) -> None:
    users = User(session=session)
    made = users.create_user("hal", "a long enough password")
    users.delete_user(made["id"])
    with pytest.raises(NotFound):
        users.get_user(made["id"])


def test_an_update_without_changes_is_refused_before_sending(session: Session) -> None:
    with pytest.raises(ValueError, match="role or active"):
        User(session=session).update_user(1)


# --- Team() --------------------------------------------------------------------------------------


def member_names(team: dict[str, Any]) -> set[str]:
    return {m if isinstance(m, str) else m["name"] for m in team.get("members") or []}


def parameters_of(team: dict[str, Any]) -> dict[str, Any]:
    found = team.get("parameters") or {}
    if isinstance(found, dict):
        return found
    return {item.get("key", item.get("name")): item["value"] for item in found}


def test_create_and_list_teams(session: Session) -> None:
    teams = Team(session=session)
    made = teams.create_team("ops")
    assert "ops" in set(teams.get_team()["name"]) and teams.get_team(made["id"])["name"] == "ops"


def test_rename_a_team(session: Session) -> None:
    teams = Team(session=session)
    made = teams.create_team("sales")
    teams.rename_team(made["id"], "revenue")
    assert teams.get_team(made["id"])["name"] == "revenue"


def test_delete_a_team(session: Session) -> None:
    teams = Team(session=session)
    made = teams.create_team("gone")
    teams.delete_team(made["id"])
    assert [team["name"] for team in teams.get_team(output="dict")] == []


def test_add_and_remove_a_member(session: Session) -> None:
    teams, users = Team(session=session), User(session=session)
    team = teams.create_team("support")
    ivy = users.create_user("ivy", "a long enough password")
    teams.add_team_user(team["id"], ivy["id"])
    added = member_names(teams.get_team(team["id"]))
    teams.remove_team_user(team["id"], ivy["id"])
    assert (added, member_names(teams.get_team(team["id"]))) == ({"ivy"}, set())


def test_set_change_and_remove_a_parameter(session: Session) -> None:
    teams = Team(session=session)
    team = teams.create_team("north")
    teams.set_team_parameter(team["id"], "region", "north")
    teams.set_team_parameter(team["id"], "region", "nord")
    changed = parameters_of(teams.get_team(team["id"]))
    teams.remove_team_parameter(team["id"], "region")
    assert (changed, parameters_of(teams.get_team(team["id"]))) == ({"region": "nord"}, {})


def test_an_unknown_team_is_not_found(session: Session) -> None:
    with pytest.raises(NotFound):
        Team(session=session).rename_team(424242, "x")
