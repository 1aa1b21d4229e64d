"""Calling the dashboard API in tests: create, update with the version, as any caller."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from tests.dashboards.factories import chart_document


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def create(client: FlaskClient, headers: dict[str, str], **overrides: Any) -> dict[str, Any]:
    response = client.post("/api/dashboard", json=chart_document(**overrides), headers=headers)
    assert response.status_code == 201, response.get_json()
    body: dict[str, Any] = response.get_json()["dashboard"]
    return body


def update(
    client: FlaskClient,
    headers: dict[str, str],
    dashboard: dict[str, Any],
    version: int | None = None,
    **overrides: Any,
) -> Any:
    document = chart_document(**overrides)
    document.setdefault("folder", dashboard["folder"])
    number = dashboard["version"] if version is None else version
    return client.put(
        f"/api/dashboard/{dashboard['id']}",
        json=document,
        headers={**headers, "If-Match": f'"v{number}"'},
    )
