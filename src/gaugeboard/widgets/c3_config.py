"""A C3 chart configuration (what a jsondash ``override`` endpoint returns for the C3
family) read as gaugeboard's chart: its data as a series payload, its chart type, and the
options with the same meaning (axis titles, colours, legend, stacking, orientation).

Every C3 key with no meaning here is listed in the notes, never silently ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from gaugeboard.widgets.content.colors import css_color

# C3 chart types and the gaugeboard chart type (and line shape) each is drawn as.
C3_TYPES: dict[str, tuple[str, str | None]] = {
    "line": ("line", None),
    "spline": ("spline", None),
    "step": ("step", None),
    "area": ("area", None),
    "area-spline": ("area", "monotone"),
    "area-step": ("area", "step"),
    "bar": ("bar", None),
    "scatter": ("scatter", None),
    "pie": ("pie", None),
    "donut": ("donut", None),
    "gauge": ("gauge", None),
}
STACKABLE = frozenset({"bar", "area"})
# Charts of parts: one value per C3 column ({"label": n}).
PARTS = frozenset({"pie", "donut", "gauge"})
AXES_TYPES = frozenset({"line", "spline", "step", "area", "bar", "scatter", "timeseries"})
# data keys read here (the rest are listed in notes).
DATA_KEYS = frozenset({"columns", "rows", "json", "x", "type", "types", "groups", "names"})
DATA_KEYS_COLORS = frozenset({"colors"})


@dataclass
class C3Chart:
    """What a C3 configuration means to gaugeboard."""

    payload: dict[str, Any]
    chart_type: str | None = None
    options: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def is_c3_config(payload: Any) -> bool:
    """A C3 configuration: ``{"data": {"columns"|"rows"|"json": …}, …}``."""
    data = payload.get("data") if isinstance(payload, dict) else None
    return isinstance(data, dict) and bool({"columns", "rows", "json"} & data.keys())


def read_c3(config: Mapping[str, Any], widget_type: str) -> C3Chart:
    """The chart ``config`` describes, for a widget of ``widget_type``."""
    data: dict[str, Any] = dict(config["data"])
    chart = C3Chart(payload={})
    series = _series(data, chart.notes)
    x_values = series.pop(data["x"], None) if isinstance(data.get("x"), str) else None
    given_names = data.get("names")
    names: dict[str, Any] = given_names if isinstance(given_names, dict) else {}
    chart.payload = {str(names.get(label, label)): values for label, values in series.items()}
    _chart_type(data, widget_type, chart)
    drawn = chart.chart_type or widget_type
    if drawn in STACKABLE and _has_groups(data.get("groups")):
        chart.options["stack"] = "stacked"
    elif data.get("groups"):
        chart.notes.append(f"C3 data.groups dropped ({drawn} charts do not stack)")
    _colors(config, data, chart)
    axis = config.get("axis")
    if isinstance(axis, dict):
        x_values = _axis(axis, drawn, x_values, chart)
    if x_values is not None:
        chart.payload["dates"] = x_values
    if drawn in PARTS and all(len(values) == 1 for values in chart.payload.values()):
        chart.payload = {label: values[0] for label, values in chart.payload.items()}
    _legend(config.get("legend"), drawn, chart)
    _gauge(config.get("gauge"), drawn, chart)
    for key in sorted(data.keys() - DATA_KEYS - DATA_KEYS_COLORS):
        chart.notes.append(f"C3 data.{key} dropped (no equivalent here)")
    for key in sorted(config.keys() - {"data", "axis", "color", "legend", "gauge"}):
        chart.notes.append(f"C3 {key} dropped (no equivalent here)")
    return chart


def _series(data: dict[str, Any], notes: list[str]) -> dict[str, list[Any]]:
    """Series label → values from ``columns``, ``rows`` (a header row first) or ``json``."""
    columns = data.get("columns")
    if isinstance(columns, list):
        return {
            str(column[0]): list(column[1:])
            for column in columns
            if isinstance(column, list) and column
        }
    rows = data.get("rows")
    if isinstance(rows, list) and rows and isinstance(rows[0], list):
        header = [str(name) for name in rows[0]]
        return {
            name: [row[i] if isinstance(row, list) and i < len(row) else None for row in rows[1:]]
            for i, name in enumerate(header)
        }
    found = data.get("json")
    if isinstance(found, dict):
        return {str(k): v for k, v in found.items() if isinstance(v, list)}
    notes.append("C3 data.json as a list of objects needs data.keys, which is not read here")
    return {}


def _chart_type(data: dict[str, Any], widget_type: str, chart: C3Chart) -> None:
    wanted = data.get("type")
    types = data.get("types")
    if isinstance(types, dict) and types:
        kinds = set(types.values())
        if len(kinds) == 1 and (wanted is None or wanted in kinds):
            wanted = kinds.pop()
        else:
            chart.notes.append("C3 data.types dropped (one chart type per widget here)")
    if wanted is None:
        return
    mapped = C3_TYPES.get(str(wanted))
    if mapped is None:
        chart.notes.append(f"C3 data.type {wanted!r} dropped (no such chart here)")
        return
    kind, interpolate = mapped
    if kind != widget_type and not (widget_type == "timeseries" and kind == "line"):
        chart.chart_type = kind
    if interpolate is not None:
        chart.options["interpolate"] = interpolate


def _has_groups(groups: Any) -> bool:
    return isinstance(groups, list) and any(isinstance(g, list) and len(g) > 1 for g in groups)


def _colors(config: Mapping[str, Any], data: dict[str, Any], chart: C3Chart) -> None:
    """``color.pattern`` (the palette) or ``data.colors`` (per series) as ``colors``."""
    per_series = data.get("colors")
    palette: list[Any] | None = None
    if isinstance(per_series, dict) and per_series:
        original = list(_series_labels(data))
        if all(label in per_series for label in original):
            palette = [per_series[label] for label in original]
        else:
            chart.notes.append("C3 data.colors dropped (it must give every series a colour)")
    color = config.get("color")
    if palette is None and isinstance(color, dict) and isinstance(color.get("pattern"), list):
        palette = color["pattern"]
    if isinstance(color, dict):
        for key in sorted(color.keys() - {"pattern"}):
            chart.notes.append(f"C3 color.{key} dropped (no equivalent here)")
    if not palette:
        return
    checked = [css_color(value) if isinstance(value, str) else None for value in palette]
    if any(value is None for value in checked):
        chart.notes.append("C3 colours dropped (one is not a CSS colour)")
        return
    chart.options["colors"] = checked[:50]


def _series_labels(data: dict[str, Any]) -> list[str]:
    series = _series(data, [])
    x = data.get("x")
    return [label for label in series if label != x]


def _label(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and isinstance(value.get("text"), str):
        return str(value["text"])
    return None


def _axis(axis: dict[str, Any], drawn: str, x_values: Any, chart: C3Chart) -> Any:
    """Titles, categories and rotation; returns the x values (categories fill them in)."""
    if axis.get("rotated") is True:
        if drawn == "bar":
            chart.options["orientation"] = "horizontal"
        else:
            chart.notes.append(f"C3 axis.rotated dropped ({drawn} charts do not rotate)")
    for name in sorted(axis.keys() - {"x", "y", "rotated"}):
        chart.notes.append(f"C3 axis.{name} dropped (no equivalent here)")
    for name in ("x", "y"):
        settings = axis.get(name)
        if not isinstance(settings, dict):
            continue
        label = _label(settings.get("label"))
        if label is not None and drawn in AXES_TYPES:
            chart.options[f"{name}_title"] = label[:200]
        elif "label" in settings:
            chart.notes.append(f"C3 axis.{name}.label dropped ({drawn} charts have no axes)")
        categories = settings.get("categories")
        if name == "x" and isinstance(categories, list) and x_values is None:
            x_values = categories
        read = {"label", "categories", "type"} if name == "x" else {"label"}
        for key in sorted(settings.keys() - read):
            chart.notes.append(f"C3 axis.{name}.{key} dropped (no equivalent here)")
    return x_values


def _legend(legend: Any, drawn: str, chart: C3Chart) -> None:
    if not isinstance(legend, dict):
        return
    if legend.get("show") is False and drawn != "gauge":
        chart.options["legend"] = False
    for key in sorted(legend.keys() - {"show"}):
        chart.notes.append(f"C3 legend.{key} dropped (no equivalent here)")


def _gauge(gauge: Any, drawn: str, chart: C3Chart) -> None:
    if not isinstance(gauge, dict):
        return
    for key in ("min", "max"):
        value = gauge.get(key)
        if drawn == "gauge" and isinstance(value, int | float) and not isinstance(value, bool):
            chart.options[key] = value
    for key in sorted(gauge.keys() - ({"min", "max"} if drawn == "gauge" else set())):
        chart.notes.append(f"C3 gauge.{key} dropped (no equivalent here)")
