"""What changed between two versions of a document, as a list of path-level changes."""

from __future__ import annotations

from typing import Any


def _child(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def _by_id(items: list[Any]) -> dict[str, Any] | None:
    """Widgets are matched by id, so moving one is a change, not a removal and an addition."""
    if not all(isinstance(item, dict) and isinstance(item.get("id"), str) for item in items):
        return None
    keyed = {item["id"]: item for item in items}
    return keyed if len(keyed) == len(items) else None


def document_diff(old: Any, new: Any, path: str = "") -> list[dict[str, Any]]:
    """``[{"op": "add" | "remove" | "change", "path", "old", "new"}]`` turning old into new."""
    if isinstance(old, dict) and isinstance(new, dict):
        changes: list[dict[str, Any]] = []
        for key in sorted(old.keys() | new.keys()):
            where = _child(path, key)
            if key not in new:
                changes.append({"op": "remove", "path": where, "old": old[key]})
            elif key not in old:
                changes.append({"op": "add", "path": where, "new": new[key]})
            else:
                changes.extend(document_diff(old[key], new[key], where))
        return changes
    if isinstance(old, list) and isinstance(new, list):
        return _list_diff(old, new, path)
    if old != new or type(old) is not type(new):
        return [{"op": "change", "path": path or "(document)", "old": old, "new": new}]
    return []


def _list_diff(old: list[Any], new: list[Any], path: str) -> list[dict[str, Any]]:
    old_ids, new_ids = _by_id(old), _by_id(new)
    if old_ids is not None and new_ids is not None:
        changes: list[dict[str, Any]] = []
        for key in [*old_ids, *(k for k in new_ids if k not in old_ids)]:
            where = f"{path}[id={key}]"
            if key not in new_ids:
                changes.append({"op": "remove", "path": where, "old": old_ids[key]})
            elif key not in old_ids:
                changes.append({"op": "add", "path": where, "new": new_ids[key]})
            else:
                changes.extend(document_diff(old_ids[key], new_ids[key], where))
        return changes
    changes = []
    for index in range(max(len(old), len(new))):
        where = _child(path, index)
        if index >= len(new):
            changes.append({"op": "remove", "path": where, "old": old[index]})
        elif index >= len(old):
            changes.append({"op": "add", "path": where, "new": new[index]})
        else:
            changes.extend(document_diff(old[index], new[index], where))
    return changes
