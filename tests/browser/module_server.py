"""One `gaugeboard serve` shared by the tests of a module (browser tests run twice in CI, so
starting a server per test adds up). The catalog is the test run's SQLite template copy or
its PostgreSQL schema, emptied again at the end, as tests/conftest.py does per test."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from flask import Flask

from gaugeboard.app import create_app
from gaugeboard.auth.api_tokens import create_token
from gaugeboard.auth.users import create_user
from tests.conftest import DEFAULT_PASSWORD, _truncate_all, shutdown, state
from tests.live_server import running_server


@contextmanager
def module_server(
    request: pytest.FixtureRequest,
    backend: str,
    seed: Callable[[Flask], None],
    extra_env: dict[str, str] | None = None,
) -> Iterator[str]:
    """Seed the catalog with ``seed(app)``, start the server, yield its base URL. The
    module fixture asks for ``backend`` itself, so that it runs once per database."""
    folder = request.getfixturevalue("tmp_path_factory").mktemp("module-server")
    if backend == "sqlite":
        target = folder / "catalog.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), target)
        database_url = f"sqlite:///{target}"
    else:
        database_url = request.getfixturevalue("postgres_schema_url")
    data_dir = folder / "data"
    shutil.copytree(request.getfixturevalue("vega_bundle_cache"), data_dir / "cache")
    settings: dict[str, Any] = {
        "DATA_DIR": str(data_dir),
        "DATABASE_URL": database_url,
        "EVENT_SEAL_SECONDS": 0,
        "STATUS_FLUSH_SECONDS": 0,
        # The timed system jobs a browser test never waits for: off, so a module's server
        # spends no CPU drawing thumbnails or evaluating alerts behind the test's back.
        "THUMBNAIL_REFRESH_SECONDS": 0,
        "ALERT_EVALUATE_SECONDS": 0,
        "REPORT_CHECK_SECONDS": 0,
    }
    app = create_app(settings)
    try:
        seed(app)
    finally:
        shutdown(app)
    env = {f"GAUGEBOARD_{name}": str(value) for name, value in settings.items()}
    try:
        with running_server({**env, **(extra_env or {})}, folder / "serve.log") as base_url:
            yield base_url
    finally:
        if backend != "sqlite":
            _truncate_all(database_url)


def editor_with_token(secrets: list[str]) -> Callable[[Flask], None]:
    """A seed storing the editor "ed" (who signs in on the pages); it appends an API token
    of theirs to ``secrets``, for the module's API calls."""

    def seed(app: Flask) -> None:
        with state(app).database.sessions() as session:
            create_user(session, "ed", DEFAULT_PASSWORD, "editor")
            secrets.append(create_token(session, "ed", "browser test", 0)[1])
            session.commit()

    return seed
