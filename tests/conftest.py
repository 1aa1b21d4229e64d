"""Shared fixtures: a real catalog database per test (SQLite, and PostgreSQL when configured),
the app, its test client, the CLI runner, users and tokens made through the real services."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url

from gaugeboard.app import create_app
from gaugeboard.auth import passwords
from gaugeboard.auth.api_tokens import create_token
from gaugeboard.auth.users import create_user
from gaugeboard.cli import main
from gaugeboard.state import EXTENSION_KEY, GaugeboardState
from gaugeboard.store import migrate
from gaugeboard.store.base import Base
from gaugeboard.store.database import open_database

PG_URL_VARIABLE = "GAUGEBOARD_TEST_DATABASE_URL"
DEFAULT_PASSWORD = "correct horse battery"


def postgres_url() -> str | None:
    return os.environ.get(PG_URL_VARIABLE) or None


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashing() -> Iterator[None]:
    """scrypt at a low cost for the apps built in the test processes: the suite creates
    and signs in thousands of users, and each hash at the production cost takes about
    46 ms. The format and the checks are the same; servers started as subprocesses (the
    browser tests) keep the production cost."""
    production = passwords.SCRYPT_N
    passwords.SCRYPT_N = 2**8
    yield
    passwords.SCRYPT_N = production


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    """Every database test runs on SQLite, and again on PostgreSQL when one is configured."""
    if request.param == "postgresql" and postgres_url() is None:
        pytest.skip(
            f"PostgreSQL run skipped: set {PG_URL_VARIABLE} "
            "(e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test) to run the suite on "
            "PostgreSQL too; .ci/run sets it whenever a server answers on 127.0.0.1:5432"
        )
    return str(request.param)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite catalog, copied for each test (migrating each time would be slow)."""
    path = tmp_path_factory.mktemp("template") / "gaugeboard.db"
    database = open_database(f"sqlite:///{path}")
    migrate.upgrade(database)
    database.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_schema_url() -> Iterator[str]:
    """A schema of its own in the test database, migrated once, dropped at the end."""
    base = postgres_url()
    assert base is not None
    schema = f"gbtest_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    rendered = url.render_as_string(hide_password=False)
    database = open_database(rendered)
    migrate.upgrade(database)
    database.dispose()
    yield rendered
    emptier = _EMPTIERS.pop(rendered, None)
    if emptier is not None:
        emptier[0].dispose()
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


_EMPTIERS: dict[str, tuple[Engine, str]] = {}


def _truncate_all(url: str) -> None:
    """Empty every catalog table and restart its ids, between two tests.

    ``DELETE`` on the few rows a test leaves plus ``setval`` on each sequence takes a few
    milliseconds, where one ``TRUNCATE`` of all 26 tables took half a second: over the
    suite's PostgreSQL half that was minutes of ``make test``. The engine and the statement
    are made once per schema.
    """
    if url not in _EMPTIERS:
        engine = create_engine(url)
        with engine.begin() as connection:
            sequences = connection.execute(
                text(
                    "SELECT sequence_name FROM information_schema.sequences"
                    " WHERE sequence_schema = current_schema()"
                )
            ).scalars()
            restarts = [f"SELECT setval('\"{name}\"', 1, false)" for name in sequences]
        deletes = [f'DELETE FROM "{table.name}"' for table in reversed(Base.metadata.sorted_tables)]
        _EMPTIERS[url] = (engine, "; ".join(deletes + restarts))
    engine, statement = _EMPTIERS[url]
    with engine.begin() as connection:
        connection.exec_driver_sql(statement)


@pytest.fixture
def database_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    if backend == "sqlite":
        target = tmp_path / "catalog.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), target)
        yield f"sqlite:///{target}"
        return
    url = request.getfixturevalue("postgres_schema_url")
    yield url
    _truncate_all(url)


@pytest.fixture(scope="session")
def vega_bundle_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The chart library bundle, built once per test run (building takes about 2 s)."""
    from gaugeboard.web.vega_bundle import load_bundle

    cache = tmp_path_factory.mktemp("vega-cache")
    load_bundle(cache)
    return cache


@pytest.fixture
def data_dir(tmp_path: Path, vega_bundle_cache: Path) -> Path:
    """The instance folder of the test, with the chart bundle already in its cache."""
    path = tmp_path / "data"
    shutil.copytree(vega_bundle_cache, path / "cache")
    return path


@pytest.fixture
def settings_overrides(database_url: str, data_dir: Path) -> dict[str, Any]:
    """Overrides for the test app; tests add to this dict before ``app`` is built."""
    # The jobs and status timers are off in tests; tests seal, tick and flush explicitly.
    return {
        "DATA_DIR": str(data_dir),
        "DATABASE_URL": database_url,
        "EVENT_SEAL_SECONDS": 0,
        "STATUS_FLUSH_SECONDS": 0,
        "JOBS_POLL_SECONDS": 0,
    }


@pytest.fixture
def app(settings_overrides: dict[str, Any]) -> Iterator[Flask]:
    application = create_app(settings_overrides)
    application.config["TESTING"] = True
    yield application
    shutdown(application)


def shutdown(application: Flask) -> None:
    """Stop the app's background job (if it ran) and close its connections."""
    runner = state(application).jobs
    if runner is not None:
        runner.stop()
    monitor = state(application).monitor
    if monitor is not None:
        monitor.stop()
    state(application).database.dispose()


@pytest.fixture
def app_factory(settings_overrides: dict[str, Any]) -> Iterator[Callable[..., Flask]]:
    """Build more apps on the test's catalog (with extra overrides); all disposed at the end."""
    built: list[Flask] = []

    def build(**extra: Any) -> Flask:
        application = create_app({**settings_overrides, **extra})
        built.append(application)
        return application

    yield build
    for application in built:
        shutdown(application)


def state(application: Flask) -> GaugeboardState:
    value = application.extensions[EXTENSION_KEY]
    assert isinstance(value, GaugeboardState)
    return value


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def cli_env(settings_overrides: dict[str, Any]) -> dict[str, str]:
    return {f"GAUGEBOARD_{name}": str(value) for name, value in settings_overrides.items()}


@pytest.fixture
def runner(cli_env: dict[str, str]) -> Callable[..., Result]:
    """Run the ``gaugeboard`` command against the test's catalog."""
    cli_runner = CliRunner()

    def invoke(*args: str, input: str | None = None) -> Result:
        return cli_runner.invoke(main, list(args), env=cli_env, input=input, catch_exceptions=False)

    return invoke


@pytest.fixture
def make_user(app: Flask) -> Callable[..., Any]:
    """Create a user through the real service; returns the stored user."""
    counter = iter(range(1, 10_000))

    def make(
        name: str | None = None, role: str = "viewer", password: str = DEFAULT_PASSWORD
    ) -> Any:
        with state(app).database.sessions() as session:
            user = create_user(session, name or f"user{next(counter)}", password, role)
            session.commit()
            return user

    return make


@pytest.fixture
def make_token(app: Flask, make_user: Callable[..., Any]) -> Callable[..., str]:
    """Create a user of ``role`` (or use ``user_name``) and an API token; returns the secret."""

    def make(role: str = "admin", user_name: str | None = None, days: int = 0) -> str:
        name = user_name or make_user(role=role).name
        with state(app).database.sessions() as session:
            _token, secret = create_token(session, name, "test", days)
            session.commit()
            return secret

    return make


@pytest.fixture
def make_event_key(app: Flask) -> Callable[..., str]:
    """Create an event key through the real service; returns the secret (``_k``)."""
    from gaugeboard.events.keys import create_event_key

    counter = iter(range(1, 10_000))

    def make(name: str | None = None) -> str:
        with state(app).database.sessions() as session:
            _key, secret = create_event_key(session, name or f"site{next(counter)}")
            session.commit()
            return secret

    return make


@pytest.fixture
def event_key(make_event_key: Callable[..., str]) -> str:
    return make_event_key("website")


@pytest.fixture
def auth_headers(make_token: Callable[..., str]) -> dict[str, str]:
    """Headers of an admin's API token."""
    return {"Authorization": f"Bearer {make_token('admin')}"}


def login(client: FlaskClient, name: str, password: str = DEFAULT_PASSWORD) -> str:
    """Log in through ``POST /login`` with JSON; returns the session's CSRF token."""
    response = client.post("/login", json={"username": name, "password": password})
    assert response.status_code == 200, response.get_data(as_text=True)
    token = response.get_json()["csrf_token"]
    assert isinstance(token, str)
    return token
