"""Small helpers for the event tests."""

from __future__ import annotations

import base64
import json
from typing import Any

from flask.testing import FlaskClient


def encode_d(value: Any) -> str:
    return base64.b64encode(json.dumps(value).encode()).decode()


def listed(client: FlaskClient, headers: dict[str, str], **params: Any) -> list[dict[str, Any]]:
    response = client.get("/events", query_string=params, headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    items = response.get_json()["items"]
    assert isinstance(items, list)
    return items
