"""``/e`` says why it stored nothing: ``0`` as documented, plus a header and a log line."""

from __future__ import annotations

import logging

import pytest
from flask.testing import FlaskClient

REFUSED = "X-Gaugeboard-Refused"


def test_unknown_key_names_the_reason_in_a_header(client: FlaskClient) -> None:
    response = client.get("/e", query_string={"_k": "gbk_nope", "_n": "x"})
    assert (response.data, response.headers[REFUSED]) == (b"0", "_k: unknown event key")


def test_missing_key_names_the_reason(client: FlaskClient) -> None:
    response = client.get("/e", query_string={"_n": "x"})
    assert response.headers[REFUSED] == "_k: an event key is required"


def test_bad_key_after_the_fast_path_has_learned_still_explains(
    client: FlaskClient, event_key: str
) -> None:
    for _ in range(2):  # the first success teaches the fast path its headers
        assert client.get("/e", query_string={"_k": event_key, "_n": "x"}).data == b"1"
    response = client.get("/e", query_string={"_k": "gbk_nope", "_n": "x"})
    assert (response.data, response.headers[REFUSED]) == (b"0", "_k: unknown event key")


def test_success_has_no_refusal_header(client: FlaskClient, event_key: str) -> None:
    response = client.get("/e", query_string={"_k": event_key, "_n": "x"})
    assert REFUSED not in response.headers


def test_refusal_is_logged(client: FlaskClient, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="gaugeboard"):
        client.get("/e", query_string={"_k": "gbk_nope", "_n": "x"})
    assert any(
        "GET /e stored nothing (401): _k: unknown event key" in r.getMessage()
        for r in caplog.records
    )


def test_reason_in_header_is_ascii_on_one_line(client: FlaskClient, event_key: str) -> None:
    response = client.get("/e", query_string={"_k": event_key, "_n": "é\n" * 300})
    reason = response.headers.get(REFUSED, "")
    assert response.data == b"0" and reason.isascii() and "\n" not in reason


def test_page_scripts_may_read_the_reason(client: FlaskClient) -> None:
    response = client.get("/e", query_string={"_k": "gbk_nope", "_n": "x"})
    assert REFUSED in response.headers["Access-Control-Expose-Headers"]


def test_pixel_names_the_reason_too(client: FlaskClient) -> None:
    response = client.get("/e.gif", query_string={"_k": "gbk_nope", "_n": "x"})
    assert (response.headers["X-Gaugeboard-Stored"], response.headers[REFUSED]) == (
        "0",
        "_k: unknown event key",
    )
