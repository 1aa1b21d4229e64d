"""Every payload a ``table`` widget takes, as column names and rows of cells.

Row objects give the union of their keys in first-seen order (jsondash took only the
first row's keys, hiding fields that first row lacked); metric results become one row
per time bucket and funnel results one row per step.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from gaugeboard.widgets.content.query_headers import (
    grain,
    measure_header,
    split_header,
    time_header,
    words,
)
from gaugeboard.widgets.content.shapes import (
    column_names,
    is_column_table,
    is_funnel_result,
    is_metric_result,
    is_records,
    wrong_shape,
)
from gaugeboard.widgets.request import WidgetDataError

ACCEPTED = (
    "rows (a list of objects)",
    '{"columns": [name or {"name", "type"?}, …], "rows": [[cell, …], …]}',
    "an events metric result",
    "an events funnel result",
)
COLUMN_TYPES = ("number", "string", "boolean", "date")
FUNNEL_COLUMNS = ("step", "event", "count", "conversion_from_previous", "conversion_from_start")
FUNNEL_HEADERS = tuple(words(name) for name in FUNNEL_COLUMNS)
FUNNEL_RATES = FUNNEL_HEADERS[3:]


@dataclass
class TableData:
    """Column names, their declared types (where a source gave one), and rows of cells;
    ``spelling`` says how the browser shows a column (``{"grain": "day"}``,
    ``{"format": "percent"}``), ``aliases`` maps names older documents use to the names."""

    names: list[str]
    rows: list[list[Any]]
    declared: dict[str, str] = field(default_factory=dict)
    spelling: dict[str, dict[str, str]] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)


def cell(value: Any) -> Any:
    """A cell the browser can show as text: JSON scalars as they are, times as ISO text,
    objects and lists as compact JSON, non-finite numbers as empty."""
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Decimal):
        return cell(float(value))
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False, default=str)
    return str(value)


def unique_names(names: list[str]) -> list[str]:
    """``names`` with repeats numbered (``sales``, ``sales (2)``), so each can be picked."""
    seen: dict[str, int] = {}
    result = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        result.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return result


def _from_records(records: list[dict[str, Any]]) -> TableData:
    names: dict[str, None] = {}
    for record in records:
        names.update(dict.fromkeys(map(str, record)))
    keys = list(names)
    rows = [[cell(record.get(key)) for key in keys] for record in records]
    return TableData(keys, rows)


def _from_column_table(payload: dict[str, Any]) -> TableData:
    names = column_names(payload)
    declared = {}
    for column in payload["columns"]:
        if isinstance(column, dict) and column.get("type") in COLUMN_TYPES:
            declared[column["name"]] = column["type"]
    rows = []
    for index, row in enumerate(payload["rows"]):
        if not isinstance(row, list) or len(row) != len(names):
            raise WidgetDataError(
                f"payload.rows[{index}]: must be a list of {len(names)} cells, one per column"
            )
        rows.append([cell(value) for value in row])
    return TableData(unique_names(names), rows, declared)


def _from_metric(result: dict[str, Any]) -> TableData:
    series = [entry for entry in result["series"] if isinstance(entry, dict)]
    labels = [str(entry.get("label")) for entry in series]
    point_lists = [entry.get("points") or [] for entry in series]
    if not any(point_lists):
        return _metric_totals(result, series, labels)
    query = result.get("query")
    if not (isinstance(query, dict) and query.get("breakdown")) and len(labels) == 1:
        labels = [measure_header(result)]
    when = time_header(result)
    names = unique_names([when, *labels])
    times = [point.get("t") for point in point_lists[0]]
    rows = []
    for index, moment in enumerate(times):
        values = [
            points[index].get("value") if index < len(points) else None for points in point_lists
        ]
        rows.append([moment, *(cell(value) for value in values)])
    earlier = _previous_series(result)
    if earlier is not None:
        # The previous period's value of each series, bucket by bucket (by position).
        names = unique_names([*names, *(f"{label} (previous period)" for label in labels)])
        for index, row in enumerate(rows):
            row.extend(cell(_point(earlier.get(entry.get("label")), index)) for entry in series)
    bucket = grain(result)
    spelling = {names[0]: {"grain": bucket}} if bucket else {}
    return TableData(names, rows, {names[0]: "date"}, spelling, {"time": names[0]})


PREVIOUS_HEADER = "Previous period"
CHANGE_HEADER = "Change"


def _previous_series(result: dict[str, Any]) -> dict[Any, dict[str, Any]] | None:
    """The compared period's series by label (None without ``compare``)."""
    previous = result.get("previous")
    if not isinstance(previous, dict) or not isinstance(previous.get("series"), list):
        return None
    return {entry.get("label"): entry for entry in previous["series"] if isinstance(entry, dict)}


def _point(entry: dict[str, Any] | None, index: int) -> Any:
    points = (entry or {}).get("points") or []
    return points[index].get("value") if index < len(points) else None


def _change(current: Any, before: Any) -> float | None:
    numbers = all(
        isinstance(value, int | float) and not isinstance(value, bool)
        for value in (current, before)
    )
    return (current - before) / abs(before) if numbers and before else None


def _metric_totals(
    result: dict[str, Any], series: list[dict[str, Any]], labels: list[str]
) -> TableData:
    """A row per series with its total; with ``compare``, the previous period's total and
    the change (a percentage) beside it, so a compared breakdown reads as one table."""
    rows = [[label, cell(entry.get("total"))] for label, entry in zip(labels, series, strict=True)]
    split, measure = unique_names([split_header(result), measure_header(result)])
    aliases = {"series": split, "total": measure}
    earlier = _previous_series(result)
    if earlier is None:
        return TableData([split, measure], rows, aliases=aliases)
    for row, entry in zip(rows, series, strict=True):
        before = (earlier.get(entry.get("label")) or {}).get("total")
        row.extend([cell(before), cell(_change(entry.get("total"), before))])
    names = unique_names([split, measure, PREVIOUS_HEADER, CHANGE_HEADER])
    spelling = {names[3]: {"format": "percent"}}
    return TableData(names, rows, spelling=spelling, aliases=aliases)


def _funnel_rows(steps: list[Any], prefix: list[Any]) -> list[list[Any]]:
    return [
        [*prefix, number, *(cell(step.get(name)) for name in FUNNEL_COLUMNS[1:])]
        for number, step in enumerate(steps, start=1)
        if isinstance(step, dict)
    ]


def _from_funnel(result: dict[str, Any]) -> TableData:
    groups = result.get("breakdown")
    rates = {name: {"format": "percent"} for name in FUNNEL_RATES}
    aliases = dict(zip(FUNNEL_COLUMNS, FUNNEL_HEADERS, strict=True))
    if not isinstance(groups, list) or not groups:
        rows = _funnel_rows(result["steps"], [])
        return TableData(list(FUNNEL_HEADERS), rows, spelling=rates, aliases=aliases)
    rows = []
    for group in groups:
        if isinstance(group, dict):
            rows.extend(_funnel_rows(group.get("steps") or [], [cell(group.get("label"))]))
    split = split_header(result)
    names = unique_names([split, *FUNNEL_HEADERS])
    return TableData(names, rows, spelling=rates, aliases={**aliases, "label": split})


def table_data(payload: Any) -> TableData:
    """Names and rows for any accepted payload; WidgetDataError listing them otherwise."""
    if is_metric_result(payload):
        return _from_metric(payload)
    if is_funnel_result(payload):
        return _from_funnel(payload)
    if is_column_table(payload):
        return _from_column_table(payload)
    if isinstance(payload, list) and is_records(payload):
        return _from_records(payload)
    raise wrong_shape("table", ACCEPTED, payload)
