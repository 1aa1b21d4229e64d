"""A script written the way ClicData's client authenticates (raw HTTP: the client
credentials form posted to ``oauth20/token``, then the bearer token on each call), run
against gaugeboard with only the address changed."""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

import httpx
from flask import Flask

from tests.conftest import DEFAULT_PASSWORD

API = "http://gaugeboard.test/api/"  # ClicData's is https://api.clicdata.com/


def clicdata_session_token(http: httpx.Client, client_id: str, client_secret: str) -> str:
    """The reference's ``Session`` with ``auth_method='client_credentials'``."""
    response = http.post(
        API + "oauth20/token",
        data={
            "grant_type": "client_credentials",
            "client_id": client_id,
            "client_secret": client_secret,
        },
    )
    response.raise_for_status()
    return str(response.json()["access_token"])


def test_client_credentials_then_the_data_list(
    app: Flask, make_client: Callable[..., tuple[str, str]]
) -> None:
    client_id, client_secret = make_client("editor")
    with httpx.Client(transport=httpx.WSGITransport(app=app)) as http:
        token = clicdata_session_token(http, client_id, client_secret)
        headers = {"Authorization": "Bearer " + token, "accept": "application/json"}
        created = http.post(
            API + "data",
            json={
                "name": "sales",
                "description": "",
                "columns": [{"name": "x", "data_type": "number"}],
            },
            headers=headers,
        )
        listed = http.get(API + "data", params={"page": 1}, headers=headers)
    assert created.status_code < 300 and int(created.text) > 0
    assert listed.status_code == 200 and [item["name"] for item in listed.json()["data"]] == [
        "sales"
    ]


def test_clicdatas_basic_then_the_data_list(
    app: Flask, make_client: Callable[..., tuple[str, str]], make_user: Callable[..., Any]
) -> None:
    make_user("ann", role="viewer")
    client_id, _secret = make_client(user_name="ann")
    inner = base64.b64encode(f"ann:{DEFAULT_PASSWORD}".encode()).decode()
    basic = base64.b64encode((client_id + inner).encode()).decode()
    with httpx.Client(transport=httpx.WSGITransport(app=app)) as http:
        listed = http.get(
            API + "data", params={"page": 1}, headers={"Authorization": "Basic " + basic}
        )
    assert listed.status_code == 200 and listed.json()["data"] == []
