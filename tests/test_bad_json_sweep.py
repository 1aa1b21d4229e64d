"""Bodies that Python's JSON reader or the database chokes on (a 5,000-digit number, 10,000
levels of nesting, a lone surrogate, NUL) are posted to every route that takes a body: each answers
with an error the caller can read, never a 500, and nothing is logged as an error. The
sweep walks the URL map, so the next route is covered without editing this file."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.dashboards.api_helpers import create
from tests.test_route_sweep import gaugeboard_rules, sample_url

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
BIG_INT = b'{"x": ' + b"7" * 5000 + b"}"
DEEP = b"[" * 10_000 + b"]" * 10_000
# The field each route reads text from, so the surrogate lands where it would be stored.
TEXT_FIELD = {
    "gaugeboard.web.login": "username",
    "gaugeboard.api.token_create": "label",
    "gaugeboard.api.incident_create": "title",
    "gaugeboard.api.incident_update": "body",
    "gaugeboard.api.configure_route": "rule",
    "gaugeboard_status.configure_route": "rule",
    "gaugeboard.track.api_event": "_n",
}
# Refusals that may come before the body is read (no such thing, wrong state, no rights).
EARLIER_REFUSALS = {401, 403, 404, 405, 409, 412, 415, 428}
# The tracking API answers in the seed's own format rather than the JSON error body.
SEED_FORMAT_PREFIX = "gaugeboard.track."


def url_for_method(rule: Any, method: str) -> str:
    """The sample URL; a DELETE addresses nothing that exists (it must not remove the
    caller's token or the sample dashboard), so only routes that read its body first count."""
    if method != "DELETE":
        return sample_url(rule)
    return re.sub(r"<(?:[a-z]+:)?\w+>", "999", rule.rule)


def text_body(endpoint: str, escape: bytes) -> bytes:
    field = TEXT_FIELD.get(endpoint, "name").encode()
    return b'{"%s": "a%s", "title": "b%s"}' % (field, escape, escape)


def bodies_for(endpoint: str) -> dict[str, bytes]:
    return {
        "big integer": BIG_INT,
        "deep nesting": DEEP,
        "lone surrogate": text_body(endpoint, b"\\ud800"),
        # Valid JSON and valid Unicode, but PostgreSQL refuses NUL in text.
        "NUL": text_body(endpoint, b"\\u0000"),
    }


@pytest.fixture
def sweep_client(
    app: Flask, client: FlaskClient, auth_headers: dict[str, str], make_user: Callable[..., Any]
) -> FlaskClient:
    """An app where the sample URLs' ids and names exist, so routes get as far as the body."""
    create(client, auth_headers)
    make_user("x")
    client.post("/api/team", json={"name": "x"}, headers=auth_headers)
    client.post("/api/status/incident", json={"title": "Down"}, headers=auth_headers)
    return client


def answer_problems(endpoint: str, name: str, response: TestResponse) -> list[str]:
    status = response.status_code
    if status >= 300 and status != 400 and status not in EARLIER_REFUSALS:
        return [f"{name} -> {status}"]
    if endpoint.startswith(SEED_FORMAT_PREFIX) or status != 400:
        return []
    body = response.get_json(silent=True)
    if not isinstance(body, dict) or body.get("ok") is not False or not body.get("error"):
        return [f"{name} -> 400 without the JSON error body"]
    return []


def test_no_route_fails_on_bodies_json_cannot_hold(
    app: Flask,
    sweep_client: FlaskClient,
    auth_headers: dict[str, str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.ERROR)
    problems = []
    for rule in gaugeboard_rules(app):
        for method in sorted((rule.methods or set()) & WRITE_METHODS):
            for name, body in bodies_for(rule.endpoint).items():
                response = sweep_client.open(
                    url_for_method(rule, method),
                    method=method,
                    data=body,
                    content_type="application/json",
                    headers={**auth_headers, "Accept": "application/json", "If-Match": '"v1"'},
                )
                label = f"{method} {rule.rule} {name}"
                problems += answer_problems(rule.endpoint, label, response)
    logged = [record.getMessage() for record in caplog.records if record.levelno >= logging.ERROR]
    assert problems == []
    assert logged == []
