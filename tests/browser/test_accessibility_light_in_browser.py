"""An automated accessibility check: axe-core (installed by `make axe` into .venv/axe) runs
on each page of PAGES in the light theme, chosen with the header's theme picker (its cookie), and
must find no violation of WCAG 2.1 A/AA or axe's best practices (colour contrast
included). The pages and how they are reached are in tests/browser/accessibility.py."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.accessibility import LIGHT, Page, check_page, module_fixtures

pytestmark = pytest.mark.browser

base_url, states = module_fixtures(needs_axe=True)


@pytest.mark.parametrize("checked", LIGHT, ids=[p.name for p in LIGHT])
def test_page_has_no_accessibility_violation_in_the_light_theme(
    browser: Any, states: dict[str, Any], base_url: str, checked: Page
) -> None:
    check_page(browser, states, base_url, checked, "light")
