"""No page of PAGES scrolls sideways on a phone (390 px wide): the pages and how they are
reached are in tests/browser/accessibility.py."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.accessibility import PAGES, Page, module_fixtures, open_drawn, opened_as

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
base_url, states = module_fixtures(needs_axe=False)


@pytest.mark.parametrize("checked", PAGES, ids=[p.name for p in PAGES])
def test_page_fits_a_phone_without_sideways_scrolling(
    browser: Any, states: dict[str, Any], base_url: str, checked: Page
) -> None:
    with opened_as(browser, states, checked, viewport=PHONE) as page:
        open_drawn(page, base_url, checked)
        width = page.evaluate("document.documentElement.scrollWidth")
        wide = page.evaluate(
            """(limit) => [...document.querySelectorAll('body *')]
              .filter((node) => node.getBoundingClientRect().right > limit + 1)
              .slice(0, 5).map((node) => `${node.tagName.toLowerCase()}.${node.className}`)""",
            PHONE["width"],
        )
    assert width <= PHONE["width"], f"{width} px wide; wide elements: {wide}"
