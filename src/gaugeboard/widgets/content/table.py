"""The ``table`` widget (jsondash's ``datatable``): typed columns, a server-side first
order and a row cap, paged and searched in the browser."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, field_validator

from gaugeboard.widgets.content.dates import ISO_DATE
from gaugeboard.widgets.content.option_checks import ContentOptions, read_options
from gaugeboard.widgets.content.table_sources import TableData, table_data
from gaugeboard.widgets.request import WidgetDataError, WidgetRequest

ColumnName = Annotated[str, Field(min_length=1, max_length=200)]
CellFormat = Literal["number", "percent", "currency"]


class TableOptions(ContentOptions):
    """``columns`` picks and orders; ``sort`` names the column of the first order."""

    columns: list[ColumnName] | None = Field(None, min_length=1, max_length=200)
    sort: ColumnName | None = None
    descending: bool = False
    page_size: int = Field(25, ge=1, le=500)
    searchable: bool = True
    max_rows: int = Field(10_000, ge=1, le=100_000)
    formats: dict[ColumnName, CellFormat] | None = Field(
        None, description="How a column's numbers read: number, percent (0.25 → 25%) or currency."
    )
    currency: str = Field(
        "USD", pattern=r"^[A-Z]{3}$", description="The ISO 4217 code of currency columns."
    )

    @field_validator("columns")
    @classmethod
    def _no_repeats(cls, value: list[str] | None) -> list[str] | None:
        if value is not None:
            repeated = sorted({name for name in value if value.count(name) > 1})
            if repeated:
                raise ValueError(f"lists {', '.join(map(repr, repeated))} more than once")
        return value


def _kind(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str) and ISO_DATE.fullmatch(value):
        return "date"
    return "string"


def column_type(values: list[Any]) -> str:
    """``number``, ``boolean`` or ``date`` when every non-empty cell is one, else ``string``."""
    kinds = {kind for kind in map(_kind, values) if kind is not None}
    return kinds.pop() if len(kinds) == 1 else "string"


def _named(data: TableData, name: str) -> str:
    """``name``, or the column an older name stands for (``total`` → "Signup")."""
    return name if name in data.names else data.aliases.get(name, name)


def _picked(data: TableData, columns: list[str] | None) -> TableData:
    if columns is None:
        return data
    columns = [_named(data, name) for name in columns]
    missing = [name for name in columns if name not in data.names]
    if missing and data.names:
        raise WidgetDataError(
            f"options.columns: {', '.join(map(repr, missing))} not in the data "
            f"(columns: {', '.join(data.names[:30])})"
        )
    if missing:
        return TableData(list(columns), [], data.declared, data.spelling, data.aliases)
    indexes = [data.names.index(name) for name in columns]
    rows = [[row[index] for index in indexes] for row in data.rows]
    return TableData(list(columns), rows, data.declared, data.spelling, data.aliases)


def _sort_key(kind: str, index: int) -> Any:
    """Numbers by value; anything else (and a declared number column's stray text) by text."""

    def key(row: list[Any]) -> tuple[int, float, str, str]:
        value = row[index]
        if kind in ("number", "boolean") and _kind(value) in ("number", "boolean"):
            return (0, float(value), "", "")
        return (1, 0.0, str(value).casefold(), str(value))

    return key


def sorted_rows(rows: list[list[Any]], index: int, kind: str, descending: bool) -> list[list[Any]]:
    """Rows ordered by column ``index``; empty cells last either way."""
    present = [row for row in rows if row[index] is not None]
    empty = [row for row in rows if row[index] is None]
    present.sort(key=_sort_key(kind, index), reverse=descending)
    return present + empty


def _first_order(
    data: TableData, types: list[str], options: TableOptions
) -> tuple[list[list[Any]], dict[str, Any] | None]:
    """The rows in the order the table opens with, and that order for the browser."""
    if options.sort is None or not data.names:
        return data.rows, None
    sort = _named(data, options.sort)
    if sort not in data.names:
        raise WidgetDataError(
            f"options.sort: {options.sort!r} is not a shown column "
            f"(columns: {', '.join(data.names[:30])})"
        )
    index = data.names.index(sort)
    rows = sorted_rows(data.rows, index, types[index], options.descending)
    return rows, {"column": sort, "descending": options.descending}


def _spelled(data: TableData, name: str, options: TableOptions) -> dict[str, str]:
    """How the browser shows column ``name``: the source's spelling, then the options'."""
    spelling = dict(data.spelling.get(name, {}))
    chosen = (options.formats or {}).get(name)
    if chosen:
        spelling["format"] = chosen
    if spelling.get("format") == "currency":
        spelling["currency"] = options.currency
    return spelling


def render_table(request: WidgetRequest, payload: Any) -> dict[str, Any]:
    """``{"kind": "table", "columns": [{"name", "type"}], "rows", "page_size", "sort",
    "searchable", "total_rows", "truncated"}``."""
    options = read_options(TableOptions, request.options)
    data = _picked(table_data(payload), options.columns)
    types = [
        data.declared.get(name) or column_type([row[index] for row in data.rows])
        for index, name in enumerate(data.names)
    ]
    rows, sort = _first_order(data, types, options)
    return {
        "kind": "table",
        "columns": [
            {"name": name, "type": kind, **_spelled(data, name, options)}
            for name, kind in zip(data.names, types, strict=True)
        ],
        "rows": rows[: options.max_rows],
        "page_size": options.page_size,
        "sort": sort,
        "searchable": options.searchable,
        "total_rows": len(rows),
        "truncated": len(rows) > options.max_rows,
    }
