"""The notebook session of docs/client.md runs as written, against the real app (only
``connect`` is pointed at it), so the page stays true."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from flask import Flask

import gaugeboard.client
from gaugeboard.client import Session
from tests.client.conftest import BASE
from tests.client.wsgi import Recorder
from tests.jobs.helpers import runner_of

DOCS = Path(__file__).resolve().parents[2] / "docs" / "client.md"


def notebook_session() -> str:
    section = DOCS.read_text().split("## A session from a notebook", 1)[1]
    found = re.search(r"```python\n(.*?)```", section, re.S)
    assert found is not None
    return found.group(1)


def test_the_documented_session_runs(
    app: Flask, wsgi: Recorder, admin_token: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_connect = gaugeboard.client.connect

    def connect(url: str, token: str | None = None, **options: Any) -> Session:
        del url, token
        return real_connect(BASE, admin_token, transport=httpx.WSGITransport(app=wsgi), **options)

    monkeypatch.setattr(gaugeboard.client, "connect", connect)
    runner = runner_of(app)
    wsgi.before = lambda method, path: runner.tick() if path.startswith("/api/job/") else None
    names: dict[str, Any] = {}
    exec(compile(notebook_session(), str(DOCS), "exec"), names)
    assert (names["run"]["state"], len(names["before"]), names["rec_id"]) == ("succeeded", 3, 1)
    assert {name: str(dtype) for name, dtype in names["df"].dtypes.items()} == {
        "rec_id": "int64",
        "region": "str",
        "month": "object",
        "amount": "float64",
        "units": "Int64",
        "paid": "boolean",
        "at": "datetime64[us, UTC]",
    }
