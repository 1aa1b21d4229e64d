"""Fixtures of the OAuth and Basic tests: clients made through the real service, tokens
fetched through the real endpoint, Basic headers in both spellings."""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from gaugeboard.auth.oauth_clients import create_client
from tests.conftest import state

TOKEN_URL = "/api/oauth/token"


@pytest.fixture
def make_client(app: Flask, make_user: Callable[..., Any]) -> Callable[..., tuple[str, str]]:
    """An OAuth client of a new user of ``role`` (or of ``user_name``): (id, secret)."""

    def make(role: str = "viewer", user_name: str | None = None) -> tuple[str, str]:
        name = user_name or make_user(role=role).name
        with state(app).database.sessions() as session:
            client, secret = create_client(session, name, "test")
            session.commit()
            return client.client_id, secret

    return make


def fetch_token(client: FlaskClient, client_id: str, secret: str, url: str = TOKEN_URL) -> str:
    """An access token through the real endpoint (asserting it was given)."""
    form = {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}
    response = client.post(url, data=form)
    assert response.status_code == 200, response.get_data(as_text=True)
    token = response.get_json()["access_token"]
    assert isinstance(token, str)
    return token


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode("ascii")


def plain_basic(user: str, password: str) -> dict[str, str]:
    return {"Authorization": f"Basic {b64(f'{user}:{password}')}"}


def clicdata_basic(client_id: str, user: str, password: str) -> dict[str, str]:
    """ClicData's spelling: base64(client_id + base64(user:password))."""
    return {"Authorization": f"Basic {b64(client_id + b64(f'{user}:{password}'))}"}
