"""The fast way of converting JSON rows (Arrow alone) decides only how fast, never what is
accepted: on every list of values below it gives exactly what the per-value rules give, or
steps aside (None) so that they run, and it always steps aside when they refuse a value."""

from __future__ import annotations

import math
from typing import Any

import pyarrow as pa
import pytest

from gaugeboard.datasets.columns import REC_ID, Column, arrow_schema, coerce
from gaugeboard.datasets.fast_values import fast_rows, fast_values

CASES: list[tuple[str, list[Any]]] = [
    ("text", ["a", None, "", "  spaced  ", "日本"]),
    ("text", ["a", 5]),
    ("text", ["nul \x00 inside"]),
    ("text", [{"an": "object"}]),
    ("dropdown", ["S", "M", None]),
    ("dropdown", ["S", "XL"]),
    ("number", [1, 2.5, None, -0.0, 1e300]),
    ("number", [1, math.nan]),
    ("number", ["1,250.5", "7"]),
    ("number", [True, 1]),
    ("number", [math.inf]),
    ("number", [2**63 + 1]),
    ("percentage", [0.25, 1]),
    ("integer", [1, -7, None, 2**62]),
    ("integer", [1.0, 2.0]),
    ("integer", [1.5]),
    ("integer", [True]),
    ("integer", ["7"]),
    ("checkbox", [True, False, None]),
    ("checkbox", ["yes", "off", ""]),
    ("checkbox", [1, 0]),
    ("date", ["2026-03-01", None]),
    ("date", ["2026-03-01T10:30:00"]),
    ("date", ["2026-02-30"]),
    ("datetime", ["2026-03-01T10:30:00Z", "2026-03-01T10:30:00+02:00", "2026-03-01T10:30:00"]),
    ("datetime", [1_700_000_000]),
    ("datetime", ["yesterday"]),
    ("text", [None, None]),
]


def slow(column: Column, values: list[Any]) -> pa.Array | None:
    """The per-value rules' answer, or None when they refuse a value."""
    try:
        converted = [coerce(column, value) for value in values]
    except ValueError:
        return None
    return pa.array(converted, arrow_schema([column]).field(0).type)


@pytest.mark.parametrize(("kind", "values"), CASES)
def test_the_fast_way_agrees_with_the_rules_or_steps_aside(kind: str, values: list[Any]) -> None:
    column = Column("c", kind, ("S", "M", "L") if kind == "dropdown" else ())
    fast = fast_values(column, values)
    expected = slow(column, values)
    if expected is None:
        assert fast is None
    elif fast is not None:
        assert fast.to_pylist() == expected.to_pylist()


def test_well_typed_rows_take_the_fast_way() -> None:
    columns = [Column(REC_ID, REC_ID), Column("region", "text"), Column("amount", "number")]
    rows = [{"region": "north", "amount": 1}, {"amount": 2.5}]
    table = fast_rows(columns, rows)
    assert table is not None
    assert table.to_pylist() == [
        {REC_ID: 0, "region": "north", "amount": 1.0},
        {REC_ID: 1, "region": None, "amount": 2.5},
    ]


@pytest.mark.parametrize(
    "rows",
    [[{"colour": "red"}], [{REC_ID: 3, "region": "north"}], ["not an object"]],
)
def test_rows_the_rules_must_name_step_aside(rows: list[Any]) -> None:
    columns = [Column(REC_ID, REC_ID), Column("region", "text")]
    assert fast_rows(columns, rows) is None


@pytest.mark.parametrize(
    ("kind", "values"),
    [
        ("text", ["a", None]),
        ("number", [1, 2.5]),
        ("integer", [1, -7]),
        ("checkbox", [True, None]),
        ("date", ["2026-03-01"]),
        ("datetime", ["2026-03-01T10:30:00Z", "2026-03-01T10:30:00+02:00"]),
    ],
)
def test_json_typed_values_take_the_fast_way(kind: str, values: list[Any]) -> None:
    column = Column("c", kind)
    fast = fast_values(column, values)
    expected = slow(column, values)
    assert fast is not None and expected is not None
    assert fast.to_pylist() == expected.to_pylist()
