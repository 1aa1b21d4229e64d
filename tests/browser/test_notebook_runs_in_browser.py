"""A notebook with parameters in a real browser against a real ``gaugeboard serve``: the
page shows the parameters as inputs, a viewer fills one in and runs it, the server's jobs
timer runs the notebook on a real kernel, and the page draws the new output in place."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from gaugeboard.auth.api_tokens import create_token
from gaugeboard.auth.users import create_user
from tests.browser.module_server import module_server
from tests.browser.signing_in import SignedIn
from tests.browser.test_notebooks_in_browser import DRAWN, errors, upload
from tests.conftest import DEFAULT_PASSWORD, state
from tests.notebooks.run_helpers import report_notebook

pytestmark = pytest.mark.browser
pytest.importorskip("ipykernel")
SECRET: dict[str, str] = {}


def seed(app: Flask) -> None:
    with state(app).database.sessions() as session:
        create_user(session, "ann", DEFAULT_PASSWORD, "viewer")
        create_user(session, "ed", DEFAULT_PASSWORD, "editor")
        _token, SECRET["ed"] = create_token(session, "ed", "browser test", 0)
        session.commit()


@pytest.fixture(scope="module")
def runs_server(request: pytest.FixtureRequest, backend: str) -> Iterator[str]:
    env = {"GAUGEBOARD_JOBS_POLL_SECONDS": "1"}
    with module_server(request, backend, seed, env) as base_url:
        assert upload(base_url, SECRET["ed"], "team/report", report_notebook(), "r.ipynb") == 201
        yield base_url


def test_a_viewer_runs_the_notebook_with_a_parameter_and_sees_the_output(
    page: Any, runs_server: str, signed_in: SignedIn
) -> None:
    signed_in.open(page, runs_server, "ann", "/dashboards/team/report")
    page.wait_for_function(DRAWN, timeout=30_000)
    assert page.locator("#gb-param-factor").input_value() == "2"
    assert page.locator("#gb-param-show").is_checked()
    page.fill("#gb-param-region", "west")
    page.fill("#gb-param-factor", "5")
    page.click("#gb-notebook-parameters button[type=submit]")
    page.wait_for_function(
        "() => document.getElementById('gb-notebook-parameters').dataset.state === 'done'",
        timeout=60_000,
    )
    page.wait_for_function(DRAWN, timeout=30_000)
    assert "west: total=20 scale=1.5 show=True items=3" in page.locator("#cell-2").inner_text()
    assert errors(page) == []


def test_a_bad_value_is_named_on_the_form(page: Any, runs_server: str, signed_in: SignedIn) -> None:
    signed_in.open(page, runs_server, "ann", "/dashboards/team/report")
    page.wait_for_function(DRAWN, timeout=30_000)
    page.fill("#gb-param-factor", "2.5")
    page.click("#gb-notebook-parameters button[type=submit]")
    page.wait_for_function(
        "() => document.getElementById('gb-notebook-parameters').dataset.state === 'failed'"
    )
    status = page.locator(".gb-parameters-status").inner_text()
    assert status == "parameters.factor: must be a whole number"
