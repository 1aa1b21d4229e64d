"""Imports point down the flow (DESIGN.md "Architecture: data flows one way").

One table says, for every package and top-level module of gaugeboard, which others it may
import; docs/architecture.md ("Allowed imports") holds the same table in the same words, and
a test keeps the two equal. Every import in the source (function-level ones included) is
checked against it, the table and the real import graph are both free of cycles, and a few
packages are kept away from third-party layers they must not touch.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "gaugeboard"
DOCS = ROOT / "docs" / "architecture.md"

# The allowed arrows, bottom to top: each row names packages or top-level modules, and the
# gaugeboard packages and modules each of them may import ("nothing": none). `gaugeboard` is
# the package's own __init__.py. Copied word for word into docs/architecture.md.
ALLOWED_IMPORTS: tuple[tuple[str, str], ...] = (
    ("errors json_paths failure_rule opaque_secrets view_marks", "nothing"),
    ("json_text", "json_paths"),
    ("input_checks", "errors json_paths"),
    ("paging data_dir", "errors"),
    ("config", "errors failure_rule"),
    ("net", "nothing"),
    ("client", "nothing"),
    (
        "store",
        "errors json_paths json_text input_checks paging data_dir config failure_rule"
        " opaque_secrets view_marks",
    ),
    (
        "events auth monitor",
        "errors json_paths json_text input_checks paging data_dir config failure_rule"
        " opaque_secrets view_marks store net",
    ),
    (
        "notify",
        "errors json_paths json_text input_checks paging data_dir config failure_rule"
        " opaque_secrets view_marks store net",
    ),
    (
        "widgets",
        "errors json_paths json_text input_checks paging data_dir config failure_rule"
        " opaque_secrets view_marks",
    ),
    (
        "sources",
        "errors json_paths json_text input_checks paging data_dir config failure_rule"
        " opaque_secrets view_marks store net events auth monitor widgets",
    ),
    (
        "dashboards",
        "errors json_paths json_text input_checks paging data_dir config failure_rule"
        " opaque_secrets view_marks store net events auth monitor widgets sources",
    ),
    (
        "jobs",
        "errors json_paths json_text input_checks paging data_dir config failure_rule"
        " opaque_secrets view_marks store net events auth monitor widgets sources dashboards",
    ),
    (
        "datasets",
        "errors json_paths json_text input_checks paging data_dir config failure_rule"
        " opaque_secrets view_marks store net events auth monitor widgets sources dashboards"
        " jobs",
    ),
    (
        "notebooks",
        "errors json_paths json_text input_checks paging data_dir config failure_rule"
        " opaque_secrets view_marks store net events auth monitor widgets sources dashboards"
        " jobs datasets",
    ),
    (
        "alerts",
        "errors json_paths json_text input_checks paging data_dir config failure_rule"
        " opaque_secrets view_marks store net events auth monitor widgets sources dashboards"
        " jobs datasets notify",
    ),
    (
        "render",
        "errors json_paths json_text input_checks paging data_dir config failure_rule"
        " opaque_secrets view_marks store net events auth monitor widgets sources dashboards"
        " jobs datasets notebooks",
    ),
    (
        "reports",
        "errors json_paths json_text input_checks paging data_dir config failure_rule"
        " opaque_secrets view_marks store net events auth monitor widgets sources dashboards"
        " jobs datasets notebooks render notify alerts",
    ),
    (
        "account",
        "errors json_paths json_text input_checks paging data_dir config failure_rule"
        " opaque_secrets view_marks store net events auth monitor widgets sources dashboards"
        " jobs datasets",
    ),
    (
        "state",
        "errors json_paths json_text input_checks paging data_dir config failure_rule"
        " opaque_secrets view_marks store net events auth monitor widgets sources dashboards"
        " jobs datasets notebooks render account notify alerts reports",
    ),
    (
        "http",
        "errors json_paths json_text input_checks paging data_dir config failure_rule"
        " opaque_secrets view_marks store net events auth monitor widgets sources dashboards"
        " jobs datasets notebooks render account state notify alerts reports",
    ),
    (
        "api web",
        "errors json_paths json_text input_checks paging data_dir config failure_rule"
        " opaque_secrets view_marks store net events auth monitor widgets sources dashboards"
        " jobs datasets notebooks render account state http notify alerts reports",
    ),
    (
        "extension",
        "errors json_paths json_text input_checks paging data_dir config failure_rule"
        " opaque_secrets view_marks store net events auth monitor widgets sources dashboards"
        " jobs datasets notebooks render account state http api web notify alerts reports",
    ),
    (
        "app flask_status server",
        "errors json_paths json_text input_checks paging data_dir config failure_rule"
        " opaque_secrets view_marks store net events auth monitor widgets sources dashboards"
        " jobs datasets notebooks render account state http api web extension notify alerts"
        " reports",
    ),
    ("demo_dashboards demo_events demo_gallery", "nothing"),
    (
        "demo_status",
        "errors json_paths json_text input_checks paging data_dir config failure_rule"
        " opaque_secrets view_marks store net events auth monitor",
    ),
    (
        "demo",
        "errors json_paths json_text input_checks paging data_dir config failure_rule"
        " opaque_secrets view_marks store net events auth monitor widgets sources dashboards"
        " jobs datasets notebooks render account state http api web extension demo_dashboards"
        " demo_events demo_gallery demo_status notify alerts reports",
    ),
    (
        "cli",
        "errors json_paths json_text input_checks paging data_dir config failure_rule"
        " opaque_secrets view_marks store net events auth monitor widgets sources dashboards"
        " jobs datasets notebooks render account state http api web extension app flask_status"
        " server demo gaugeboard notify alerts reports",
    ),
    ("gaugeboard", "app extension client"),
    ("__main__", "cli"),
)

# Packages the table places before they are written (issue 17); every other name in the
# table must exist.
NOT_YET_WRITTEN = frozenset({"render"})

# Imports against the table still in the code, as (file under src/gaugeboard, imported
# module). Empty: add an entry only with the issue that removes it. An entry that no longer
# occurs fails a test, so the set only shrinks.
KNOWN_VIOLATIONS: frozenset[tuple[str, str]] = frozenset()

# Third-party layers a package keeps away from, whatever the table says.
FORBIDDEN_THIRD_PARTY: dict[str, tuple[str, ...]] = {
    "store": ("flask",),
    "net": ("flask", "sqlalchemy"),
    "widgets": ("sqlalchemy", "flask"),
    "auth": ("flask",),
    "sources": ("flask",),
    "dashboards": ("flask",),
    "jobs": ("flask",),
    "datasets": ("flask",),
    "notebooks": ("flask",),
    "account": ("flask",),
    "notify": ("flask",),
    "alerts": ("flask",),
    "reports": ("flask",),
    "client": ("flask", "sqlalchemy", "duckdb"),
}


def allowed_imports() -> dict[str, frozenset[str]]:
    table: dict[str, frozenset[str]] = {}
    for units, targets in ALLOWED_IMPORTS:
        allowed = frozenset() if targets == "nothing" else frozenset(targets.split())
        for unit in units.split():
            assert unit not in table, f"{unit} has two rows in ALLOWED_IMPORTS"
            table[unit] = allowed
    return table


@dataclass(frozen=True)
class Import:
    """One import statement's module, where it is, and the layering units on both ends."""

    file: str  # relative to src/gaugeboard
    line: int
    module: str
    source_unit: str
    target_unit: str | None  # None: not gaugeboard

    @property
    def known(self) -> bool:
        return (self.file, self.module) in KNOWN_VIOLATIONS


def unit_of(path: Path) -> str:
    """The table's name for a source file: its top-level package or module."""
    relative = path.relative_to(PACKAGE)
    if len(relative.parts) > 1:
        return relative.parts[0]
    return "gaugeboard" if relative.stem == "__init__" else relative.stem


def target_unit(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "gaugeboard":
        return None
    return parts[1] if len(parts) > 1 else "gaugeboard"


def _is_submodule(name: str) -> bool:
    return (PACKAGE / name).is_dir() or (PACKAGE / f"{name}.py").is_file()


def _absolute(path: Path, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    base = package[: len(package) - node.level]
    return ".".join(base + ([node.module] if node.module else []))


def _modules(path: Path, node: ast.AST) -> Iterator[str]:
    if isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names)
    elif isinstance(node, ast.ImportFrom):
        module = _absolute(path, node)
        if module == "gaugeboard":  # `from gaugeboard import cli`: the submodule is the target
            for alias in node.names:
                yield f"gaugeboard.{alias.name}" if _is_submodule(alias.name) else module
        else:
            yield module


@cache
def all_imports() -> tuple[Import, ...]:
    """Every import statement of the package (read once per test run)."""
    found: list[Import] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        file = path.relative_to(PACKAGE).as_posix()
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            for module in _modules(path, node):
                lineno = getattr(node, "lineno", 0)
                found.append(Import(file, lineno, module, unit_of(path), target_unit(module)))
    return tuple(found)


def gaugeboard_arrows() -> list[Import]:
    """Imports from one unit into another (a unit importing itself is no arrow)."""
    return [
        found
        for found in all_imports()
        if found.target_unit is not None and found.target_unit != found.source_unit
    ]


def imported_modules(package: str) -> set[str]:
    """Every module name imported anywhere in ``package``."""
    return {found.module for found in all_imports() if found.source_unit == package}


def source_units() -> set[str]:
    return {unit_of(path) for path in PACKAGE.rglob("*.py")}


def test_every_package_and_module_has_a_row() -> None:
    missing = sorted(source_units() - set(allowed_imports()))
    assert missing == [], f"add a row to ALLOWED_IMPORTS (and docs/architecture.md): {missing}"


def test_every_row_names_a_package_or_module_that_exists_or_is_planned() -> None:
    table = allowed_imports()
    named = set(table) | {target for targets in table.values() for target in targets}
    unknown = sorted(named - source_units() - NOT_YET_WRITTEN)
    assert unknown == [], f"ALLOWED_IMPORTS names what is not in src/gaugeboard: {unknown}"


def _broken_rule(found: Import, table: Mapping[str, frozenset[str]]) -> str:
    allowed = " ".join(sorted(table.get(found.source_unit, frozenset()))) or "nothing"
    return (
        f"{found.file}:{found.line} imports {found.module}: rule `{found.source_unit}` may "
        f"import {allowed} (not `{found.target_unit}`)"
    )


def test_every_import_follows_the_table() -> None:
    table = allowed_imports()
    wrong = [
        _broken_rule(found, table)
        for found in gaugeboard_arrows()
        if found.target_unit not in table.get(found.source_unit, frozenset()) and not found.known
    ]
    assert wrong == [], "imports against ALLOWED_IMPORTS:\n" + "\n".join(wrong)


def test_known_violations_still_exist() -> None:
    present = {(found.file, found.module) for found in all_imports()}
    gone = sorted(KNOWN_VIOLATIONS - present)
    assert gone == [], f"remove these from KNOWN_VIOLATIONS, they are fixed: {gone}"


def _cycle(graph: Mapping[str, set[str] | frozenset[str]]) -> list[str] | None:
    """One cycle of ``graph`` as a path that returns to its start, or None."""
    done: set[str] = set()
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        if node in path:
            return [*path[path.index(node) :], node]
        if node in done:
            return None
        path.append(node)
        for following in sorted(graph.get(node, ())):
            if (cycle := visit(following)) is not None:
                return cycle
        path.pop()
        done.add(node)
        return None

    for start in sorted(graph):
        if (cycle := visit(start)) is not None:
            return cycle
    return None


def test_the_table_has_no_cycle() -> None:
    assert _cycle(allowed_imports()) is None


def test_the_package_import_graph_has_no_cycle() -> None:
    """The imports as written (KNOWN_VIOLATIONS aside), whatever the table allows."""
    graph: dict[str, set[str]] = {}
    for found in gaugeboard_arrows():
        if not found.known and found.target_unit is not None:
            graph.setdefault(found.source_unit, set()).add(found.target_unit)
    cycle = _cycle(graph)
    assert cycle is None, "package import cycle: " + " -> ".join(cycle or [])


@pytest.mark.parametrize(("package", "forbidden"), sorted(FORBIDDEN_THIRD_PARTY.items()))
def test_package_keeps_away_from_third_party_layers(
    package: str, forbidden: tuple[str, ...]
) -> None:
    wrong = sorted(name for name in imported_modules(package) if name.split(".")[0] in forbidden)
    assert wrong == []


def _docs_rows() -> list[tuple[str, str]]:
    text = DOCS.read_text()
    section = text.split("\n## Allowed imports\n", 1)[1].split("\n## ", 1)[0]
    rows: list[tuple[str, str]] = []
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not line.startswith("|") or len(cells) != 2 or set(cells[0]) <= {"-", " "}:
            continue
        units, targets = (" ".join(re.findall(r"`([^`]+)`", cell)) for cell in cells)
        rows.append((units, targets or cells[1]))
    return rows[1:]  # the header row


def test_docs_hold_the_same_table() -> None:
    assert _docs_rows() == list(ALLOWED_IMPORTS), (
        "docs/architecture.md's 'Allowed imports' table differs from ALLOWED_IMPORTS"
    )
