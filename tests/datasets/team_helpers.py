"""Teams with a ``region`` parameter and their members, made through the API, for the
tests of data sets whose rows are filtered by team parameters."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask.testing import FlaskClient

from tests.datasets.helpers import bearer, sales

REGION_FILTER = [{"column": "region", "parameter": "region"}]


def team(client: FlaskClient, admin: dict[str, str], name: str, **parameters: Any) -> int:
    """A team with ``parameters`` (key → value or list); its id."""
    response = client.post("/api/team", json={"name": name}, headers=admin)
    assert response.status_code == 201, response.get_data(as_text=True)
    team_id: int = response.get_json()["team"]["id"]
    for key, value in parameters.items():
        body = {"key": key, "value": value}
        answer = client.post(f"/api/team/{team_id}/parameter", json=body, headers=admin)
        assert answer.status_code == 200, answer.get_data(as_text=True)
    return team_id


def join(client: FlaskClient, admin: dict[str, str], team_id: int, user: str) -> None:
    response = client.post(f"/api/team/{team_id}/user", json={"user": user}, headers=admin)
    assert response.status_code == 200, response.get_data(as_text=True)


@dataclass
class Regions:
    """The sales data set filtered by ``region``; ``north`` (ann, ed the editor),
    ``south`` (bob) and no team (carl); each caller's token headers."""

    dataset_id: int
    admin: dict[str, str]
    ann: dict[str, str]
    bob: dict[str, str]
    carl: dict[str, str]
    ed: dict[str, str]
    north: int
    south: int


def regions(
    client: FlaskClient,
    admin: dict[str, str],
    make_user: Callable[..., Any],
    make_token: Callable[..., str],
) -> Regions:
    dataset_id = sales(client, admin, row_filters=REGION_FILTER)
    north = team(client, admin, "north-team", region="north")
    south = team(client, admin, "south-team", region="south")
    headers = {}
    for name, role in (("ann", "viewer"), ("bob", "viewer"), ("carl", "viewer"), ("ed", "editor")):
        make_user(name, role=role)
        headers[name] = bearer(make_token(user_name=name))
    join(client, admin, north, "ann")
    join(client, admin, north, "ed")
    join(client, admin, south, "bob")
    return Regions(dataset_id, admin, north=north, south=south, **headers)
