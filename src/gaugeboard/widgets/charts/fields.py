"""Which field of the rows goes where: the shape's roles, the options naming fields, or,
for plain rows, a guess from the values (first date or text field as x, numbers as y)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from gaugeboard.widgets.payloads import CURRENT, Table, is_number, numbers_in
from gaugeboard.widgets.request import WidgetDataError

Kind = Literal["quantitative", "temporal", "nominal"]
# ISO 8601 dates and date-times as sources write them ("2024-05-01", "…T10:00:00Z").
ISO_TIME = re.compile(
    r"^\d{4}-\d{2}(?:-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?)?$"
)
SAMPLE = 1000  # rows looked at to guess a field's kind
INDEX = "index"


def field_names(rows: list[dict[str, Any]]) -> list[str]:
    """Every key of the rows, in the order they first appear."""
    names: dict[str, None] = {}
    for row in rows[:SAMPLE]:
        names.update(dict.fromkeys(row))
    return list(names)


def field_kind(rows: list[dict[str, Any]], name: str) -> Kind:
    """Numbers are quantitative, ISO date strings temporal, anything else nominal."""
    values = [row.get(name) for row in rows[:SAMPLE]]
    present = [value for value in values if value is not None]
    if not present:
        return "nominal"
    if all(is_number(value) for value in present):
        return "quantitative"
    if all(isinstance(value, str) and ISO_TIME.match(value) for value in present):
        return "temporal"
    return "nominal"


def time_unit(rows: list[dict[str, Any]], name: str) -> str:
    """The Vega-Lite time unit the times of ``name`` are whole multiples of: months
    ("2024-05"), days (midnight) or minutes. Browsers read a date without a time as UTC
    midnight and one with a time as local, so dates get UTC units: "2024-05-01" stays
    May 1 west of Greenwich."""
    texts = [value for row in rows[:SAMPLE] if isinstance(value := row.get(name), str)]
    dates_only = "utc" if all(len(value) <= len("2024-05-01") for value in texts) else ""
    if texts and all(len(value) == len("2024-05") for value in texts):
        return f"{dates_only}yearmonth"
    if all(len(value) <= len("2024-05-01") or value[11:].startswith("00:00") for value in texts):
        return f"{dates_only}yearmonthdate"
    return "yearmonthdatehoursminutes"


def all_integers(rows: list[dict[str, Any]], name: str) -> bool:
    """Whether ``name`` holds whole numbers only (an index: no ticks between them)."""
    return all(float(value).is_integer() for value in numbers_in(rows[:SAMPLE], name))


@dataclass(frozen=True)
class Fields:
    """The rows to draw and the field of each role, with every used field's kind."""

    rows: list[dict[str, Any]]
    x: str
    y: tuple[str, ...]
    color: str | None
    kinds: dict[str, Kind]
    own_names: bool = True  # the names are the author's (plain rows), fit for axis titles

    def kind(self, name: str) -> Kind:
        """The kind of any field of the rows (used ones are known already)."""
        known = self.kinds.get(name)
        return known if known is not None else field_kind(self.rows, name)


def guess_roles(
    rows: list[dict[str, Any]], x: str | None = None
) -> tuple[str | None, tuple[str, ...], str | None]:
    """x (unless given): the first date field, else the first text field, else (with several
    number fields) the first number field; y: the other number fields; color: a text field
    left over, when there is a single y to split."""
    names = field_names(rows)
    kinds = {name: field_kind(rows, name) for name in names}
    numbers = [name for name in names if kinds[name] == "quantitative"]
    texts = [name for name in names if kinds[name] == "nominal"]
    times = [name for name in names if kinds[name] == "temporal"]
    if x is None:
        x = next(iter(times + texts), None)
    if x is None and len(numbers) > 1:
        x = numbers[0]
    y = tuple(name for name in numbers if name != x)
    others = [name for name in texts if name != x]
    color = others[0] if len(y) == 1 and others else None
    return x, y, color


def _roles(
    table: Table, rows: list[dict[str, Any]], x: str | None, y: list[str] | None, color: str | None
) -> tuple[str | None, tuple[str, ...], str | None]:
    guessed = (table.x, table.y, table.color) if table.x is not None else guess_roles(rows, x)
    chosen_y = tuple(y) if y else guessed[1] or ("value",)
    chosen_x = x or guessed[0]
    if color is None and len(chosen_y) == 1 and guessed[2] not in (chosen_x, *chosen_y):
        color = guessed[2]
    return chosen_x, chosen_y, color


def _with_index(rows: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], str]:
    name = INDEX
    while any(name in row for row in rows[:SAMPLE]):
        name = f"_{name}"
    return [{**row, name: position} for position, row in enumerate(rows)], name


def missing_field(rows: list[dict[str, Any]], option: str, name: str | None) -> list[str]:
    """A problem when option ``option`` names a field no row has (rows exist)."""
    if name is None or not rows or name in field_names(rows):
        return []
    fields = ", ".join(field_names(rows)[:20])
    return [f"options.{option}: no field {name!r} in the data (fields: {fields})"]


def not_numbers(rows: list[dict[str, Any]], option: str, names: tuple[str, ...]) -> list[str]:
    """A problem per field of ``names`` that has values but no numbers among them."""
    return [
        f"options.{option}: field {name!r} holds no numbers"
        for name in names
        if name in field_names(rows)
        and field_kind(rows, name) != "quantitative"
        and any(row.get(name) is not None for row in rows[:SAMPLE])
    ]


def choose_fields(
    table: Table,
    x: str | None = None,
    y: list[str] | None = None,
    color: str | None = None,
    keep_previous: bool = False,
    names: tuple[str, str, str] = ("x", "y", "color"),
) -> Fields:
    """The fields to draw: options first, then the shape's roles, then a guess. A metric
    result's previous period is dropped unless ``keep_previous``. WidgetDataError when an
    option names a field the rows lack or a measure holds no numbers; ``names`` are the
    options' names in those messages (x, y, color)."""
    rows = table.rows
    if table.shape == "metric" and not keep_previous:
        rows = [row for row in rows if row.get("period", CURRENT) == CURRENT]
    chosen_x, chosen_y, chosen_color = _roles(table, rows, x, y, color)
    x_name, y_name, color_name = names
    problems = missing_field(rows, x_name, x) + missing_field(rows, color_name, color)
    for name in y or []:
        problems += missing_field(rows, y_name, name)
    problems += not_numbers(rows, y_name, chosen_y)
    if problems:
        raise WidgetDataError(problems)
    if chosen_x is None:
        rows, chosen_x = _with_index(rows)
    used = {chosen_x, *chosen_y, *([chosen_color] if chosen_color else [])}
    kinds = {name: field_kind(rows, name) for name in used}
    return Fields(rows, chosen_x, chosen_y, chosen_color, kinds, table.shape == "rows")
