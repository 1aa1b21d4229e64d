"""A script written the way ClicData's Python client talks to its API (raw HTTP calls,
``requests``-style, here with httpx: its paths, bodies and the fields it reads), run
unchanged against gaugeboard with only the address and token changed."""

from __future__ import annotations

import json
from typing import Any

import httpx
from flask import Flask

API = "http://gaugeboard.test/api/"  # ClicData's is https://api.clicdata.com/


class ClicDataStyle:
    """The reference client's ``api_call``: ``url + suffix``, a bearer token, JSON."""

    def __init__(self, app: Flask, token: str) -> None:
        self.http = httpx.Client(transport=httpx.WSGITransport(app=app))
        self.headers = {"Authorization": "Bearer " + token, "accept": "application/json"}

    def api_call(
        self,
        suffix: str,
        request_method: str,
        params: dict[str, Any] | None = None,
        body: Any = None,
    ) -> httpx.Response:
        response = self.http.request(
            request_method.upper(), API + suffix, params=params, json=body, headers=self.headers
        )
        assert response.status_code < 300, response.text
        return response

    def paged(self, suffix: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """``?page=1,2,…`` while the answer's ``has_more_data``; rows in ``data``."""
        rows: list[dict[str, Any]] = []
        page = 1
        while True:
            answer = self.api_call(suffix, "get", {**(params or {}), "page": page}).json()
            rows += answer["data"]
            if not answer["has_more_data"]:
                return rows
            page += 1


def script(api: ClicDataStyle) -> dict[str, Any]:
    """What a ClicData user's script does: create a table from a frame's dtypes, append it
    as cells, read it back, delete rows both ways, read the history, schedules, account."""
    frame = {
        "region": ["north", "south", "north", "east", "west"],
        "amount": [10.5, 4.0, 7.25, 1.0, 2.0],
        "paid": [True, False, True, True, False],
    }
    columns = [
        {"name": "region", "data_type": "text"},
        {"name": "amount", "data_type": "number"},
        {"name": "paid", "data_type": "checkbox"},
    ]
    created = api.api_call(
        "data", "post", body={"name": "frame", "description": "from pandas", "columns": columns}
    )
    rec_id = int(created.text)
    cells = [
        [{"column": name, "value": values[index]} for name, values in frame.items()]
        for index in range(5)
    ]
    api.api_call(f"data/{rec_id}/row", "post", body={"data": cells})
    tables = api.paged("data", {"name": "frame"})
    rows = api.paged(f"data/{rec_id}", {"limit": 2})
    # ClicData's client sends no DELETE body: the fields as query parameters...
    find = json.dumps([{"column": "region", "value": "north"}])
    api.api_call(f"data/{rec_id}/row", "delete", {"multiplerows": "first", "find": find})
    # ...and as the JSON body its README describes.
    body = {"multiplerows": "all", "find": [{"column": "paid", "value": False}]}
    api.api_call(f"data/{rec_id}/row", "delete", body=body)
    versions = api.api_call(f"data/{rec_id}/versions", "get").json()["versions"]
    return {
        "rec_id": rec_id,
        "tables": [table["rec_id"] for table in tables],
        "rows": [row["region"] for row in rows],
        "after": [row["region"] for row in api.paged(f"data/{rec_id}")],
        "first_version": [row["region"] for row in api.paged(f"data/{rec_id}/v/1")],
        "versions": [item["version"] for item in versions],
        "schedules": api.api_call("schedule", "get").json()["schedules"],
        "account": api.api_call("account", "get").json(),
    }


def test_a_clicdata_style_script_runs_unchanged(app: Flask, admin_token: str) -> None:
    api = ClicDataStyle(app, admin_token)
    with api.http:
        done = script(api)
    assert (done["tables"], done["rows"], done["after"], done["versions"]) == (
        [done["rec_id"]],
        ["north", "south", "north", "east", "west"],
        ["north", "east"],
        [3, 2, 1, 0],
    )
    assert done["first_version"] == done["rows"]
    assert {item["name"] for item in done["schedules"]} >= {"datasets.vacuum"}
    assert done["account"]["usage"]["datasets"] == 1
