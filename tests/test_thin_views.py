"""Views are thin (DESIGN.md "Rules of the house"): the request layer (``api/``, ``web/``,
``http/``) parses, calls one service function and serialises. It runs no SQL and owns no
transaction: no SQLAlchemy import, no ``begin_write``, no ``commit``/``rollback``/``flush``,
and no query or write on a database session. Services in the engine packages do that, with
the SQL itself in ``store/``.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "gaugeboard"
REQUEST_LAYER = ("api", "web", "http")

# What may stay, each with its reason (file relative to src/gaugeboard, imported names).
ALLOWED_SQLALCHEMY_IMPORTS: dict[str, set[str]] = {
    # Type annotations only: listing_filter and visible_page take the request's session,
    # which they hand to store/ reads; nothing is queried or written here.
    "http/dashboard_lookup.py": {"Session"},
}

# Methods that end or steer a transaction, whatever they are called on.
TRANSACTION_METHODS = {"commit", "rollback", "flush", "begin", "begin_nested"}
# Methods that query or write through a session; flagged on a session-looking receiver
# (``db``, ``session``, ``connection`` or ``db_session()``), since dicts and sets share names.
SESSION_METHODS = {
    "execute",
    "scalars",
    "scalar",
    "get",
    "add",
    "add_all",
    "delete",
    "merge",
    "refresh",
    "connection",
    "with_for_update",
}
SESSION_NAMES = {"db", "session", "connection", "conn"}
FORBIDDEN_CALLS = {"begin_write", "select", "update", "delete", "insert", "text"}


def _is_session(node: ast.expr) -> bool:
    if isinstance(node, ast.Name):
        return node.id in SESSION_NAMES
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "db_session"
    )


def _sqlalchemy_import(node: ast.AST) -> tuple[str, set[str]] | None:
    if isinstance(node, ast.Import):
        names = {alias.name for alias in node.names if alias.name.split(".")[0] == "sqlalchemy"}
        return ("sqlalchemy", names) if names else None
    if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "sqlalchemy":
        return node.module or "", {alias.name for alias in node.names}
    return None


def _call_problem(node: ast.Call, forbidden_names: set[str]) -> str | None:
    func = node.func
    if isinstance(func, ast.Name) and func.id in forbidden_names:
        return f"calls {func.id}()"
    if not isinstance(func, ast.Attribute):
        return None
    if func.attr in TRANSACTION_METHODS:
        return f"calls .{func.attr}()"
    if func.attr == "begin_write":
        return "calls begin_write()"
    if func.attr in SESSION_METHODS and _is_session(func.value):
        return f"calls .{func.attr}() on a session"
    return None


def problems_in(file: str, source: str) -> Iterator[str]:
    """Every way ``source`` (the module ``file``) runs SQL or steers a transaction."""
    tree = ast.parse(source, filename=file)
    imported: set[str] = set()
    for node in ast.walk(tree):
        found = _sqlalchemy_import(node)
        if found is not None:
            module, names = found
            extra = names - ALLOWED_SQLALCHEMY_IMPORTS.get(file, set())
            if extra:
                yield f"{file}:{node.lineno}: imports {', '.join(sorted(extra))} from {module}"
        if isinstance(node, ast.ImportFrom):
            imported |= {alias.asname or alias.name for alias in node.names}
    # select/update/... only matter when imported (a local helper may share a name).
    forbidden_names = {"begin_write"} | (FORBIDDEN_CALLS & imported)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            problem = _call_problem(node, forbidden_names)
            if problem:
                yield f"{file}:{node.lineno}: {problem}"


def request_layer_files() -> list[Path]:
    return sorted(path for layer in REQUEST_LAYER for path in (PACKAGE / layer).rglob("*.py"))


def test_request_layer_runs_no_sql_and_owns_no_transaction() -> None:
    problems = [
        problem
        for path in request_layer_files()
        for problem in problems_in(path.relative_to(PACKAGE).as_posix(), path.read_text())
    ]
    assert problems == [], (
        "move these into a service function of an engine package (SQL into store/):\n"
        + "\n".join(problems)
    )


def test_allowed_imports_are_still_there() -> None:
    """An exception that is no longer needed is taken out of the list."""
    for file, names in ALLOWED_SQLALCHEMY_IMPORTS.items():
        source = (PACKAGE / file).read_text()
        for node in ast.walk(ast.parse(source)):
            found = _sqlalchemy_import(node)
            if found is not None:
                names = names - found[1]
        assert not names, f"{file} no longer imports {names}: drop it from the list"


def test_the_check_catches_each_kind_of_problem() -> None:
    source = """
from sqlalchemy import select
from sqlalchemy.orm import Session
from gaugeboard.store.database import begin_write

def view(db):
    begin_write(db)
    db.execute(select(1))
    db_session().add(object())
    db.commit()
    other.rollback()
"""
    found = list(problems_in("api/example_api.py", source))
    assert sorted(problem.split(": ", 1)[1] for problem in found) == sorted(
        [
            "imports select from sqlalchemy",
            "imports Session from sqlalchemy.orm",
            "calls begin_write()",
            "calls .execute() on a session",
            "calls select()",
            "calls .add() on a session",
            "calls .commit()",
            "calls .rollback()",
        ]
    )


def test_dict_and_set_methods_are_not_mistaken_for_sessions() -> None:
    source = "def view(args, seen):\n    args.get('x')\n    seen.add(1)\n    seen.delete(2)\n"
    assert list(problems_in("api/example_api.py", source)) == []
