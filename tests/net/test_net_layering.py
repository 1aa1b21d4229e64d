"""``net/`` sits below every layer that sends requests (sources, monitor): it imports no
other part of gaugeboard, and neither Flask nor the database."""

from __future__ import annotations

from tests.test_layering import imported_modules


def test_net_imports_nothing_above_it() -> None:
    wrong = sorted(
        name
        for name in imported_modules("net")
        if name.startswith(("gaugeboard", "flask", "sqlalchemy"))
        and not name.startswith("gaugeboard.net")
    )
    assert wrong == []
