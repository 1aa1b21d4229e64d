"""The colour theme toggle in a real browser: the choice applies at once, is remembered
across pages (cookie and localStorage), arrives with the HTML (no flash of the other
theme), and charts are redrawn in the new colours."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from gaugeboard.auth.users import create_user
from gaugeboard.dashboards.service import create_dashboard
from tests.browser.documents import EVERYTHING
from tests.browser.module_server import module_server
from tests.browser.signing_in import SignedIn
from tests.conftest import DEFAULT_PASSWORD, state

pytestmark = pytest.mark.browser

CHART_ONLY: dict[str, Any] = {
    **EVERYTHING,
    "name": "chart",
    "folder": "ops",
    "theme": "auto",
    "widgets": [EVERYTHING["widgets"][0]],
}
DRAWN = "() => !!document.querySelector('.gb-widget[data-state=rendered] svg')"
BACKGROUND = "getComputedStyle(document.body).backgroundColor"
LIGHT_BG, DARK_BG = "rgb(246, 247, 249)", "rgb(20, 23, 29)"
AXIS_LABEL = "document.querySelector('.gb-widget svg .role-axis-label text').getAttribute('fill')"


def seed(app: Flask) -> None:
    with state(app).database.sessions() as session:
        create_user(session, "ann", DEFAULT_PASSWORD, "viewer")
        create_dashboard(session, CHART_ONLY, None)
        session.commit()


@pytest.fixture(scope="module")
def base_url(request: pytest.FixtureRequest, backend: str) -> Iterator[str]:
    with module_server(request, backend, seed) as url:
        yield url


def home(page: Any, signed_in: SignedIn, base_url: str) -> Any:
    """The home page, where sign-in leads, as ann under a light system scheme."""
    page.emulate_media(color_scheme="light")
    signed_in.open(page, base_url, "ann", "/")
    return page


def test_choosing_dark_applies_at_once(page: Any, base_url: str, signed_in: SignedIn) -> None:
    home(
        page,
        signed_in,
        base_url,
    ).select_option("#gb-theme", "dark")
    assert page.evaluate(BACKGROUND) == DARK_BG


def test_choice_is_remembered_in_cookie_and_storage(
    page: Any, base_url: str, signed_in: SignedIn
) -> None:
    home(page, signed_in, base_url).select_option("#gb-theme", "dark")
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    stored = page.evaluate("localStorage.getItem('gb-theme')")
    assert (cookies.get("gb_theme"), stored) == ("dark", "dark")


def test_next_page_arrives_dark_before_any_script(
    page: Any, base_url: str, signed_in: SignedIn
) -> None:
    home(page, signed_in, base_url).select_option("#gb-theme", "dark")
    html = page.request.get(f"{base_url}/dashboards/").text()
    assert '<html lang="en" class="gb-ui-dark">' in html


def test_light_choice_wins_over_a_dark_system(
    page: Any, base_url: str, signed_in: SignedIn
) -> None:
    home(page, signed_in, base_url).select_option("#gb-theme", "light")
    page.emulate_media(color_scheme="dark")
    page.reload()
    assert page.evaluate(BACKGROUND) == LIGHT_BG


def test_system_choice_follows_the_system(page: Any, base_url: str, signed_in: SignedIn) -> None:
    home(page, signed_in, base_url).emulate_media(color_scheme="dark")
    assert page.evaluate(BACKGROUND) == DARK_BG and page.input_value("#gb-theme") == "system"


def test_storage_restores_a_lost_cookie(page: Any, base_url: str, signed_in: SignedIn) -> None:
    home(page, signed_in, base_url).select_option("#gb-theme", "dark")
    page.context.clear_cookies()
    page.goto(f"{base_url}/login")
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    assert (page.evaluate(BACKGROUND), cookies.get("gb_theme")) == (DARK_BG, "dark")


def test_charts_are_redrawn_in_the_new_colours(
    page: Any, base_url: str, signed_in: SignedIn
) -> None:
    home(page, signed_in, base_url).goto(f"{base_url}/dashboards/ops/chart")
    page.wait_for_function(DRAWN)
    before = page.evaluate(AXIS_LABEL)
    page.select_option("#gb-theme", "dark")
    page.wait_for_function(f"() => {AXIS_LABEL} !== {before!r}")
    assert page.evaluate(AXIS_LABEL) == "#e6e9ef"
