"""Every payload shape a widget accepts, read into tidy rows (one dict per drawn value).

Sources hand widgets whatever their endpoint returned: rows, jsondash's per-family shapes
(C3 series objects, label→number objects, trees, pairs, plain lists, venn sets) or the
events engine's metric, funnel and retention results. Reading them all here, once, lets
every widget type draw every shape that makes sense for it with the same field names.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from gaugeboard.widgets.request import WidgetDataError

# Shape names, and how an error message describes each.
SHAPES: dict[str, str] = {
    "rows": "rows of objects [{...}, ...]",
    "series": 'a series object {"label": [n, ...], "dates"?: [...]}',
    "labels": 'a label→number object {"label": n, ...}',
    "numbers": "a list of numbers [n, ...]",
    "pairs": "a list of pairs [[x, y], ...]",
    "tree": 'a tree {"name", "children", "size"|"value"}',
    "venn": 'venn sets [{"sets": [...], "size"}]',
    "metric": 'an events metric result {"series": [...], "total"}',
    "funnel": 'an events funnel result {"steps": [...]}',
    "retention": 'an events retention result {"cohorts": [...]}',
}
CURRENT = "current"
PREVIOUS = "previous"
TREE_SEPARATOR = " / "
VENN_SEPARATOR = " ∩ "


@dataclass(frozen=True)
class Table:
    """Tidy rows and the roles their shape gives the fields: ``x`` what the values are
    over, ``y`` the measures, ``color`` what splits them into series. Roles are None
    (and ``y`` empty) for plain rows, whose fields the caller has to infer."""

    shape: str
    rows: list[dict[str, Any]]
    x: str | None = None
    y: tuple[str, ...] = ()
    color: str | None = None


def is_number(value: Any) -> bool:
    """A JSON number (booleans are not numbers here)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def number_or_zero(value: Any) -> float:
    """``value`` if it is a number, else 0 (for ranking and summing)."""
    return float(value) if is_number(value) else 0.0


def numbers_in(rows: list[dict[str, Any]], field: str) -> list[float]:
    """The numbers of ``field`` across ``rows``, skipping nulls and anything else."""
    return [row[field] for row in rows if is_number(row.get(field))]


def _number_or_null(value: Any) -> bool:
    return value is None or is_number(value)


def _dicts(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, dict) for item in value)


def _dicts_with(value: Any, key: str) -> bool:
    return _dicts(value) and all(key in item for item in value)


def _dict_shape(payload: Mapping[str, Any]) -> str | None:
    if not payload:
        return "empty"
    if _dicts_with(payload.get("series"), "points"):
        return "metric"
    if _dicts_with(payload.get("steps"), "count"):
        return "funnel"
    if _dicts(payload.get("cohorts")):
        return "retention"
    if "name" in payload and ({"children", "size", "value"} & payload.keys()):
        return "tree"
    if all(_series_values(key, value) for key, value in payload.items()):
        return "series"
    if all(_number_or_null(value) for value in payload.values()):
        return "labels"
    return None


def _series_values(key: str, value: Any) -> bool:
    if not isinstance(value, list):
        return False
    if key == "dates":
        return True
    return all(_number_or_null(item) for item in value)


def _list_shape(payload: list[Any]) -> str | None:
    if not payload:
        return "empty"
    if _dicts(payload):
        venn = all(isinstance(item.get("sets"), list) for item in payload)
        return "venn" if venn else "rows"
    if all(_number_or_null(item) for item in payload):
        return "numbers"
    if all(isinstance(item, list) and len(item) == 2 for item in payload):
        return "pairs"
    return None


def shape_of(payload: Any) -> str | None:
    """The name of ``payload``'s shape (a key of SHAPES, or ``empty``); None if unknown."""
    if payload is None:
        return "empty"
    if isinstance(payload, dict):
        return _dict_shape(payload)
    if isinstance(payload, list):
        return _list_shape(payload)
    return None


def describe_value(payload: Any) -> str:
    """A few words on what a payload is, for error messages (never its content)."""
    if isinstance(payload, dict):
        keys = ", ".join(sorted(map(str, payload))[:5])
        return f"an object with keys {keys}"
    if isinstance(payload, list):
        kinds = sorted({type(item).__name__ for item in payload})
        return f"a list of {', '.join(kinds)}"
    return f"a {type(payload).__name__}"


def unknown_shape_error(
    payload: Any, accepted: tuple[str, ...] = tuple(SHAPES), reader: str = "widgets"
) -> WidgetDataError:
    """The error for a payload none of ``accepted`` fits, naming every accepted shape."""
    shapes = "; ".join(SHAPES.get(name, name) for name in accepted)
    return WidgetDataError(
        f"payload: {reader} accept {shapes} (or nothing); got {describe_value(payload)}"
    )


def _series_rows(payload: Mapping[str, Any]) -> list[dict[str, Any]]:
    dates = payload.get("dates") or []
    rows = []
    for label, values in payload.items():
        if label == "dates":
            continue
        for index, value in enumerate(values):
            x = (dates[index] if index < len(dates) else None) if dates else index
            rows.append({"x": x, "series": label, "value": value})
    return rows


def _tree_leaves(root: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    """Leaves depth first, each with the names from below the root down to it. Walked
    with a stack, so a deep tree cannot exhaust the interpreter's recursion limit."""
    stack: list[tuple[Mapping[str, Any], tuple[str, ...]]] = [(root, ())]
    while stack:
        node, names = stack.pop()
        children = [c for c in node.get("children") or [] if isinstance(c, dict)]
        if not children:
            label = names or (str(node.get("name", "")),)
            size = node.get("size", node.get("value"))
            yield {
                "path": TREE_SEPARATOR.join(label),
                "name": str(node.get("name", "")),
                "value": size if is_number(size) else 1,
                "depth": len(names),
            }
        for child in reversed(children):
            stack.append((child, (*names, str(child.get("name", "")))))


def _venn_rows(payload: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {"sets": VENN_SEPARATOR.join(map(str, item["sets"])), "size": item.get("size")}
        for item in payload
    ]


def _metric_rows(result: Mapping[str, Any]) -> list[dict[str, Any]]:
    series = result.get("series") or []
    if not any(entry.get("points") for entry in series):
        return metric_totals(result)
    current = _points(series, CURRENT, [])
    axis = next(([(p.get("t"), p.get("local")) for p in s["points"]] for s in series), [])
    previous = result.get("previous")
    if isinstance(previous, dict) and _dicts(previous.get("series")):
        current += _points(previous["series"], PREVIOUS, axis)
    return current


def _points(
    series: list[dict[str, Any]], period: str, axis: list[tuple[Any, Any]]
) -> list[dict[str, Any]]:
    """Rows of one period; a previous period's points are placed on the current period's
    buckets by position (``at`` keeps when each really was), so the two overlay."""
    rows = []
    for entry in series:
        for index, point in enumerate(entry.get("points") or []):
            t, local = axis[index] if index < len(axis) else (point.get("t"), point.get("local"))
            rows.append(
                {
                    "t": t,
                    "local": local,
                    "series": entry.get("label"),
                    "value": point.get("value"),
                    "period": period,
                    "at": point.get("t"),
                }
            )
    return rows


def metric_totals(result: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One row per series of a metric result (and of its previous period): its total."""
    rows = [
        {"series": entry.get("label"), "value": entry.get("total"), "period": CURRENT}
        for entry in result.get("series") or []
    ]
    previous = result.get("previous")
    if isinstance(previous, dict):
        rows += [
            {"series": entry.get("label"), "value": entry.get("total"), "period": PREVIOUS}
            for entry in previous.get("series") or []
            if isinstance(entry, dict)
        ]
    return rows


def _funnel_rows(result: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The breakdown's steps when there is one (they add up to the overall steps), else the
    overall steps as series ``total``."""
    groups = result.get("breakdown")
    if not _dicts(groups) or not groups:
        groups = [{"label": "total", "steps": result["steps"]}]
    return [
        {
            "step": index,
            "event": step.get("event"),
            "count": step.get("count"),
            "conversion_from_previous": step.get("conversion_from_previous"),
            "conversion_from_start": step.get("conversion_from_start"),
            "series": group.get("label"),
        }
        for group in groups
        for index, step in enumerate(group.get("steps") or [])
    ]


def _retention_rows(result: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "cohort": cohort.get("local"),
            "start": cohort.get("start"),
            "size": cohort.get("size"),
            "period": value.get("period"),
            "count": value.get("count"),
            "share": value.get("share"),
        }
        for cohort in result["cohorts"]
        for value in cohort.get("values") or []
        if isinstance(value, dict)
    ]


def _metric_table(payload: Mapping[str, Any]) -> Table:
    rows = _metric_rows(payload)
    if rows and "t" not in rows[0]:
        return Table("metric", rows, "series", ("value",))
    labels = {row["series"] for row in rows}
    return Table("metric", rows, "local", ("value",), "series" if len(labels) > 1 else None)


def _funnel_table(payload: Mapping[str, Any]) -> Table:
    rows = _funnel_rows(payload)
    split = bool(payload.get("breakdown"))
    return Table("funnel", rows, "event", ("count",), "series" if split else None)


def _mapping_table(shape: str, payload: Mapping[str, Any]) -> Table:
    if shape == "metric":
        return _metric_table(payload)
    if shape == "funnel":
        return _funnel_table(payload)
    if shape == "retention":
        return Table(shape, _retention_rows(payload), "period", ("share",), "cohort")
    if shape == "tree":
        return Table(shape, list(_tree_leaves(payload)), "path", ("value",))
    if shape == "series":
        return Table(shape, _series_rows(payload), "x", ("value",), "series")
    rows = [{"label": key, "value": value} for key, value in payload.items()]
    return Table(shape, rows, "label", ("value",))


def _list_table(shape: str, payload: list[Any]) -> Table:
    if shape == "numbers":
        return Table(shape, [{"x": i, "value": v} for i, v in enumerate(payload)], "x", ("value",))
    if shape == "pairs":
        return Table(shape, [{"x": p[0], "y": p[1]} for p in payload], "x", ("y",))
    if shape == "venn":
        return Table(shape, _venn_rows(payload), "sets", ("size",))
    return Table(shape, [dict(row) for row in payload])


def table_of(payload: Any) -> Table:
    """``payload`` read into tidy rows with its shape's field roles; WidgetDataError naming
    every known shape when it has none of them. A metric result's previous period is
    kept, as rows whose ``period`` is ``previous``."""
    shape = shape_of(payload)
    if shape is None:
        raise unknown_shape_error(payload)
    if shape == "empty":
        return Table("empty", [], "x", ("value",))
    if isinstance(payload, dict):
        return _mapping_table(shape, payload)
    return _list_table(shape, payload)


def totals_of(payload: Any) -> Table:
    """Like ``table_of``, but a metric result gives one row per series with its total (what
    parts of a whole are drawn from: a sum of buckets is wrong for averages and persons)."""
    if shape_of(payload) == "metric":
        rows = [row for row in metric_totals(payload) if row["period"] == CURRENT]
        return Table("metric", rows, "series", ("value",))
    return table_of(payload)


def rows_of(payload: Any) -> list[dict[str, Any]]:
    """``payload`` (any shape in SHAPES, or empty) as a list of flat-ish dicts."""
    return table_of(payload).rows
