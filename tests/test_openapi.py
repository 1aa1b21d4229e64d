"""The API contract: every route under the API prefixes is in ``/api/openapi.json`` with
its methods, standalone and in a host app; the reference page loads nothing from elsewhere;
and schemathesis calls every described operation with a token (no 5xx, answers match
their schema, errors have the one error body)."""

from __future__ import annotations

import atexit
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from typing import Any, get_args

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import (
    allow_header_conformance,
    negative_data_rejection,
    positive_data_acceptance,
)

from gaugeboard.api.contract import openapi_path
from gaugeboard.api.status_models import Impact, OpeningStatus, UpdateStatus
from gaugeboard.app import create_app
from gaugeboard.auth.access import declared_access
from gaugeboard.auth.api_tokens import create_token
from gaugeboard.auth.users import create_user
from gaugeboard.dashboards.service import create_dashboard
from gaugeboard.extension import Gaugeboard
from gaugeboard.monitor.incident_service import IMPACTS, INCIDENT_STATUSES, MAINTENANCE_STATUSES
from tests.conftest import DEFAULT_PASSWORD, shutdown, state

PREFIXES = ("/api", "/_api", "/e", "/events", "/flask-status", "/status")
IGNORED_METHODS = {"HEAD", "OPTIONS"}


@pytest.fixture
def host(settings_overrides: dict[str, Any]) -> Iterator[Flask]:
    app = Flask("contract_host")
    Gaugeboard(app, url_prefix="/gb", overrides=settings_overrides)
    yield app
    state(app).database.dispose()


def api_operations(app: Flask, prefix: str) -> set[str]:
    """``METHOD /path`` of every rule under the API prefixes (mount prefix removed)."""
    found = set()
    for rule in app.url_map.iter_rules():
        path = openapi_path(rule.rule)
        path = path.removeprefix(prefix) if path.startswith(prefix + "/") else path
        if any(path == p or path.startswith((p + "/", p + ".")) for p in PREFIXES):
            found.update(f"{m} {path}" for m in (rule.methods or set()) - IGNORED_METHODS)
    return found


def described_operations(document: dict[str, Any], prefix: str) -> set[str]:
    return {
        f"{method.upper()} {path.removeprefix(prefix)}"
        for path, operations in document["paths"].items()
        for method in operations
    }


@pytest.mark.parametrize("mounted", ["standalone", "host"])
def test_every_api_route_is_in_the_document(app: Flask, host: Flask, mounted: str) -> None:
    application, prefix = (app, "") if mounted == "standalone" else (host, "/gb")
    document = application.test_client().get(f"{prefix}/api/openapi.json").get_json()
    missing = api_operations(application, prefix) - described_operations(document, prefix)
    assert missing == set()


def test_every_operation_says_who_may_call_it(app: Flask) -> None:
    """The reference carries each route's access rule, the one the guard enforces."""
    document = app.test_client().get("/api/openapi.json").get_json()
    declared = {
        (openapi_path(rule.rule), method.lower()): declared_access(
            app.view_functions[rule.endpoint]
        )
        for rule in app.url_map.iter_rules()
        for method in rule.methods or ()
    }
    wrong = [
        f"{method.upper()} {path}"
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        if operation.get("x-gaugeboard-access") != declared[(path, method)].value
        or not operation["description"].startswith("Who may call it: ")
    ]
    assert wrong == []


def test_docs_page_loads_only_its_own_files(host: Flask) -> None:
    client = host.test_client()
    page = client.get("/gb/api/docs")
    html = page.get_data(as_text=True)
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(source.startswith("/gb/") for source in sources)
    assert "<script>" not in html
    for source in sources:
        with client.get(source) as response:
            assert response.status_code == 200
    assert client.get("/gb/api/docs/index.html").get_json()["code"] == "not_found"


def test_status_literals_are_the_monitors() -> None:
    assert get_args(Impact) == IMPACTS
    assert get_args(OpeningStatus) == INCIDENT_STATUSES[:-1]
    assert set(get_args(UpdateStatus)) == {*INCIDENT_STATUSES, *MAINTENANCE_STATUSES}


# --- schemathesis, in-process against a standalone app with an admin token -------------

# Operations whose 400s can follow from rules a schema cannot state (the check that a
# schema-valid request is accepted is off for them, every other check stays on).
RULES_BEYOND_THE_SCHEMA = {
    "GET /api/activity": "since and until are ISO 8601 times or epoch seconds, in order",
    "PUT /api/permission": "each grant names a user or team that exists",
    "PUT /api/team/{team}/members": "each member is a user that exists",
    "POST /api/team/{team}/user": "the user exists",
    "DELETE /api/team/{team}/user": "the user exists and is a member",
    "DELETE /api/team/{team}/parameter": "the team has the parameter",
    "PUT /api/data/{dataset_id}": "each row filter names a column of the data set",
    "PUT /api/user/{user}": "a new name is free; the last active admin stays one",
    "PUT /api/user/{user}/password": "your own password needs current_password",
    "POST /api/schedule": "job_type is registered, cron parses, the zone and target exist",
    "PUT /api/schedule/{schedule_id}": "as POST /api/schedule; a system schedule only pauses",
    "POST /api/alert": "channels name users and teams that exist, webhook URLs reach allowed"
    " hosts, plain addresses follow NOTIFY_ALLOW_ADDRESSES; a data set exists",
    "PUT /api/alert/{alert_id}": "as POST /api/alert",
    "POST /api/alert/test": "a data set exists and the caller may read it",
    "POST /api/alert/{alert_id}/silence": "until is in the future",
    "POST /api/job": "job_type is registered, its arguments fit it, the target exists",
    "POST /api/data": "column names differ, a dropdown lists its values, key_columns name"
    " columns, the name is not digits only",
    "GET /api/data/{dataset_id}": "filters is a JSON list of {column, op, value}",
    "GET /api/data/{dataset_id}/v/{version}": "filters is a JSON list of {column, op, value}",
    "POST /api/data/{dataset_id}/row": "rows or data: exactly one of them",
    "PUT /api/data/{dataset_id}/row": "set with filters or find, or rows or data with keys",
    "DELETE /api/data/{dataset_id}/row": "find or filters name the rows, as JSON",
    "PUT /api/data/{dataset_id}/source": "a metric query parses, the SQL is one SELECT",
    "POST /api/data/{dataset_id}/{method}": "the data set has a source, and key columns for"
    " update and updateappend",
    "POST /api/oauth/token": "client_id and client_secret are in the form or in HTTP Basic",
    "POST /api/oauth20/token": "client_id and client_secret are in the form or in HTTP Basic",
    "GET /e": "_d is base64 of JSON events",
    "POST /e": "_d is base64 of JSON events, a body is JSON events",
    "POST /_api/notebooks/{path}": "the file is a notebook nbformat accepts (.ipynb) or a zip"
    " bundle holding one, and the path's names are valid",
}
# The pixel answers its GIF whatever it is sent (X-Gaugeboard-Stored says what happened),
# as the reference's does, so no request of it is refused.
ANSWERS_EVERYTHING = {"GET /e.gif"}
FUZZ_EXAMPLES = int(os.environ.get("GAUGEBOARD_FUZZ_EXAMPLES", "15"))
# `make test` draws the same bounded examples every run (a red CI names a real fault, not
# a lucky draw); `make fuzz` sets the variable and explores at random.
FUZZ_DERANDOMIZE = "GAUGEBOARD_FUZZ_EXAMPLES" not in os.environ


def fuzz_app() -> tuple[Flask, str]:
    """A standalone app on a fresh SQLite catalog, with an admin, a token and a dashboard."""
    folder = FUZZ_FOLDER
    application = create_app(
        {
            "DATA_DIR": folder,
            "DATABASE_URL": f"sqlite:///{folder}/catalog.db",
            "EVENT_SEAL_SECONDS": 0,
            "STATUS_FLUSH_SECONDS": 0,
            # Schemathesis sends wrong Basic credentials to every operation from one address;
            # the sign-in rate limit would answer 429 after ten (tests/auth prove it does).
            "LOGIN_MAX_ATTEMPTS": 1_000_000,
        }
    )
    with state(application).database.sessions() as session:
        user = create_user(session, "root", DEFAULT_PASSWORD, "admin")
        session.commit()
        _token, secret = create_token(session, "root", "fuzz", 30)
        create_dashboard(session, {"name": "first", "title": "First", "widgets": []}, user.id)
        session.commit()
    return application, secret


FUZZ_FOLDER = tempfile.mkdtemp(prefix="gaugeboard-fuzz-")
# Removed when the run ends: module fixtures can be torn down and set up again when the
# session's backend parameter changes, and the app must still find its catalog then.
atexit.register(shutil.rmtree, FUZZ_FOLDER, ignore_errors=True)
FUZZ_APP, FUZZ_TOKEN = fuzz_app()
SCHEMA = schemathesis.openapi.from_wsgi("/api/openapi.json", FUZZ_APP)
# NUL is refused anywhere in a JSON body, the names of extra fields included.
SCHEMA.config.generation.update(allow_x00=False)


# Session-scoped: the database parameter regroups tests across modules, so a module-scoped
# teardown could close the app before this module's last contract test.
@pytest.fixture(scope="session", autouse=True)
def _close_fuzz_app() -> Iterator[None]:
    yield
    shutdown(FUZZ_APP)


@SCHEMA.parametrize()
@settings(
    max_examples=FUZZ_EXAMPLES,
    derandomize=FUZZ_DERANDOMIZE,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_contract(case: Any) -> None:
    # Allow is the union of every rule a URL matches (PUT /api/user/me is /user/<user> for a
    # user named "me"; GET /api/dashboard/import is the dashboard at that path), which one
    # OpenAPI path cannot say.
    case.call_and_validate(
        headers={"Authorization": f"Bearer {FUZZ_TOKEN}"},
        excluded_checks=excluded_checks(case.operation.label),
    )


def excluded_checks(operation: str) -> list[Any]:
    excluded: list[Any] = [allow_header_conformance]
    if operation in RULES_BEYOND_THE_SCHEMA:
        excluded.append(positive_data_acceptance)
    if operation in ANSWERS_EVERYTHING:
        excluded.append(negative_data_rejection)
    return excluded
