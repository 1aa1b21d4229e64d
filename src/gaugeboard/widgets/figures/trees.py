"""Reading a hierarchy payload into the flat node rows Vega's ``stratify`` transform takes.

jsondash's D3 and flame-graph families send a nested tree (``{"name", "children",
"size"|"value"}``); tables of a hierarchy come as flat rows naming each node's parent
(``[{"id"|"name", "parent", "size"|"value"}]``). Both become rows ``{"id", "parent",
"name", "path", "size"}`` with numeric ids, one root, and every parent known.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gaugeboard.widgets.content.shapes import describe
from gaugeboard.widgets.payloads import is_number
from gaugeboard.widgets.request import WidgetDataError

MAX_NODES = 5000
PATH_SEPARATOR = " / "
ACCEPTED = (
    'a tree {"name", "children": [...], "size"|"value"}, or rows '
    '[{"id"|"name", "parent", "size"|"value"}] naming each node\'s parent'
)
Node = dict[str, Any]


def _amount(node: Mapping[str, Any]) -> float | None:
    value = node.get("size", node.get("value"))
    return float(value) if is_number(value) and value >= 0 else None


def _too_many() -> WidgetDataError:
    return WidgetDataError(
        f"payload: a hierarchy of more than {MAX_NODES} nodes is not drawn; "
        "summarise it at its source"
    )


def _own_sizes(nodes: list[Node], given: list[float | None], kids: list[list[int]]) -> None:
    """Each node's own share of the size: a leaf's size (1 when none is given), an inner
    node's size less what its children hold (a flame graph's inner ``value`` is a total)."""
    totals: list[float] = [0.0] * len(nodes)
    for index in range(len(nodes) - 1, -1, -1):  # children always come after their parent
        below = sum(totals[child] for child in kids[index])
        amount = given[index]
        if not kids[index]:
            own = amount if amount is not None else 1.0
        else:
            own = max(0.0, amount - below) if amount is not None else 0.0
        totals[index] = below + own
        nodes[index]["size"] = own


def _nested(root: Mapping[str, Any]) -> list[Node]:
    nodes: list[Node] = []
    given: list[float | None] = []
    kids: list[list[int]] = []
    stack: list[tuple[Mapping[str, Any], int | None, str]] = [(root, None, "")]
    while stack:
        node, parent, above = stack.pop()
        if len(nodes) >= MAX_NODES:
            raise _too_many()
        index = len(nodes)
        name = str(node.get("name", ""))
        path = f"{above}{PATH_SEPARATOR}{name}" if above else name
        nodes.append({"id": index, "parent": parent, "name": name, "path": path})
        given.append(_amount(node))
        kids.append([])
        if parent is not None:
            kids[parent].append(index)
        children = node.get("children")
        if isinstance(children, list):
            for child in reversed(children):
                if isinstance(child, dict):
                    stack.append((child, index, path))
    _own_sizes(nodes, given, kids)
    return nodes


def _row_key(row: Mapping[str, Any]) -> Any:
    return row.get("id", row.get("name", row.get("child")))


def _flat(rows: list[dict[str, Any]]) -> list[Node]:
    if len(rows) > MAX_NODES:
        raise _too_many()
    keys: dict[str, int] = {}
    for index, row in enumerate(rows):
        key = _row_key(row)
        if key is None:
            raise WidgetDataError(f"payload[{index}]: a row needs an id (or name)")
        if str(key) in keys:
            raise WidgetDataError(f"payload[{index}].id: {str(key)[:60]!r} appears twice")
        keys[str(key)] = index
    parents: list[int | None] = []
    for index, row in enumerate(rows):
        parent = row.get("parent")
        if parent in (None, ""):
            parents.append(None)
        elif str(parent) in keys:
            parents.append(keys[str(parent)])
        else:
            raise WidgetDataError(
                f"payload[{index}].parent: no row has the id {str(parent)[:60]!r}"
            )
    return _ordered(rows, parents)


def _ordered(rows: list[dict[str, Any]], parents: list[int | None]) -> list[Node]:
    """Flat rows as a tree from one root (a shared one when there are several), parents
    before children; a row that never reaches a root is part of a cycle."""
    kids: list[list[int]] = [[] for _ in rows]
    roots: list[int] = []
    for index, parent in enumerate(parents):
        (kids[parent] if parent is not None else roots).append(index)
    tree: dict[str, Any] = {"name": "", "children": []}
    if len(roots) == 1:
        tree = _subtree(rows, kids, roots[0])
    else:
        tree["children"] = [_subtree(rows, kids, root) for root in roots]
    nodes = _nested(tree)
    if len(nodes) < len(rows) + (0 if len(roots) == 1 else 1):
        raise WidgetDataError("payload: some rows' parents form a cycle and reach no root")
    return nodes


def _subtree(rows: list[dict[str, Any]], kids: list[list[int]], top: int) -> dict[str, Any]:
    built: dict[int, dict[str, Any]] = {}
    order = [top]
    for index in order:
        order.extend(kids[index])
    for index in reversed(order):
        row = rows[index]
        node: dict[str, Any] = {"name": row.get("name", _row_key(row))}
        amount = row.get("size", row.get("value"))
        if amount is not None:
            node["size"] = amount
        node["children"] = [built[child] for child in kids[index]]
        built[index] = node
    return built[top]


def tree_nodes(payload: Any) -> list[Node]:
    """``payload`` (a nested tree or flat parent rows) as stratify rows, root first;
    WidgetDataError naming what is wrong."""
    if isinstance(payload, dict) and ("children" in payload or "name" in payload):
        return _nested(payload)
    if (
        isinstance(payload, list)
        and payload
        and all(isinstance(row, dict) for row in payload)
        and any("parent" in row for row in payload)
    ):
        return _flat(payload)
    if payload in (None, [], {}):
        return []
    raise WidgetDataError(f"payload: a hierarchy takes {ACCEPTED}; got {describe(payload)}")
