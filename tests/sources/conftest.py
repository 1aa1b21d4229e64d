"""Fixtures of the source tests: a real JSON server on 127.0.0.1, and a source context on
the test's catalog database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from gaugeboard.sources.resolve import SourceContext
from tests.conftest import state
from tests.sources.json_server import JsonServer


@pytest.fixture
def server() -> Iterator[JsonServer]:
    with JsonServer() as running:
        yield running


@pytest.fixture
def context(app: Flask) -> Iterator[SourceContext]:
    """The context a dashboard request builds, on the app's real catalog and settings."""
    with state(app).database.sessions() as session:
        yield SourceContext(
            db=session,
            segments_dir=state(app).segments_dir,
            settings=state(app).settings.values,
        )
