"""``Client``'s events and queries as DataFrames, over the same session machinery."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pandas as pd
import pytest
from flask import Flask

from gaugeboard.client import BadRequest, Client, ServerError, Session
from tests.client.conftest import BASE
from tests.client.wsgi import Recorder


@pytest.fixture
def gb(wsgi: Recorder, admin_token: str, event_key: str) -> Iterator[Client]:
    transport = httpx.WSGITransport(app=wsgi)
    with Client(BASE, token=admin_token, event_key=event_key, transport=transport) as client:
        for person, plan in [("ann", "pro"), ("bob", "free"), ("ann", "pro")]:
            client.track("Signup", person=person, properties={"plan": plan})
        client.track("Buy", person="ann")
        yield client


def test_a_metric_by_day_as_a_frame(gb: Client) -> None:
    query = {"event": "Signup", "range": "last_7_days", "bucket": "day", "timezone": "UTC"}
    df = gb.query(query, output="df")
    today = df.loc[df["value"] > 0]
    assert (len(df), str(df["t"].dtype), today["value"].tolist()) == (
        7,
        "datetime64[us, UTC]",
        [3],
    )
    assert set(df["period"]) == {"current"}


def test_a_metric_with_a_breakdown_and_no_buckets(gb: Client) -> None:
    query = {"event": "Signup", "range": "last_7_days", "bucket": None, "breakdown": "plan"}
    df = gb.query(query, output="df")
    assert dict(zip(df["series"], df["value"], strict=True)) == {"pro": 2, "free": 1}


def test_a_funnel_as_a_frame(gb: Client) -> None:
    query = {
        "type": "funnel",
        "range": "last_7_days",
        "steps": [{"event": "Signup"}, {"event": "Buy"}],
        "window": {"value": 7, "unit": "day"},
    }
    df = gb.query(query, output="df")
    assert (df["event"].tolist(), df["count"].tolist()) == (["Signup", "Buy"], [2, 1])


def test_a_retention_as_a_frame(gb: Client) -> None:
    query = {
        "type": "retention",
        "range": "last_7_days",
        "start_event": "Signup",
        "return_event": "Buy",
        "period": "day",
        "periods": 2,
    }
    df = gb.query(query, output="df")
    assert {"cohort", "size", "period", "count", "share"} <= set(df.columns) and len(df) > 0


def test_a_query_stays_a_dict_by_default(gb: Client) -> None:
    assert gb.query({"event": "Signup", "range": "last_7_days", "bucket": None})["total"] == 3


def test_events_as_a_frame(gb: Client) -> None:
    df = gb.events(output="df")
    assert isinstance(df, pd.DataFrame) and df["name"].tolist()[0] == "Buy" and len(df) == 4


def test_a_query_is_read_only_so_it_is_sent_again_after_a_503(gb: Client, wsgi: Recorder) -> None:
    wsgi.fail(times=1, status=503, path="/api/metric/query")
    assert gb.query({"event": "Buy", "range": "last_7_days", "bucket": None})["total"] == 1


def test_tracking_is_never_sent_twice(gb: Client, wsgi: Recorder) -> None:
    wsgi.calls.clear()
    wsgi.fail(times=1, status=503, path="/api/event")
    with pytest.raises(ServerError):
        gb.track("Buy", person="bob")
    assert wsgi.paths("POST") == ["/api/event"]


def test_a_client_on_an_open_session(app: Flask, session: Session, event_key: str) -> None:
    client = Client(session=session, event_key=event_key)
    client.track("Visit")
    with pytest.raises(BadRequest):
        client.query({"metric": "sum", "timezone": "Nowhere/Land"})
