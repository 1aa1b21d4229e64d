"""Signing in and out through the form in a real browser: the session cookie, and after
signing out a dashboard sends the reader back to the sign-in page."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from gaugeboard.auth.users import create_user
from gaugeboard.dashboards.service import create_dashboard
from gaugeboard.http.session_cookie import SESSION_COOKIE
from tests.browser.module_server import module_server
from tests.browser.signing_in import sign_in as typed_sign_in
from tests.conftest import DEFAULT_PASSWORD, state
from tests.dashboards.factories import chart_document

pytestmark = pytest.mark.browser

DASHBOARD = "/dashboards/team/reports/sales"


def seed(app: Flask) -> None:
    with state(app).database.sessions() as session:
        create_user(session, "ann", DEFAULT_PASSWORD, "viewer")
        create_dashboard(session, chart_document(), None)
        session.commit()


@pytest.fixture(scope="module")
def base_url(request: pytest.FixtureRequest, backend: str) -> Iterator[str]:
    with module_server(request, backend, seed) as url:
        yield url


def sign_in(page: Any, base_url: str, password: str = DEFAULT_PASSWORD) -> None:
    """ann types her name and ``password`` into the form, asking for DASHBOARD."""
    typed_sign_in(page, base_url, "ann", DASHBOARD, password)


def session_cookies(page: Any) -> list[dict[str, Any]]:
    return [c for c in page.context.cookies() if c["name"] == SESSION_COOKIE]


def test_sign_in_sets_an_http_only_session_cookie(page: Any, base_url: str) -> None:
    sign_in(page, base_url)
    assert [(c["httpOnly"], c["sameSite"]) for c in session_cookies(page)] == [(True, "Lax")]


def test_sign_in_lands_on_the_dashboard_signed_in(page: Any, base_url: str) -> None:
    sign_in(page, base_url)
    assert (page.url, page.locator(".gb-user").inner_text()) == (
        f"{base_url}{DASHBOARD}",
        "ann (viewer)",
    )


def test_wrong_password_is_refused_on_the_form(page: Any, base_url: str) -> None:
    sign_in(page, base_url, password="not the password")
    assert (page.locator(".gb-alert").count(), session_cookies(page)) == (1, [])


def test_sign_out_leads_to_the_sign_in_page(page: Any, base_url: str) -> None:
    sign_in(page, base_url)
    with page.expect_navigation():
        page.click(".gb-header button[type=submit]")
    assert (page.url.split("?")[0], session_cookies(page)) == (f"{base_url}/login", [])


def test_after_sign_out_a_dashboard_asks_to_sign_in(page: Any, base_url: str) -> None:
    sign_in(page, base_url)
    with page.expect_navigation():
        page.click(".gb-header button[type=submit]")
    page.goto(f"{base_url}{DASHBOARD}")
    shown = (page.url.split("?")[0], page.locator("#gb-password").count())
    assert (shown, page.locator(".gb-widget").count()) == ((f"{base_url}/login", 1), 0)


def test_sign_in_and_out_log_no_console_error(page: Any, base_url: str) -> None:
    sign_in(page, base_url)
    page.wait_for_selector(".gb-widget[data-state=rendered]")
    with page.expect_navigation():
        page.click(".gb-header button[type=submit]")
    assert [entry for entry in page.gb_console if entry[0] in ("error", "pageerror")] == []
