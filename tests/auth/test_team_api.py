"""``/api/team/{id}``: a team by id or name read, renamed, deleted; one member added or
removed (by ``user`` or ClicData's ``user_id``); parameters listed, set and removed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.dashboards.api_helpers import bearer


@pytest.fixture
def ops(client: FlaskClient, auth_headers: dict[str, str]) -> int:
    response = client.post("/api/team", json={"name": "ops"}, headers=auth_headers)
    assert response.status_code == 201
    team_id: int = response.get_json()["team"]["id"]
    return team_id


def test_create_answers_the_team_with_its_id(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    team = client.post("/api/team", json={"name": "ops"}, headers=auth_headers).get_json()["team"]
    assert team == {"id": team["id"], "name": "ops", "members": [], "parameters": {}}


def test_get_by_id_and_by_name_agree(
    client: FlaskClient, auth_headers: dict[str, str], ops: int
) -> None:
    by_id = client.get(f"/api/team/{ops}", headers=auth_headers).get_json()
    by_name = client.get("/api/team/ops", headers=auth_headers).get_json()
    assert by_id == by_name and by_id["team"]["id"] == ops


def test_an_unknown_team_is_404(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    response = client.get("/api/team/77", headers=auth_headers)
    assert (response.status_code, response.get_json()["error"]) == (
        404,
        "team: no team with the id 77",
    )


def test_list_has_ids_and_parameters(
    client: FlaskClient, auth_headers: dict[str, str], ops: int
) -> None:
    client.post(
        f"/api/team/{ops}/parameter", json={"key": "region", "value": "north"}, headers=auth_headers
    )
    items = client.get("/api/team", headers=auth_headers).get_json()["items"]
    assert items == [{"id": ops, "name": "ops", "members": [], "parameters": {"region": ["north"]}}]


def test_rename(client: FlaskClient, auth_headers: dict[str, str], ops: int) -> None:
    response = client.put(f"/api/team/{ops}", json={"name": "sre"}, headers=auth_headers)
    assert response.get_json()["team"]["name"] == "sre"
    assert client.get("/api/team/ops", headers=auth_headers).status_code == 404


def test_rename_to_a_taken_name_is_409(
    client: FlaskClient, auth_headers: dict[str, str], ops: int
) -> None:
    client.post("/api/team", json={"name": "sre"}, headers=auth_headers)
    response = client.put(f"/api/team/{ops}", json={"name": "sre"}, headers=auth_headers)
    assert (response.status_code, response.get_json()["error"]) == (
        409,
        "name: a team named 'sre' already exists",
    )


def test_a_team_name_of_digits_only_is_refused(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    response = client.post("/api/team", json={"name": "2024"}, headers=auth_headers)
    assert response.get_json()["errors"] == [
        "name: a name of digits only would read as a team id; add a letter"
    ]


def test_delete_by_id_takes_members_and_parameters(
    client: FlaskClient, auth_headers: dict[str, str], ops: int, make_user: Callable[..., Any]
) -> None:
    make_user("ann")
    client.post(f"/api/team/{ops}/user", json={"user": "ann"}, headers=auth_headers)
    client.post(f"/api/team/{ops}/parameter", json={"key": "k", "value": "v"}, headers=auth_headers)
    assert client.delete(f"/api/team/{ops}", headers=auth_headers).status_code == 200
    again = client.post("/api/team", json={"name": "ops"}, headers=auth_headers).get_json()
    assert (again["team"]["members"], again["team"]["parameters"]) == ([], {})


def test_add_a_user_by_user_id(
    client: FlaskClient, auth_headers: dict[str, str], ops: int, make_user: Callable[..., Any]
) -> None:
    ann = make_user("ann")
    response = client.post(f"/api/team/{ops}/user", json={"user_id": ann.id}, headers=auth_headers)
    assert response.get_json()["team"]["members"] == ["ann"]


@pytest.mark.parametrize("given", ["name", "id"])
def test_add_a_user_by_name_or_id(
    client: FlaskClient,
    auth_headers: dict[str, str],
    ops: int,
    make_user: Callable[..., Any],
    given: str,
) -> None:
    ann = make_user("ann")
    user = "ann" if given == "name" else ann.id
    response = client.post(f"/api/team/{ops}/user", json={"user": user}, headers=auth_headers)
    assert response.get_json()["team"]["members"] == ["ann"]


def test_adding_a_member_twice_changes_nothing(
    client: FlaskClient, auth_headers: dict[str, str], ops: int, make_user: Callable[..., Any]
) -> None:
    make_user("ann")
    for _ in range(2):
        response = client.post(f"/api/team/{ops}/user", json={"user": "ann"}, headers=auth_headers)
    assert response.get_json()["team"]["members"] == ["ann"]


def test_adding_an_unknown_user_is_404(
    client: FlaskClient, auth_headers: dict[str, str], ops: int
) -> None:
    response = client.post(f"/api/team/{ops}/user", json={"user_id": 404}, headers=auth_headers)
    assert (response.status_code, response.get_json()["error"]) == (
        404,
        "user: no user with the id 404",
    )


def test_the_user_is_named_exactly_once(
    client: FlaskClient, auth_headers: dict[str, str], ops: int
) -> None:
    response = client.post(
        f"/api/team/{ops}/user", json={"user": "a", "user_id": 1}, headers=auth_headers
    )
    assert response.get_json()["errors"] == [
        "body: give the user as user (an id or a name) or as user_id"
    ]


def test_a_null_user_id_is_refused_by_name(
    client: FlaskClient, auth_headers: dict[str, str], ops: int
) -> None:
    response = client.post(f"/api/team/{ops}/user", json={"user_id": None}, headers=auth_headers)
    assert response.status_code == 400 and "user_id" in response.get_json()["error"]


def test_remove_a_user_with_a_body_or_a_query(
    client: FlaskClient, auth_headers: dict[str, str], ops: int, make_user: Callable[..., Any]
) -> None:
    ann = make_user("ann")
    make_user("bob")
    client.put(f"/api/team/{ops}/members", json={"users": ["ann", "bob"]}, headers=auth_headers)
    client.delete(f"/api/team/{ops}/user", json={"user_id": ann.id}, headers=auth_headers)
    response = client.delete(f"/api/team/{ops}/user?user=bob", headers=auth_headers)
    assert response.get_json()["team"]["members"] == []


def test_removing_a_non_member_is_404(
    client: FlaskClient, auth_headers: dict[str, str], ops: int, make_user: Callable[..., Any]
) -> None:
    make_user("ann")
    response = client.delete(f"/api/team/{ops}/user", json={"user": "ann"}, headers=auth_headers)
    assert (response.status_code, response.get_json()["error"]) == (
        404,
        "user: 'ann' is not a member of the team 'ops'",
    )


def test_parameters_are_set_listed_and_replaced(
    client: FlaskClient, auth_headers: dict[str, str], ops: int
) -> None:
    url = f"/api/team/{ops}/parameter"
    client.post(url, json={"key": "region", "value": "north"}, headers=auth_headers)
    client.put(
        url, json={"key": "cities", "value": ["Oslo", "Bergen", "Oslo"]}, headers=auth_headers
    )
    client.post(url, json={"key": "region", "value": "south"}, headers=auth_headers)
    assert client.get(url, headers=auth_headers).get_json() == {
        "ok": True,
        "team": "ops",
        "parameters": {"cities": ["Oslo", "Bergen"], "region": ["south"]},
    }


def test_a_parameter_is_removed_by_body_or_query(
    client: FlaskClient, auth_headers: dict[str, str], ops: int
) -> None:
    url = f"/api/team/{ops}/parameter"
    for key in ("a", "b"):
        client.post(url, json={"key": key, "value": "x"}, headers=auth_headers)
    client.delete(url, json={"key": "a"}, headers=auth_headers)
    response = client.delete(f"{url}?key=b", headers=auth_headers)
    assert response.get_json()["team"]["parameters"] == {}


def test_removing_a_missing_parameter_is_404(
    client: FlaskClient, auth_headers: dict[str, str], ops: int
) -> None:
    response = client.delete(
        f"/api/team/{ops}/parameter", json={"key": "nope"}, headers=auth_headers
    )
    assert (response.status_code, response.get_json()["error"]) == (
        404,
        "key: the team 'ops' has no parameter 'nope'",
    )


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (
            {"key": "9lives", "value": "x"},
            "key: 1-64 letters, digits or '_', not starting with a digit",
        ),
        ({"key": "k", "value": []}, "value: must be a string or a list of 1-100 strings"),
        ({"key": "k", "value": 3}, "value: must be a string or a list of 1-100 strings"),
        ({"key": "k", "value": ["a\nb"]}, "value: must be a string or a list of 1-100 strings"),
        ({"key": "k"}, "value: is required"),
    ],
)
def test_bad_parameters_are_named(
    client: FlaskClient, auth_headers: dict[str, str], ops: int, body: dict[str, Any], problem: str
) -> None:
    response = client.post(f"/api/team/{ops}/parameter", json=body, headers=auth_headers)
    assert response.status_code == 400
    assert response.get_json()["errors"][0].startswith(problem)


def test_team_routes_are_for_admins(
    client: FlaskClient, ops: int, make_token: Callable[..., str]
) -> None:
    editor = bearer(make_token("editor"))
    assert client.get(f"/api/team/{ops}", headers=editor).status_code == 403
    body = {"key": "region", "value": "everywhere"}
    assert client.post(f"/api/team/{ops}/parameter", json=body, headers=editor).status_code == 403
