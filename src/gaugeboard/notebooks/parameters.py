"""A notebook's parameters (papermill's convention: the cell tagged ``parameters``), read
from its source with ``ast`` and never executed, and a caller's values checked against them.

A parameter is a plain assignment of a literal: ``name = 3`` (int), ``2.5`` (float),
``"north"`` (str), ``True`` (bool) or a list of those (``[1, 2]``: a list of int). Its type
is its default's; anything else in the cell (imports, expressions, computed values) is left
alone and offers no input. A value is accepted only for a declared name and only with the
default's type (an int for a float is widened; a bool is never a number).
"""

from __future__ import annotations

import ast
import hashlib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import orjson

from gaugeboard.errors import ValidationFailed

PARAMETERS_TAG = "parameters"
SCALARS: dict[type, str] = {bool: "bool", int: "int", float: "float", str: "str"}
MAX_TEXT = 10_000
MAX_ITEMS = 1000


@dataclass(frozen=True)
class Parameter:
    """One declared parameter: ``kind`` is ``int``, ``float``, ``str``, ``bool`` or
    ``list[<one of those>]``."""

    name: str
    kind: str
    default: Any

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "type": self.kind, "default": self.default}


def _kind_of(value: Any) -> str | None:
    if type(value) in SCALARS:
        return SCALARS[type(value)]
    if isinstance(value, list) and value:
        kinds = {_kind_of(item) for item in value}
        if len(kinds) == 1 and (kind := kinds.pop()) in SCALARS.values():
            return f"list[{kind}]"
    if isinstance(value, list) and not value:
        return "list[str]"
    return None


def _literal(node: ast.expr) -> Any:
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None


def _assignments(source: str) -> list[tuple[str, ast.expr]]:
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return []
    found = []
    for statement in tree.body:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            target, value = statement.targets[0], statement.value
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            target, value = statement.target, statement.value
        else:
            continue
        if isinstance(target, ast.Name):
            found.append((target.id, value))
    return found


def parameters_cell(notebook: Mapping[str, Any]) -> int | None:
    """The index of the first code cell tagged ``parameters``, or None."""
    for index, cell in enumerate(notebook.get("cells") or []):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        tags = (cell.get("metadata") or {}).get("tags") or []
        if isinstance(tags, list) and PARAMETERS_TAG in tags:
            return index
    return None


def declared_parameters(notebook: Mapping[str, Any]) -> list[Parameter]:
    """The parameters the notebook declares, in the cell's order (a name assigned twice
    keeps its last default)."""
    index = parameters_cell(notebook)
    if index is None:
        return []
    source = notebook["cells"][index].get("source")
    text = "".join(source) if isinstance(source, list) else str(source or "")
    declared: dict[str, Parameter] = {}
    for name, node in _assignments(text):
        value = _literal(node)
        kind = _kind_of(value)
        if kind is not None and not name.startswith("_"):
            declared.pop(name, None)
            declared[name] = Parameter(name, kind, value)
    return list(declared.values())


def _scalar_problem(kind: str, value: Any) -> tuple[Any, str | None]:
    """(value as the kind wants it, problem or None)."""
    if kind == "bool":
        return value, None if isinstance(value, bool) else "must be true or false"
    if kind == "str":
        if not isinstance(value, str):
            return value, "must be text"
        return value, f"at most {MAX_TEXT} characters" if len(value) > MAX_TEXT else None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value, f"must be a number ({kind})"
    if kind == "int":
        return value, None if isinstance(value, int) else "must be a whole number"
    if not math.isfinite(value):
        return value, "must be a finite number"
    return float(value), None


def _value_problem(parameter: Parameter, value: Any) -> tuple[Any, str | None]:
    if not parameter.kind.startswith("list["):
        return _scalar_problem(parameter.kind, value)
    if not isinstance(value, list):
        return value, f"must be a list ({parameter.kind})"
    if len(value) > MAX_ITEMS:
        return value, f"at most {MAX_ITEMS} items"
    item_kind = parameter.kind[len("list[") : -1]
    items = []
    for number, item in enumerate(value):
        checked, problem = _scalar_problem(item_kind, item)
        if problem:
            return value, f"item [{number}] {problem}"
        items.append(checked)
    return items, None


def checked_values(
    declared: Sequence[Parameter], raw: Any, where: str = "parameters"
) -> dict[str, Any]:
    """``raw`` (a JSON object) as values of the declared parameters, or ValidationFailed
    naming every unknown name and every value of the wrong type."""
    if not isinstance(raw, dict):
        raise ValidationFailed(f"{where}: must be an object of parameter names and values")
    by_name = {parameter.name: parameter for parameter in declared}
    problems: list[str] = []
    values: dict[str, Any] = {}
    known = ", ".join(by_name) or "none"
    for name, value in raw.items():
        parameter = by_name.get(name)
        if parameter is None:
            problems.append(f"{where}.{name}: not a parameter of this notebook (known: {known})")
            continue
        checked, problem = _value_problem(parameter, value)
        if problem:
            problems.append(f"{where}.{name}: {problem}")
        else:
            values[name] = checked
    if problems:
        raise ValidationFailed(problems)
    return values


def values_key(version: int, values: Mapping[str, Any]) -> str:
    """The cache key of a run of ``version`` with ``values`` (defaults filled in by the
    caller, so leaving a default out and sending it hit the same entry)."""
    data = orjson.dumps({"version": version, "values": values}, option=orjson.OPT_SORT_KEYS)
    return hashlib.sha256(data).hexdigest()[:32]


def with_defaults(declared: Sequence[Parameter], values: Mapping[str, Any]) -> dict[str, Any]:
    """Every declared parameter's value: the caller's, or its default."""
    return {parameter.name: values.get(parameter.name, parameter.default) for parameter in declared}
