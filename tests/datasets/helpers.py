"""Calling the data set API in tests: create a data set, write and read its rows."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

SALES_COLUMNS = [
    {"name": "region", "data_type": "text"},
    {"name": "month", "data_type": "date"},
    {"name": "amount", "data_type": "number"},
    {"name": "units", "data_type": "integer"},
]
SALES_ROWS = [
    {"region": "north", "month": "2026-01-01", "amount": 10.5, "units": 3},
    {"region": "south", "month": "2026-01-01", "amount": 4.0, "units": 1},
    {"region": "north", "month": "2026-02-01", "amount": 7.25, "units": 2},
    {"region": "east", "month": "2026-02-01", "amount": None, "units": 5},
    {"region": "south", "month": "2026-03-01", "amount": 12.0, "units": 4},
]


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def create_dataset(
    client: FlaskClient, headers: dict[str, str], name: str = "sales", **extra: Any
) -> int:
    """A data set made through the API (sales columns unless ``columns`` is given)."""
    body = {"name": name, "description": "test", "columns": SALES_COLUMNS, **extra}
    response = client.post("/api/data", json=body, headers=headers)
    assert response.status_code == 201, response.get_data(as_text=True)
    return int(response.get_data(as_text=True))


def append(
    client: FlaskClient, headers: dict[str, str], dataset_id: int, rows: list[dict[str, Any]]
) -> dict[str, Any]:
    response = client.post(f"/api/data/{dataset_id}/row", json={"rows": rows}, headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    body: dict[str, Any] = response.get_json()
    return body


def sales(client: FlaskClient, headers: dict[str, str], **extra: Any) -> int:
    """The sales data set with its five rows (version 1)."""
    dataset_id = create_dataset(client, headers, **extra)
    append(client, headers, dataset_id, SALES_ROWS)
    return dataset_id


def rows_of(
    client: FlaskClient, headers: dict[str, str], dataset_id: int, query: str = ""
) -> list[dict[str, Any]]:
    """Every row (the first page of up to 10000), without ``rec_id``."""
    response = client.get(f"/api/data/{dataset_id}?limit=10000{query}", headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    return [
        {key: value for key, value in row.items() if key != "rec_id"}
        for row in response.get_json()["data"]
    ]


def version_of(client: FlaskClient, headers: dict[str, str], dataset_id: int) -> int:
    response = client.get(f"/api/data/{dataset_id}/info", headers=headers)
    version: int = response.get_json()["dataset"]["version"]
    return version


def close_folder(
    client: FlaskClient, admin: dict[str, str], folder: str, grants: list[dict[str, str]]
) -> None:
    response = client.put(
        f"/api/permission?folder={folder}", json={"grants": grants}, headers=admin
    )
    assert response.status_code == 200, response.get_data(as_text=True)
