"""The short way through for ``GET /e``: the same answer, headers and storage as the Flask
view, and every case it does not handle left to that view before anything is stored."""

from __future__ import annotations

import base64
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from gaugeboard.api.tracking_fast_path import TrackingFastPath
from gaugeboard.events.group_commit import GroupCommitter
from gaugeboard.extension import Gaugeboard
from gaugeboard.monitor.counters import COUNT
from gaugeboard.store.database import open_database
from gaugeboard.store.events import tail_count
from tests.conftest import shutdown, state
from tests.events.helpers import listed


def fast_path(app: Flask) -> TrackingFastPath | None:
    layer: Any = app.wsgi_app
    while layer is not None and not isinstance(layer, TrackingFastPath):
        layer = getattr(layer, "wrapped", None)
    return layer


def stored(app: Flask) -> int:
    with state(app).database.sessions() as session:
        return tail_count(session)


def track(client: FlaskClient, key: str, **fields: str) -> Any:
    return client.get("/e", query_string={"_k": key, "_n": "view", **fields})


def test_the_first_answer_teaches_the_headers(
    app: Flask, client: FlaskClient, event_key: str
) -> None:
    track(client, event_key)
    fast = fast_path(app)
    assert fast is not None and fast.headers is not None


def test_a_fast_answer_has_the_flask_answers_headers(client: FlaskClient, event_key: str) -> None:
    by_flask = track(client, event_key)
    by_fast_path = track(client, event_key)
    assert list(by_fast_path.headers.items()) == list(by_flask.headers.items())


def test_a_fast_answer_is_text_1(client: FlaskClient, event_key: str) -> None:
    track(client, event_key)
    answer = track(client, event_key)
    assert (answer.status_code, answer.mimetype, answer.data) == (200, "text/plain", b"1")


def test_fast_answers_store_each_event_once(
    app: Flask, client: FlaskClient, event_key: str
) -> None:
    for number in range(5):
        track(client, event_key, n=str(number))
    fast = fast_path(app)
    assert (stored(app), fast.answered if fast else None) == (5, 4)


def test_fast_answers_keep_person_and_properties(
    client: FlaskClient, event_key: str, auth_headers: dict[str, str]
) -> None:
    track(client, event_key)
    track(client, event_key, _p="ann", plan="pro")
    event = listed(client, auth_headers)[0]
    assert (event["person"], event["properties"]) == ("ann", {"plan": "pro"})


def test_a_bad_event_is_left_to_flask(app: Flask, client: FlaskClient, event_key: str) -> None:
    track(client, event_key)
    answer = client.get("/e", query_string={"_k": event_key, "plan": "pro"})
    assert (answer.status_code, answer.data, stored(app)) == (400, b"0", 1)


def test_an_unknown_key_is_left_to_flask(client: FlaskClient, event_key: str) -> None:
    track(client, event_key)
    assert track(client, "gbk_unknown").data == b"0"


def test_a_revoked_key_is_refused_once_the_cache_forgets_it(
    client: FlaskClient, event_key: str, auth_headers: dict[str, str]
) -> None:
    track(client, event_key)
    key_id = client.get("/api/event/key", headers=auth_headers).get_json()["items"][0]["id"]
    client.delete(f"/api/event/key/{key_id}", headers=auth_headers)
    state(client.application).key_cache.ttl_seconds = 0
    assert track(client, event_key).data == b"0"


def test_a_failed_write_answers_0_with_500(
    app: Flask, client: FlaskClient, event_key: str, tmp_path: Path
) -> None:
    track(client, event_key)
    unreachable = open_database(f"sqlite:///{tmp_path / 'no-such-folder' / 'catalog.db'}")
    state(app).committer = GroupCommitter(unreachable)
    answer = track(client, event_key)
    assert (answer.status_code, answer.data) == (500, b"0")


def test_fast_answers_are_counted_on_the_status_page(
    app_factory: Callable[..., Flask], event_key: str
) -> None:
    monitored = app_factory(STATUS_ROUTES="/e")
    client = monitored.test_client()
    for _ in range(3):
        track(client, event_key)
    monitor = state(monitored).monitor
    assert monitor is not None
    counts = monitor.counters().drain()
    assert sum(slots[COUNT] for key, slots in counts.items() if key[0] == "/e") == 3


def test_a_host_app_gets_no_fast_path(settings_overrides: dict[str, Any]) -> None:
    host = Flask("host")
    Gaugeboard(host, overrides=settings_overrides)
    try:
        assert fast_path(host) is None
    finally:
        shutdown(host)


def test_a_failed_write_keeps_the_cross_origin_headers(
    app: Flask, client: FlaskClient, event_key: str, tmp_path: Path
) -> None:
    track(client, event_key)
    unreachable = open_database(f"sqlite:///{tmp_path / 'no-such-folder' / 'catalog.db'}")
    state(app).committer = GroupCommitter(unreachable)
    assert track(client, event_key).headers["Access-Control-Allow-Origin"] == "*"


def test_an_event_that_breaks_the_decoder_is_left_to_flask(
    client: FlaskClient, event_key: str
) -> None:
    track(client, event_key)
    nested = base64.b64encode(b"[" * 3000).decode()
    answer = client.get("/e", query_string={"_k": event_key, "_d": nested})
    assert (answer.status_code, answer.data) == (400, b"0")
