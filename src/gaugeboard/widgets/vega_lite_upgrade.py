"""Old Vega-Lite specs (v1-v4, which jsondash's vega-lite family was written against)
read as the Vega-Lite gaugeboard draws (v6).

Only what has one clear meaning is rewritten: ``config.mark.stacked`` becomes the
``stack`` of the measured channel, ``config.cell`` the ``config.view`` size, and
``selection`` the ``params`` that replaced it. Settings that no longer exist are removed,
and every change or removal is returned as a note, so the widget draws with its notes
rather than failing.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from typing import Any

OLD_SCHEMA = re.compile(r"/vega-lite/v([1-5])(?:\.[0-9.]+)?\.json$")
STACK_VALUES = frozenset({"zero", "normalize", "center"})
# config.cell (v1/v2) became config.view; sizes are the continuous ones today.
CELL_KEYS = {"width": "continuousWidth", "height": "continuousHeight"}
# Config groups and scale settings that no longer exist.
REMOVED_CONFIG = frozenset({"overlay", "facet", "cell"})
REMOVED_SCALE = frozenset({"rangeStep", "bandSize", "useRawDomain"})
MEASURE_CHANNELS = ("y", "x", "theta")
OLD_POINT_TYPES = frozenset({"single", "multi"})


def schema_version(spec: Mapping[str, Any]) -> int | None:
    """The major version an old ``$schema`` names (1-5), or None for a current or no schema."""
    schema = spec.get("$schema")
    found = OLD_SCHEMA.search(schema) if isinstance(schema, str) else None
    return int(found.group(1)) if found else None


def upgrade_spec(spec: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """A copy of ``spec`` in today's syntax, and a note for each change made."""
    upgraded: dict[str, Any] = copy.deepcopy(dict(spec))
    notes: list[str] = []
    version = schema_version(upgraded)
    if version is not None and version < 5:
        notes.append(f"Vega-Lite v{version} spec read as the current version")
    _upgrade_config(upgraded, notes)
    if _has_selection(upgraded):
        upgraded = _selections_to_params(upgraded)
        notes.append("'selection' rewritten as 'params'")
    _drop_scale_settings(upgraded, notes)
    return upgraded, notes


def _upgrade_config(spec: dict[str, Any], notes: list[str]) -> None:
    config = spec.get("config")
    if not isinstance(config, dict):
        return
    mark = config.get("mark")
    if isinstance(mark, dict) and "stacked" in mark:
        _stacked(spec, mark.pop("stacked"), notes)
        if not mark:
            config.pop("mark")
    cell = config.get("cell")
    if isinstance(cell, dict):
        view = config.setdefault("view", {})
        if isinstance(view, dict):
            for key, value in cell.items():
                view.setdefault(CELL_KEYS.get(key, key), value)
            notes.append("config.cell rewritten as config.view")
    for key in sorted(REMOVED_CONFIG & config.keys()):
        if key != "cell":
            notes.append(f"config.{key} dropped (no longer in Vega-Lite)")
        config.pop(key)


def _stacked(spec: dict[str, Any], value: Any, notes: list[str]) -> None:
    """``config.mark.stacked`` (v1) as ``encoding.<measure>.stack``."""
    stack = None if value == "none" else value
    encoding = spec.get("encoding")
    channel = _measure_channel(encoding) if isinstance(encoding, dict) else None
    if channel is None or (stack is not None and stack not in STACK_VALUES):
        notes.append(f"config.mark.stacked {value!r} dropped (no stacked measure to apply it to)")
        return
    assert isinstance(encoding, dict)
    encoding[channel].setdefault("stack", stack)
    notes.append(f"config.mark.stacked rewritten as encoding.{channel}.stack")


def _measure_channel(encoding: dict[str, Any]) -> str | None:
    """The channel carrying the measure: quantitative or aggregated, y first."""
    for channel in MEASURE_CHANNELS:
        definition = encoding.get(channel)
        if isinstance(definition, dict) and (
            definition.get("type") == "quantitative" or "aggregate" in definition
        ):
            return channel
    return None


def _has_selection(node: Any) -> bool:
    if isinstance(node, list):
        return any(_has_selection(item) for item in node)
    if not isinstance(node, dict):
        return False
    return "selection" in node or any(_has_selection(value) for value in node.values())


def _selections_to_params(node: Any) -> Any:
    """v4's ``"selection": {name: {type, ...}}`` as ``"params": [{name, select}]``, and
    each reference ``{"selection": name}`` as ``{"param": name}``."""
    if isinstance(node, list):
        return [_selections_to_params(item) for item in node]
    if not isinstance(node, dict):
        return node
    result: dict[str, Any] = {}
    merging = isinstance(node.get("selection"), dict)
    for key, value in node.items():
        if key == "params" and merging:
            continue
        if key == "selection" and isinstance(value, dict):
            result["params"] = [
                _param(name, definition) for name, definition in value.items()
            ] + list(node.get("params") or [])
        elif key == "selection" and isinstance(value, str):
            result["param"] = value
        else:
            result[key] = _selections_to_params(value)
    return result


def _param(name: str, definition: Any) -> dict[str, Any]:
    if not isinstance(definition, dict):
        return {"name": name, "select": definition}
    select = {k: v for k, v in definition.items() if k not in ("bind", "value", "init")}
    if select.get("type") in OLD_POINT_TYPES:  # v4's single and multi are v5's point
        select["type"] = "point"
    param: dict[str, Any] = {"name": name, "select": select}
    if "bind" in definition:
        param["bind"] = definition["bind"]
    if "init" in definition or "value" in definition:
        param["value"] = definition.get("init", definition.get("value"))
    return param


def _drop_scale_settings(node: Any, notes: list[str], path: str = "") -> None:
    """Scale settings removed from Vega-Lite (``rangeStep``, ``bandSize``…), anywhere."""
    if isinstance(node, list):
        for index, item in enumerate(node):
            _drop_scale_settings(item, notes, f"{path}[{index}]")
        return
    if not isinstance(node, dict):
        return
    scale = node.get("scale")
    if isinstance(scale, dict):
        for key in sorted(REMOVED_SCALE & scale.keys()):
            scale.pop(key)
            notes.append(f"{path}.scale.{key}".lstrip(".") + " dropped (no longer in Vega-Lite)")
    for key, value in node.items():
        if key not in ("data", "values", "datasets"):
            _drop_scale_settings(value, notes, f"{path}.{key}")
