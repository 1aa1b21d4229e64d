"""Payloads jsondash endpoints really return, read before a widget type sees them.

jsondash hands some payloads to its chart library as configuration (``override``):
DataTables options with the rows under ``data``, C3 configurations with the series under
``data.columns``; and its vega-lite family carries specs of older Vega-Lite versions.
Each is turned here into the payload and options gaugeboard's widget of that type draws,
with a note for every setting that has no equivalent (shown under the widget), so nothing
is silently ignored and nothing fails for being in an older dialect.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from gaugeboard.widgets.c3_config import C3_TYPES, is_c3_config, read_c3
from gaugeboard.widgets.request import WidgetRequest
from gaugeboard.widgets.vega_lite_upgrade import upgrade_spec

# Chart types jsondash's C3 family stands for (a C3 configuration is read for these).
C3_WIDGET_TYPES = frozenset({kind for kind, _ in C3_TYPES.values()} | {"timeseries"})
SPEC_KEYS = frozenset({"$schema", "mark", "layer", "concat", "hconcat", "vconcat", "facet"})
# DataTables options with a meaning for the table widget.
READ_TABLE_KEYS = frozenset({"columns", "data", "searching", "pageLength", "order", "paging"})
READ_COLUMN_KEYS = frozenset({"data", "title", "visible"})
MAX_PAGE_SIZE = 500


@dataclass
class Normalised:
    """The request and payload a widget type draws, and notes on what was changed."""

    request: WidgetRequest
    payload: Any
    notes: list[str] = field(default_factory=list)


def normalise(request: WidgetRequest, payload: Any) -> Normalised:
    """``payload`` (and the request's type and options) as the widget draws it."""
    if request.type == "table" and is_datatables_options(payload):
        return _datatables(request, payload)
    if request.type in C3_WIDGET_TYPES and is_c3_config(payload):
        return _c3(request, payload)
    if request.type == "vega-lite" and isinstance(payload, dict) and SPEC_KEYS & payload.keys():
        spec, notes = upgrade_spec(payload)
        return Normalised(request, spec, notes)
    return Normalised(request, payload)


def _with_options(request: WidgetRequest, found: Mapping[str, Any]) -> WidgetRequest:
    """The widget's own options win over what the payload says."""
    return replace(request, options={**found, **request.options})


def _c3(request: WidgetRequest, config: dict[str, Any]) -> Normalised:
    chart = read_c3(config, request.type)
    if chart.chart_type is not None:
        chart.notes.insert(0, f"drawn as a {chart.chart_type} chart, as C3 data.type says")
        request = replace(request, type=chart.chart_type)
    return Normalised(_with_options(request, chart.options), chart.payload, chart.notes)


def is_datatables_options(payload: Any) -> bool:
    """DataTables options: ``columns`` as ``{"data", "title"}`` objects and/or the rows
    under ``data`` (gaugeboard's own column tables use ``rows``)."""
    if not isinstance(payload, dict) or "rows" in payload:
        return False
    columns = payload.get("columns")
    dt_columns = (
        isinstance(columns, list)
        and bool(columns)
        and all(isinstance(c, dict) and ({"data", "title"} & c.keys()) for c in columns)
    )
    return dt_columns or isinstance(payload.get("data"), list)


def _datatables(request: WidgetRequest, options: dict[str, Any]) -> Normalised:
    notes: list[str] = []
    given_rows = options.get("data")
    rows: list[Any] = given_rows if isinstance(given_rows, list) else []
    columns = _dt_columns(options.get("columns"), rows, notes)
    table_rows = [[_cell(row, key, index) for index, key in columns] for row in rows]
    titled = _titled(columns, options.get("columns"))
    names = [title for _, _, title in titled]
    found: dict[str, Any] = {}
    if options.get("searching") is False:
        found["searchable"] = False
    if options.get("paging") is False:
        found["page_size"] = min(max(len(rows), 1), MAX_PAGE_SIZE)
    elif _whole(options.get("pageLength")):
        found["page_size"] = min(max(options["pageLength"], 1), MAX_PAGE_SIZE)
    _order(options.get("order"), {index: title for index, _, title in titled}, found, notes)
    for key in sorted(options.keys() - READ_TABLE_KEYS):
        notes.append(f"DataTables {key} dropped (no equivalent here)")
    if "data" not in options:
        notes.append("DataTables options without data: no rows to show")
    payload = {"columns": names, "rows": table_rows}
    return Normalised(_with_options(request, found), payload, notes)


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _dt_columns(declared: Any, rows: list[Any], notes: list[str]) -> list[tuple[int, Any]]:
    """(position, field) of each shown column: the declared ones (``visible: false``
    hidden), or the first row's keys (jsondash's rule) when none are declared."""
    if not isinstance(declared, list) or not declared:
        first = rows[0] if rows else {}
        keys = list(first) if isinstance(first, dict) else list(range(len(first)))
        return list(enumerate(keys))
    shown: list[tuple[int, Any]] = []
    for index, column in enumerate(declared):
        if isinstance(column, str):  # a bare heading: the row's field or position
            shown.append((index, column if rows and isinstance(rows[0], dict) else index))
            continue
        if not isinstance(column, dict) or column.get("visible") is False:
            continue
        shown.append((index, column.get("data", index)))
        for key in sorted(column.keys() - READ_COLUMN_KEYS):
            notes.append(f"DataTables columns[{index}].{key} dropped (no equivalent here)")
    return shown


def _titled(columns: list[tuple[int, Any]], declared: Any) -> list[tuple[int, Any, str]]:
    """Each shown column with its heading: ``title``, else its field; repeats numbered."""
    result: list[tuple[int, Any, str]] = []
    seen: set[str] = set()
    for index, key in columns:
        column = declared[index] if isinstance(declared, list) and index < len(declared) else {}
        title = column.get("title") if isinstance(column, dict) else column
        name = str(title if isinstance(title, str) and title else key)
        candidate, counter = name, 2
        while candidate in seen:
            candidate, counter = f"{name} ({counter})", counter + 1
        seen.add(candidate)
        result.append((index, key, candidate))
    return result


def _cell(row: Any, key: Any, index: int) -> Any:
    """A row's value for a column: by field name (``a.b`` reaches into objects) or by
    position for rows given as arrays."""
    if isinstance(row, list):
        position = key if _whole(key) else index
        return row[position] if 0 <= position < len(row) else None
    if not isinstance(row, dict) or key is None:
        return None
    if isinstance(key, str) and key not in row and "." in key:
        value: Any = row
        for part in key.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        return value
    return row.get(key if isinstance(key, str) else str(key))


def _order(order: Any, names: dict[int, str], found: dict[str, Any], notes: list[str]) -> None:
    """DataTables ``order: [[column, "asc"|"desc"], …]``: the first is the table's order
    (``names``: each shown column's heading by its declared position)."""
    if not isinstance(order, list) or not order:
        return
    first = order[0]
    if (
        isinstance(first, list)
        and len(first) == 2
        and _whole(first[0])
        and first[0] in names
        and first[1] in ("asc", "desc")
    ):
        found["sort"] = names[first[0]]
        found["descending"] = first[1] == "desc"
        if len(order) > 1:
            notes.append("DataTables order: only the first column's order is kept")
    else:
        notes.append("DataTables order dropped (not [[column, 'asc'|'desc']])")
