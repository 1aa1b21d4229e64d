"""The API reference page in a real browser: Swagger UI, served from its Python package
under the strict CSP, draws every operation of the document with no console error and no
request to another host."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from tests.browser.module_server import module_server

pytestmark = pytest.mark.browser


def seed(_app: Flask) -> None:
    """The reference needs no data."""


@pytest.fixture(scope="module")
def base_url(request: pytest.FixtureRequest, backend: str) -> Iterator[str]:
    with module_server(request, backend, seed) as url:
        yield url


def open_reference(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/api/docs")
    page.wait_for_selector(".opblock")


def test_reference_draws_every_operation_of_the_document(page: Any, base_url: str) -> None:
    document = page.request.get(f"{base_url}/api/openapi.json").json()
    operations = sum(len(methods) for methods in document["paths"].values())
    open_reference(page, base_url)
    assert page.locator(".opblock").count() == operations


def test_reference_page_has_no_console_error(page: Any, base_url: str) -> None:
    open_reference(page, base_url)
    assert [entry for entry in page.gb_console if entry[0] in ("error", "pageerror")] == []


def test_reference_page_loads_nothing_from_other_hosts(page: Any, base_url: str) -> None:
    open_reference(page, base_url)
    assert page.gb_hosts == {"127.0.0.1"}
