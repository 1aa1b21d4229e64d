"""The Browse page in a real browser: the search box filters across the tree, breadcrumbs
lead back up, times turn local, and nothing logs an error under the strict CSP."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from gaugeboard.auth.users import create_user
from gaugeboard.dashboards.service import create_dashboard
from tests.browser.module_server import module_server
from tests.browser.signing_in import SignedIn
from tests.conftest import DEFAULT_PASSWORD, state
from tests.dashboards.factories import chart_document

pytestmark = pytest.mark.browser

STORED = [
    ("team/reports", "sales", "Sales"),
    ("team/reports/deep", "revenue", "Revenue"),
    ("team", "costs", "Costs"),
]


def seed(app: Flask) -> None:
    with state(app).database.sessions() as session:
        create_user(session, "ann", DEFAULT_PASSWORD, "viewer")
        for folder, name, title in STORED:
            create_dashboard(session, chart_document(folder=folder, name=name, title=title), None)
        session.commit()


@pytest.fixture(scope="module")
def browse_server(request: pytest.FixtureRequest, backend: str) -> Iterator[str]:
    """One server for the module: its tests only read."""
    with module_server(request, backend, seed) as base_url:
        yield base_url


def names(page: Any) -> list[str]:
    return [
        text.strip()
        for text in page.locator(".gb-listing tbody td:first-child a").all_inner_texts()
    ]


def errors(page: Any) -> list[tuple[str, str]]:
    return [entry for entry in page.gb_console if entry[0] in ("error", "pageerror")]


def test_search_box_filters_across_the_tree(
    page: Any, browse_server: str, signed_in: SignedIn
) -> None:
    signed_in.open(page, browse_server, "ann", "/dashboards/team/")
    page.get_by_label("Search below team").fill("reven")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/dashboards/team/?search=reven")
    assert names(page) == ["Revenue"]


def test_breadcrumb_leads_back_to_a_parent_folder(
    page: Any, browse_server: str, signed_in: SignedIn
) -> None:
    signed_in.open(page, browse_server, "ann", "/dashboards/team/reports/deep/")
    breadcrumb = page.get_by_role("navigation", name="Breadcrumb")
    breadcrumb.get_by_role("link", name="team", exact=True).click()
    page.wait_for_url(f"{browse_server}/dashboards/team/")
    assert names(page) == ["reports/", "Costs"]


def test_last_change_is_shown_in_local_time_without_errors(
    page: Any, browse_server: str, signed_in: SignedIn
) -> None:
    signed_in.open(page, browse_server, "ann", "/dashboards/team/")
    stamp = page.locator("time.gb-local-time").first
    page.wait_for_function("() => document.querySelector('time.gb-local-time').title !== ''")
    assert not stamp.inner_text().endswith("Z") and errors(page) == []
