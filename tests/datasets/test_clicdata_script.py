"""A script in the style of ClicData's Python client (raw calls with its paths, bodies and
the fields it reads), run against gaugeboard unchanged: create a table from a frame's
columns, append the frame as cells, page through the rows and the list, read the
versions, delete rows with query parameters (the client sends no DELETE body)."""

from __future__ import annotations

import json
from typing import Any

from flask.testing import FlaskClient

FRAME = {
    "region": ["north", "south", "north"],
    "amount": [10.5, 4.0, 7.25],
    "paid": [True, False, True],
}
DTYPES = {"region": "text", "amount": "number", "paid": "checkbox"}


def paged(client: FlaskClient, headers: dict[str, str], suffix: str) -> list[dict[str, Any]]:
    """The client's pagination: ``page`` from 1 while ``has_more_data``, rows in ``data``."""
    found: list[dict[str, Any]] = []
    page = 1
    while True:
        answer = client.get(f"/api/{suffix}", query_string={"page": page}, headers=headers)
        assert answer.status_code == 200
        body = json.loads(answer.text)
        found += body["data"]
        if not body["has_more_data"]:
            return found
        page += 1


def test_a_reference_client_script_runs_unchanged(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    headers = {**auth_headers, "accept": "application/json"}
    columns = [{"name": name, "data_type": kind} for name, kind in DTYPES.items()]
    body = {"name": "frame", "description": "from a DataFrame", "columns": columns}
    rec_id = int(client.post("/api/data", json=body, headers=headers).text)

    rows = [
        [{"column": name, "value": FRAME[name][index]} for name in FRAME]
        for index in range(len(FRAME["region"]))
    ]
    appended = client.post(f"/api/data/{rec_id}/row", json={"data": rows}, headers=headers)
    assert appended.status_code == 200

    listed = paged(client, headers, "data")
    assert [item["rec_id"] for item in listed] == [rec_id]
    data = paged(client, headers, f"data/{rec_id}")
    assert [row["region"] for row in data] == FRAME["region"]

    find = json.dumps([{"column": "region", "value": "north"}])
    deleted = client.delete(
        f"/api/data/{rec_id}/row",
        query_string={"multiplerows": "first", "find": find},
        headers=headers,
    )
    assert deleted.status_code == 200

    versions = json.loads(client.get(f"/api/data/{rec_id}/versions", headers=headers).text)
    assert [item["version"] for item in versions["versions"]] == [2, 1, 0]
    before = paged(client, headers, f"data/{rec_id}/v/1")
    after = paged(client, headers, f"data/{rec_id}")
    assert (len(before), [row["region"] for row in after]) == (3, ["south", "north"])
