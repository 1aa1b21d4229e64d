"""One app per test module for notebook runs (a kernel costs a second or two, so the tests
share the app, its users and its uploads), with its users, tokens and the runner ticked by
hand, and the notebooks the run tests execute for real."""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from gaugeboard.app import create_app
from gaugeboard.auth.api_tokens import create_token
from gaugeboard.auth.users import create_user
from gaugeboard.jobs.runner import JobRunner
from gaugeboard.store.notebooks import get_notebook
from tests.conftest import DEFAULT_PASSWORD, _truncate_all, shutdown, state
from tests.notebooks.builders import code, ipynb, markdown, notebook

PARAMETERS = 'region = "north"\nfactor = 2\nscale = 1.5\nshow = True\nitems = [1, 2]'
REPORT = (
    "total = factor * len(region)\n"
    'print(f"{region}: total={total} scale={scale} show={show} items={sum(items)}")'
)


def report_notebook(extra: str = "") -> bytes:
    """A notebook with parameters whose printed output shows the values it ran with."""
    cells = [
        markdown("# Regional report"),
        code(PARAMETERS, tags=["parameters"]),
        code(REPORT + extra),
    ]
    return ipynb(notebook(*cells))


@dataclass
class RunApp:
    app: Flask
    client: FlaskClient
    headers: dict[str, dict[str, str]]  # role → Authorization header
    counter: int = 0

    @property
    def runner(self) -> JobRunner:
        runner = state(self.app).jobs
        assert runner is not None
        return runner

    def tick(self) -> None:
        """Run every queued run here, now (the jobs timer is off in tests)."""
        self.runner.tick()

    def upload(self, data: bytes, role: str = "editor", query: str = "") -> int:
        """Upload to a fresh path; the notebook's id."""
        self.counter += 1
        name = f"runs/nb{self.counter}"
        response = self.client.post(
            f"/_api/notebooks/{name}{query}",
            data={"file": (io.BytesIO(data), "notebook.ipynb")},
            headers=self.headers[role],
            content_type="multipart/form-data",
        )
        assert response.status_code == 201, response.get_data(as_text=True)
        with state(self.app).database.sessions() as db:
            from gaugeboard.store.notebooks import find_notebook

            found = find_notebook(db, "runs", f"nb{self.counter}")
            assert found is not None
            return found.id

    def post(self, path: str, role: str, body: Any = None) -> TestResponse:
        return self.client.post(path, json=body, headers=self.headers[role])

    def get(self, path: str, role: str = "viewer") -> TestResponse:
        return self.client.get(path, headers=self.headers[role])

    def version(self, notebook_id: int) -> int:
        with state(self.app).database.sessions() as db:
            found = get_notebook(db, notebook_id)
            assert found is not None
            return found.version


def _users(app: Flask) -> dict[str, dict[str, str]]:
    headers = {}
    with state(app).database.sessions() as db:
        for role in ("admin", "editor", "viewer"):
            create_user(db, role, DEFAULT_PASSWORD, role)
            db.commit()
            _token, secret = create_token(db, role, "test", 0)
            db.commit()
            headers[role] = {"Authorization": f"Bearer {secret}"}
        create_user(db, "other", DEFAULT_PASSWORD, "viewer")
        db.commit()
        _token, secret = create_token(db, "other", "test", 0)
        db.commit()
        headers["other"] = {"Authorization": f"Bearer {secret}"}
    return headers


@pytest.fixture(scope="module")
def run_app(
    backend: str,
    tmp_path_factory: pytest.TempPathFactory,
    vega_bundle_cache: Path,
    request: pytest.FixtureRequest,
) -> Iterator[RunApp]:
    folder = tmp_path_factory.mktemp("notebook-runs")
    shutil.copytree(vega_bundle_cache, folder / "data" / "cache")
    if backend == "sqlite":
        shutil.copyfile(request.getfixturevalue("sqlite_template"), folder / "catalog.db")
        url = f"sqlite:///{folder / 'catalog.db'}"
    else:
        url = request.getfixturevalue("postgres_schema_url")
    overrides: dict[str, Any] = {
        "DATA_DIR": str(folder / "data"),
        "DATABASE_URL": url,
        "EVENT_SEAL_SECONDS": 0,
        "STATUS_FLUSH_SECONDS": 0,
        "JOBS_POLL_SECONDS": 0,
        "NOTEBOOK_MAX_KERNELS": 2,
        "NOTEBOOK_VIEWER_RUNS_PER_MINUTE": 6,
        "NOTEBOOK_CELL_TIMEOUT_SECONDS": 30,
        "NOTEBOOK_RUN_TIMEOUT_SECONDS": 60,
    }
    app = create_app(overrides)
    app.config["TESTING"] = True
    yield RunApp(app, app.test_client(), _users(app))
    shutdown(app)
    if backend != "sqlite":
        _truncate_all(url)


Json = Callable[[TestResponse], dict[str, Any]]


def body_of(response: TestResponse) -> dict[str, Any]:
    data = response.get_json()
    assert isinstance(data, dict), response.get_data(as_text=True)
    return data


def texts(outputs: dict[str, Any]) -> str:
    """Every text of a run's outputs, joined (what the page would show as text)."""
    found: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key in ("text", "value") and isinstance(item, str):
                    found.append(item)
                else:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(outputs)
    return "\n".join(found)
