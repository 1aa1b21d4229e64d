"""Imports point down the flow (DESIGN.md): the store imports nothing above it, widgets
touch no database, nothing below the web layer imports Flask request handling, and the
pages (``web``) and the JSON API (``api``) share the request layer (``http``) without
importing each other."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "gaugeboard"


def imported_modules(package: str) -> set[str]:
    names: set[str] = set()
    for path in (PACKAGE / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
            elif isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
    return names


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        (
            "store",
            (
                "gaugeboard.auth",
                "gaugeboard.web",
                "gaugeboard.api",
                "gaugeboard.http",
                "gaugeboard.dashboards",
                "gaugeboard.monitor",
                "gaugeboard.sources",
                "flask",
            ),
        ),
        (
            "monitor",
            ("gaugeboard.web", "gaugeboard.api", "gaugeboard.http", "gaugeboard.dashboards"),
        ),
        ("sources", ("gaugeboard.web", "gaugeboard.api", "gaugeboard.http", "flask")),
        (
            "widgets",
            (
                "gaugeboard.store",
                "gaugeboard.web",
                "gaugeboard.api",
                "gaugeboard.http",
                "sqlalchemy",
                "flask",
            ),
        ),
        ("auth", ("gaugeboard.web", "gaugeboard.api", "gaugeboard.http", "flask")),
        ("dashboards", ("gaugeboard.web", "gaugeboard.api", "gaugeboard.http", "flask")),
        ("events", ("gaugeboard.web", "gaugeboard.api", "gaugeboard.http")),
        # Pages and the JSON API both stand on the request layer and never on each other.
        ("api", ("gaugeboard.web",)),
        ("web", ("gaugeboard.api",)),
        ("http", ("gaugeboard.api", "gaugeboard.web")),
        (
            "client",
            (
                "flask",
                "sqlalchemy",
                "duckdb",
                "gaugeboard.store",
                "gaugeboard.web",
                "gaugeboard.events",
            ),
        ),
    ],
)
def test_package_does_not_import_upward(package: str, forbidden: tuple[str, ...]) -> None:
    wrong = sorted(name for name in imported_modules(package) if name.startswith(forbidden))
    assert wrong == []
