"""Imports point down the flow (DESIGN.md): the store imports nothing above it, widgets
touch no database, and nothing below the web layer imports Flask request handling."""

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
                "gaugeboard.dashboards",
                "gaugeboard.monitor",
                "gaugeboard.sources",
                "flask",
            ),
        ),
        ("monitor", ("gaugeboard.web", "gaugeboard.api", "gaugeboard.dashboards")),
        ("sources", ("gaugeboard.web", "gaugeboard.api", "flask")),
        ("widgets", ("gaugeboard.store", "sqlalchemy", "flask")),
        ("auth", ("gaugeboard.web", "gaugeboard.api", "flask")),
        ("dashboards", ("gaugeboard.web", "gaugeboard.api", "flask")),
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
