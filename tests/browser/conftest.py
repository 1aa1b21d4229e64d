"""A real Chromium (Debian's /usr/bin/chromium) driven by Playwright, one per test session.

Browser tests check what the pages do, which does not depend on the catalog database, so
most modules run on SQLite only; the API and service tests run every query on both
databases. The modules in BOTH_DATABASES drive pages whose work is mostly catalog writes
(admin screens, data sets, jobs) and keep running on PostgreSQL too when it is configured.

Each person signs in once per module and server (`signed_in`), not once per test; see
tests/browser/signing_in.py.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.signing_in import SignedIn
from tests.browser.watched import watched_page

CHROMIUM = Path(os.environ.get("GAUGEBOARD_TEST_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


BOTH_DATABASES = frozenset(
    {
        "tests/browser/test_admin_in_browser.py",
        "tests/browser/test_datasets_in_browser.py",
        "tests/browser/test_jobs_in_browser.py",
    }
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Leave out the PostgreSQL copy of the browser tests outside BOTH_DATABASES."""
    kept, dropped = [], []
    for item in items:
        module = item.nodeid.split("::", 1)[0]
        callspec = getattr(item, "callspec", None)
        on_postgres = callspec is not None and callspec.params.get("backend") == "postgresql"
        in_browser = module.startswith("tests/browser/")
        if on_postgres and in_browser and module not in BOTH_DATABASES:
            dropped.append(item)
        else:
            kept.append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip(
            f"no Chromium at {CHROMIUM}: install Debian's package (apt-get install chromium; "
            "`make test` does this when run as root) to run the browser tests"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context()
    yield watched_page(context)
    context.close()


@pytest.fixture(scope="module")
def signed_in(browser: Any, backend: str) -> SignedIn:
    """People signed in once per module (and database) and server: ``signed_in.open(page,
    base_url, user, path)`` opens a page as that person without typing the form again."""
    return SignedIn(browser)
