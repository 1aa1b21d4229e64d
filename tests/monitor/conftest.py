from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import shutdown
from tests.monitor.monitored_app import build_monitored_app


@pytest.fixture
def monitored(settings_overrides: dict[str, Any]) -> Iterator[Flask]:
    app = build_monitored_app(settings_overrides)
    yield app
    shutdown(app)


@pytest.fixture
def monitored_client(monitored: Flask) -> FlaskClient:
    return monitored.test_client()
