"""``/api/alert`` as each caller meets it: the owner manages their alert, admins see every
alert, another user (viewer or editor) gets 404 on every operation, an anonymous visitor
401; bad input is a 400 naming each field; webhook secrets never come back."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.alerts.helpers import alert_body, create_alert
from tests.dashboards.api_helpers import bearer
from tests.datasets.helpers import close_folder, sales


@pytest.fixture
def owner(make_user: Callable[..., Any], make_token: Callable[..., str]) -> dict[str, str]:
    make_user("owner", role="viewer")
    return bearer(make_token(user_name="owner"))


@pytest.fixture
def stranger(make_token: Callable[..., str]) -> dict[str, str]:
    return bearer(make_token("editor"))


def operations(alert_id: int) -> list[tuple[str, str, Any]]:
    one = f"/api/alert/{alert_id}"
    return [
        ("get", one, None),
        ("put", one, {"name": "mine now"}),
        ("post", f"{one}/evaluate", None),
        ("get", f"{one}/history", None),
        ("post", f"{one}/silence", {"until": "2099-01-01T00:00:00Z"}),
        ("delete", one, None),
    ]


def call(client: FlaskClient, method: str, url: str, body: Any, headers: dict[str, str]) -> Any:
    return getattr(client, method)(url, json=body, headers=headers)


def test_owner_creates_reads_changes_and_deletes(
    client: FlaskClient, owner: dict[str, str]
) -> None:
    alert_id = create_alert(client, owner)
    got = client.get(f"/api/alert/{alert_id}", headers=owner).get_json()["alert"]
    assert (got["name"], got["owner"], got["state"]) == ("Too many errors", "owner", "ok")
    changed = client.put(f"/api/alert/{alert_id}", json={"name": "Errors"}, headers=owner)
    assert changed.get_json()["alert"]["name"] == "Errors"
    assert client.delete(f"/api/alert/{alert_id}", headers=owner).get_json() == {
        "ok": True,
        "deleted": alert_id,
    }
    assert client.get(f"/api/alert/{alert_id}", headers=owner).status_code == 404


def test_another_user_gets_404_on_every_operation(
    client: FlaskClient, owner: dict[str, str], stranger: dict[str, str]
) -> None:
    alert_id = create_alert(client, owner)
    for method, url, body in operations(alert_id):
        assert call(client, method, url, body, stranger).status_code == 404, (method, url)
    assert client.get("/api/alert", headers=stranger).get_json()["items"] == []
    assert client.get(f"/api/alert/{alert_id}", headers=owner).get_json()["alert"]["name"] == (
        "Too many errors"
    )


def test_anonymous_visitors_get_401(client: FlaskClient, owner: dict[str, str]) -> None:
    alert_id = create_alert(client, owner)
    for method, url, body in [*operations(alert_id), ("get", "/api/alert", None)]:
        assert call(client, method, url, body, {}).status_code == 401, (method, url)
    assert client.post("/api/alert", json=alert_body()).status_code == 401


def test_admin_sees_and_manages_everyones_alerts(
    client: FlaskClient, owner: dict[str, str], auth_headers: dict[str, str]
) -> None:
    alert_id = create_alert(client, owner)
    listed = client.get("/api/alert", headers=auth_headers).get_json()["items"]
    assert [(item["id"], item["owner"]) for item in listed] == [(alert_id, "owner")]
    for method, url, body in operations(alert_id):
        assert call(client, method, url, body, auth_headers).status_code == 200, (method, url)


def test_list_is_paged(client: FlaskClient, owner: dict[str, str]) -> None:
    for name in ("a", "b", "c"):
        create_alert(client, owner, name=name)
    first = client.get("/api/alert?limit=2", headers=owner).get_json()
    second = client.get("/api/alert?limit=2&page=2", headers=owner).get_json()
    assert [item["name"] for item in first["items"]] == ["a", "b"] and first["next"] == 2
    assert [item["name"] for item in second["items"]] == ["c"] and second["next"] is None


def test_bad_input_names_every_field(client: FlaskClient, owner: dict[str, str]) -> None:
    body = alert_body(
        condition={"op": "outside", "low": 5},
        window_seconds=10,
        channels=[{"kind": "user", "user": "nobody"}],
    )
    answer = client.post("/api/alert", json=body, headers=owner)
    assert answer.status_code == 400
    fields = sorted(problem.split(":")[0] for problem in answer.get_json()["errors"])
    assert fields == ["condition", "window_seconds"]
    answer = client.post(
        "/api/alert", json=alert_body(channels=[{"kind": "user", "user": "x"}]), headers=owner
    )
    assert answer.get_json()["errors"] == ["channels[0]: no user is named 'x'"]


def test_webhook_secret_is_masked_and_kept_when_sent_back_masked(
    app: Flask, client: FlaskClient, owner: dict[str, str]
) -> None:
    hook = {"kind": "webhook", "url": "http://127.0.0.1:9/h", "secret": "a-long-secret"}
    alert_id = create_alert(client, owner, channels=[hook])
    shown = client.get(f"/api/alert/{alert_id}", headers=owner).get_json()["alert"]["channels"]
    assert shown == [{**hook, "format": "json", "secret": "********"}]
    client.put(f"/api/alert/{alert_id}", json={"channels": shown}, headers=owner)
    from tests.alerts.helpers import alert_row

    assert alert_row(app, alert_id).channels[0]["secret"] == "a-long-secret"


def test_an_alert_on_a_data_set_the_caller_cannot_read_is_refused(
    client: FlaskClient,
    owner: dict[str, str],
    auth_headers: dict[str, str],
    make_user: Callable[..., Any],
) -> None:
    make_user("insider")
    dataset_id = sales(client, auth_headers, folder="finance")
    close_folder(client, auth_headers, "finance", [{"user": "insider", "role": "viewer"}])
    source = {"kind": "dataset", "dataset": dataset_id}
    for url, body in [
        ("/api/alert", alert_body(source=source)),
        ("/api/alert/test", {"source": source, "condition": {"op": "above", "threshold": 1}}),
    ]:
        answer = client.post(url, json=body, headers=owner)
        assert answer.status_code == 400, url
        assert answer.get_json()["errors"] == [f"source.dataset: no data set {dataset_id}"]


def test_history_lists_evaluations_and_deliveries(
    client: FlaskClient, owner: dict[str, str]
) -> None:
    alert_id = create_alert(client, owner, channels=[])
    evaluated = client.post(f"/api/alert/{alert_id}/evaluate", headers=owner).get_json()
    assert [e["state"] for e in evaluated["evaluations"]] == ["ok"]
    history = client.get(f"/api/alert/{alert_id}/history", headers=owner).get_json()
    assert (len(history["evaluations"]), history["deliveries"]) == (1, [])
    assert history["evaluations"][0]["value"] == 0.0


def test_silence_in_the_past_is_refused(client: FlaskClient, owner: dict[str, str]) -> None:
    alert_id = create_alert(client, owner)
    answer = client.post(
        f"/api/alert/{alert_id}/silence", json={"until": "2001-01-01T00:00:00Z"}, headers=owner
    )
    assert answer.status_code == 400
    assert answer.get_json()["errors"] == ["until: must be in the future (null ends a silence)"]


def test_an_admin_sets_and_removes_a_users_email(
    client: FlaskClient, owner: dict[str, str], auth_headers: dict[str, str]
) -> None:
    answer = client.put("/api/user/owner", json={"email": "o@example.com"}, headers=auth_headers)
    assert answer.get_json()["user"]["email"] == "o@example.com"
    assert client.get("/api/user/me", headers=owner).get_json()["user"]["email"] == (
        "o@example.com"
    )
    bad = client.put("/api/user/owner", json={"email": "nope"}, headers=auth_headers)
    assert bad.get_json()["errors"] == ["email: not an email address (name@example.com)"]
    cleared = client.put("/api/user/owner", json={"email": ""}, headers=auth_headers)
    assert cleared.get_json()["user"]["email"] is None
    refused = client.put("/api/user/owner", json={"email": "x@example.com"}, headers=owner)
    assert refused.status_code == 403


def test_a_viewer_notifies_only_themselves_their_teams_and_team_mates(
    app: Flask,
    client: FlaskClient,
    owner: dict[str, str],
    auth_headers: dict[str, str],
    make_user: Callable[..., Any],
) -> None:
    for name in ("mate", "outsider"):
        make_user(name)
    for team, members in (("mine", ["owner", "mate"]), ("theirs", ["outsider"])):
        assert (
            client.post("/api/team", json={"name": team}, headers=auth_headers).status_code == 201
        )
        answer = client.put(
            f"/api/team/{team}/members", json={"users": members}, headers=auth_headers
        )
        assert answer.status_code == 200, answer.get_json()
    allowed = [
        {"kind": "user", "user": "owner"},
        {"kind": "user", "user": "mate"},
        {"kind": "team", "team": "mine"},
    ]
    create_alert(client, owner, channels=allowed)
    refused = [{"kind": "user", "user": "outsider"}, {"kind": "team", "team": "theirs"}]
    answer = client.post("/api/alert", json=alert_body(channels=refused), headers=owner)
    assert answer.get_json()["errors"] == [
        "channels[0]: you may notify yourself, your teams and their members only",
        "channels[1]: you may notify yourself, your teams and their members only",
    ]
    assert (
        client.post(
            "/api/alert", json=alert_body(channels=refused), headers=auth_headers
        ).status_code
        == 201
    )
