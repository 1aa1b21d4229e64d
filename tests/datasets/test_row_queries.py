"""Grouped queries of a data set, run in DuckDB, proved against the same computation in
plain Python over the rows that were written: every aggregate, with and without filters,
over rows with empty values, and after rows were updated and deleted."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from gaugeboard.datasets.provider import DatasetRows
from gaugeboard.datasets.query import RowFilter
from gaugeboard.datasets.rows import append_rows, delete_rows, update_by_filter
from gaugeboard.datasets.schemas import DatasetCreate
from gaugeboard.datasets.service import create_dataset
from tests.conftest import state

COLUMNS = [
    {"name": "region", "data_type": "text"},
    {"name": "day", "data_type": "date"},
    {"name": "amount", "data_type": "number"},
    {"name": "units", "data_type": "integer"},
    {"name": "paid", "data_type": "checkbox"},
]
REGIONS = ["north", "south", "east", "west", None]


def generated_rows(count: int, seed: int = 7) -> list[dict[str, Any]]:
    chance = random.Random(seed)
    start = date(2026, 1, 1)
    return [
        {
            "region": chance.choice(REGIONS),
            "day": (start + timedelta(days=chance.randrange(60))).isoformat(),
            "amount": None if chance.random() < 0.1 else round(chance.uniform(-50, 500), 2),
            "units": chance.randrange(0, 20),
            "paid": chance.random() < 0.5,
        }
        for _ in range(count)
    ]


@pytest.fixture
def db(app: Flask) -> Iterator[Session]:
    with state(app).database.sessions() as session:
        yield session


@pytest.fixture
def rows(app: Flask, db: Session) -> list[dict[str, Any]]:
    """A data set "orders" holding 600 generated rows, written in three appends."""
    place = state(app).datasets
    create_dataset(
        db, place, None, DatasetCreate.model_validate({"name": "orders", "columns": COLUMNS})
    )
    written = generated_rows(600)
    for part in range(3):
        append_rows(db, place, None, "orders", written[part * 200 : (part + 1) * 200])
    return written


def ask(app: Flask, db: Session, query: dict[str, Any]) -> list[dict[str, Any]]:
    return DatasetRows(db, state(app).datasets, None).rows("orders", query)


AGGREGATES: dict[str, Callable[[list[Any]], Any]] = {
    "count": len,
    "sum": lambda values: sum(values) if values else None,
    "avg": lambda values: sum(values) / len(values) if values else None,
    "min": lambda values: min(values) if values else None,
    "max": lambda values: max(values) if values else None,
    "distinct": lambda values: len(set(values)),
}


def expected(
    rows: list[dict[str, Any]], groups: list[str], aggregate: str, column: str
) -> dict[tuple[Any, ...], Any]:
    found: dict[tuple[Any, ...], list[Any]] = defaultdict(list)
    for row in rows:
        values = found[tuple(row[name] for name in groups)]
        if row[column] is not None:
            values.append(row[column])
    return {key: AGGREGATES[aggregate](values) for key, values in found.items()}


def answered(
    found: list[dict[str, Any]], groups: list[str], label: str
) -> dict[tuple[Any, ...], Any]:
    return {tuple(row[name] for name in groups): row[label] for row in found}


@pytest.mark.parametrize("aggregate", list(AGGREGATES))
@pytest.mark.parametrize("column", ["amount", "units"])
def test_each_aggregate_by_region_matches_python(
    app: Flask, db: Session, rows: list[dict[str, Any]], aggregate: str, column: str
) -> None:
    query = {"group_by": ["region"], "measures": [{"aggregate": aggregate, "column": column}]}
    found = answered(ask(app, db, query), ["region"], f"{aggregate}_{column}")
    wanted = expected(rows, ["region"], aggregate, column)
    assert found.keys() == wanted.keys()
    for key, value in wanted.items():
        assert found[key] == pytest.approx(value), key


def test_two_groups_and_a_filter_match_python(
    app: Flask, db: Session, rows: list[dict[str, Any]]
) -> None:
    query = {
        "filters": [
            {"column": "paid", "value": True},
            {"column": "day", "op": ">=", "value": "2026-02-01"},
        ],
        "group_by": ["region", "paid"],
        "measures": [{"aggregate": "sum", "column": "amount", "name": "total"}],
    }
    kept = [row for row in rows if row["paid"] and row["day"] >= "2026-02-01"]
    found = answered(ask(app, db, query), ["region", "paid"], "total")
    wanted = expected(kept, ["region", "paid"], "sum", "amount")
    assert found == pytest.approx(wanted)


def test_ungrouped_measures_give_one_row(
    app: Flask, db: Session, rows: list[dict[str, Any]]
) -> None:
    query = {"measures": [{"aggregate": "count"}, {"aggregate": "distinct", "column": "day"}]}
    assert ask(app, db, query) == [
        {"count": 600, "distinct_day": len({row["day"] for row in rows})}
    ]


def test_sort_by_a_measure_and_limit_give_the_top_groups(
    app: Flask, db: Session, rows: list[dict[str, Any]]
) -> None:
    query = {
        "group_by": ["day"],
        "measures": [{"aggregate": "sum", "column": "units", "name": "units"}],
        "sort": [{"column": "units", "direction": "desc"}, {"column": "day"}],
        "limit": 3,
    }
    totals = expected(rows, ["day"], "sum", "units")
    top = sorted(totals.items(), key=lambda item: (-item[1], item[0]))[:3]
    assert [(row["day"], row["units"]) for row in ask(app, db, query)] == [
        (key[0], value) for key, value in top
    ]


def test_in_and_contains_filters_match_python(
    app: Flask, db: Session, rows: list[dict[str, Any]]
) -> None:
    query = {
        "filters": [
            {"column": "units", "op": "in", "value": [1, 2, 3]},
            {"column": "region", "op": "contains", "value": "TH"},
        ],
        "measures": [{"aggregate": "count"}],
    }
    kept = [row for row in rows if row["units"] in (1, 2, 3) and "th" in (row["region"] or "")]
    assert ask(app, db, query) == [{"count": len(kept)}]


def test_aggregates_follow_updates_and_deletes(
    app: Flask, db: Session, rows: list[dict[str, Any]]
) -> None:
    place = state(app).datasets
    north = [RowFilter(column="region", value="north")]
    update_by_filter(db, place, None, "orders", north, {"units": 100})
    delete_rows(db, place, None, "orders", [RowFilter(column="region", value="west")], False)
    changed = [
        {**row, "units": 100} if row["region"] == "north" else row
        for row in rows
        if row["region"] != "west"
    ]
    query = {"group_by": ["region"], "measures": [{"aggregate": "sum", "column": "units"}]}
    found = answered(ask(app, db, query), ["region"], "sum_units")
    assert found == expected(changed, ["region"], "sum", "units")
