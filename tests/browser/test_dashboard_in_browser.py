"""The first vertical slice in a real browser: log in, open a dashboard, see the chart."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from gaugeboard.auth.users import create_user
from gaugeboard.dashboards.service import create_dashboard
from tests.conftest import DEFAULT_PASSWORD, state
from tests.dashboards.factories import chart_document
from tests.live_server import running_server

pytestmark = pytest.mark.browser


@pytest.fixture
def seeded_server(
    app_factory: Callable[..., Flask], cli_env: dict[str, str], tmp_path: Path
) -> Iterator[str]:
    app = app_factory()
    with state(app).database.sessions() as session:
        create_user(session, "ann", DEFAULT_PASSWORD, "viewer")
        create_dashboard(session, chart_document(), None)
        session.commit()
    with running_server(cli_env, tmp_path / "serve.log") as base_url:
        yield base_url


def log_in_and_open(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/dashboards/team/reports/sales")
    page.fill("#gb-username", "ann")
    page.fill("#gb-password", DEFAULT_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector(".gb-widget[data-state=rendered]", timeout=30_000)


def test_chart_is_drawn_as_svg(page: Any, seeded_server: str) -> None:
    log_in_and_open(page, seeded_server)
    assert page.locator("#widget-by-region .gb-chart svg").count() == 1


def test_chart_marks_are_drawn(page: Any, seeded_server: str) -> None:
    log_in_and_open(page, seeded_server)
    assert page.locator("#widget-by-region svg .mark-rect path").count() == 1


def test_no_console_error_is_logged(page: Any, seeded_server: str) -> None:
    log_in_and_open(page, seeded_server)
    page.goto(f"{seeded_server}/dashboards/")
    page.wait_for_load_state("networkidle")
    assert [entry for entry in page.gb_console if entry[0] in ("error", "pageerror")] == []


def test_no_request_leaves_loopback(page: Any, seeded_server: str) -> None:
    log_in_and_open(page, seeded_server)
    page.wait_for_load_state("networkidle")
    assert page.gb_hosts == {"127.0.0.1"}


def test_login_lands_on_the_requested_dashboard(page: Any, seeded_server: str) -> None:
    log_in_and_open(page, seeded_server)
    assert page.url == f"{seeded_server}/dashboards/team/reports/sales"
