"""The Python client against the real app, through httpx's WSGI transport."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from flask import Flask

from gaugeboard.client import Client, ClientError


@pytest.fixture
def gb(app: Flask, auth_headers: dict[str, str], event_key: str) -> Iterator[Client]:
    token = auth_headers["Authorization"].split()[1]
    with Client(
        "http://gaugeboard.test",
        token=token,
        event_key=event_key,
        transport=httpx.WSGITransport(app=app),
    ) as client:
        yield client


def test_track_stores_an_event(gb: Client) -> None:
    gb.track("Signup", person="ann", properties={"plan": "pro"})
    assert gb.events()[0]["properties"] == {"plan": "pro"}


def test_track_with_a_retried_insert_id_stores_nothing_more(gb: Client) -> None:
    gb.track("Buy", insert_id="o-1")
    assert gb.track("Buy", insert_id="o-1") == 0


def test_query_returns_the_result(gb: Client) -> None:
    gb.track("Signup", person="ann")
    assert gb.query({"event": "Signup", "range": "last_7_days", "bucket": None})["total"] == 1


def test_server_errors_arrive_with_their_fields(gb: Client) -> None:
    with pytest.raises(ClientError) as caught:
        gb.query({"metric": "sum", "timezone": "Nowhere/Land"})
    assert caught.value.status == 400 and caught.value.errors[0].startswith("timezone:")


def test_tracker_script_is_served(app: Flask) -> None:
    with app.test_client().get("/static/track.js") as response:
        assert "class events" in response.get_data(as_text=True)
