"""Fixtures of the segment and sealing tests: a catalog session and the segments folder of
the test's app."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from tests.conftest import state


@pytest.fixture
def db(app: Flask) -> Iterator[Session]:
    with state(app).database.sessions() as session:
        yield session


@pytest.fixture
def root(app: Flask) -> Path:
    return state(app).segments_dir
