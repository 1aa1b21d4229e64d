"""The rebuild methods, each against the rows an independent Python computation expects;
every bad source row reported by position with nothing written; one version per rebuild."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

import pytest
from flask import Flask

from gaugeboard.dashboards.permissions import Actor
from gaugeboard.datasets.columns import REC_ID, arrow_schema
from gaugeboard.datasets.inference import json_table
from gaugeboard.datasets.rebuild import METHODS, RebuildResult, rebuild
from gaugeboard.datasets.rows import append_rows
from gaugeboard.datasets.service import table_columns
from gaugeboard.errors import Conflict, ValidationFailed
from tests.conftest import state
from tests.datasets.rebuild_helpers import (
    actor_named,
    dataset_row,
    new_dataset,
    place_of,
    stored_rows,
)

COLUMNS = [
    ("code", "text"),
    ("name", "text"),
    ("amount", "number"),
    ("day", "date"),
    ("qty", "integer"),
]
NAMES = [name for name, _kind in COLUMNS]
STORED = [
    {"code": "A", "name": "apple", "amount": 1.5, "day": date(2026, 1, 1), "qty": 10},
    {"code": "B", "name": "banana", "amount": 2.0, "day": date(2026, 1, 2), "qty": 20},
    {"code": "C", "name": "cherry", "amount": 3.0, "day": date(2026, 1, 3), "qty": 30},
]
# A source without the ``day`` column: B changes, D is new.
CHANGES = [
    {"code": "B", "name": "blueberry", "amount": 2.5, "qty": 21},
    {"code": "D", "name": "date", "amount": 4.0, "qty": 40},
]
# New codes only (an append may not repeat a key).
ADDITIONS = [
    {"code": "D", "name": "date", "amount": 4.0, "qty": 40},
    {"code": "E", "name": "elderberry", "amount": 5.25, "qty": None},
]


@pytest.fixture
def ada(app: Flask, make_user: Callable[..., Any]) -> Actor:
    make_user("ada", role="admin")
    return actor_named(app, "ada")


def stock(app: Flask, actor: Actor, keys: Sequence[str] = ("code",), **fields: Any) -> int:
    dataset_id = new_dataset(app, actor, "stock", COLUMNS, key_columns=list(keys), **fields)
    with state(app).database.sessions() as db:
        append_rows(db, place_of(app), actor, dataset_id, STORED)
    return dataset_id


def apply(
    app: Flask, actor: Actor, dataset_id: int, method: str, rows: list[dict[str, Any]]
) -> RebuildResult:
    with state(app).database.sessions() as db:
        return rebuild(db, place_of(app), actor, dataset_id, method, json_table(rows, "test"))


def expected_rows(
    method: str,
    stored: list[dict[str, Any]],
    source: list[dict[str, Any]],
    keys: Sequence[str] = ("code",),
) -> list[dict[str, Any]]:
    """What each method should leave, worked out row by row in plain Python."""

    def full(row: dict[str, Any]) -> dict[str, Any]:
        return {name: row.get(name) for name in NAMES}

    def key(row: dict[str, Any]) -> tuple[Any, ...]:
        return tuple(row[name] for name in keys)

    if method == "reload":
        return [full(row) for row in source]
    if method == "append":
        return [full(row) for row in stored + source]
    changes = {key(row): row for row in source}
    updated = [{**row, **changes.get(key(row), {})} for row in stored]
    if method == "update":
        return updated
    known = {key(row) for row in stored}
    return updated + [full(row) for row in source if key(row) not in known]


def without_ids(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found = [{name: value for name, value in row.items() if name != REC_ID} for row in rows]
    return sorted(found, key=lambda row: str(row["code"]))


@pytest.mark.parametrize("method", ["reload", "append", "update", "updateappend"])
def test_each_method_leaves_the_rows_computed_independently(
    app: Flask, ada: Actor, method: str
) -> None:
    dataset_id = stock(app, ada)
    source = ADDITIONS if method == "append" else CHANGES
    before = stored_rows(app, dataset_id)
    apply(app, ada, dataset_id, method, source)
    after = stored_rows(app, dataset_id)
    assert without_ids(after) == sorted(
        expected_rows(method, without_ids(before), source), key=lambda row: str(row["code"])
    )
    assert dataset_row(app, dataset_id).row_count == len(after)


@pytest.mark.parametrize("method", ["update", "updateappend"])
def test_an_update_keeps_row_ids_and_numbers_new_rows_after_the_last(
    app: Flask, ada: Actor, method: str
) -> None:
    dataset_id = stock(app, ada)
    ids = {row["code"]: row[REC_ID] for row in stored_rows(app, dataset_id)}
    apply(app, ada, dataset_id, method, CHANGES)
    after = {row["code"]: row[REC_ID] for row in stored_rows(app, dataset_id)}
    assert {code: after[code] for code in ids} == ids
    if method == "updateappend":
        assert after["D"] > max(ids.values())


def test_a_reload_never_hands_out_an_old_row_id_again(app: Flask, ada: Actor) -> None:
    dataset_id = stock(app, ada)
    old = {row[REC_ID] for row in stored_rows(app, dataset_id)}
    apply(app, ada, dataset_id, "reload", CHANGES)
    new = {row[REC_ID] for row in stored_rows(app, dataset_id)}
    assert min(new) > max(old)


@pytest.mark.parametrize("method", ["reload", "recreate", "append", "update", "updateappend"])
def test_each_method_is_one_new_version_by_its_author(app: Flask, ada: Actor, method: str) -> None:
    dataset_id = stock(app, ada)
    table = place_of(app).table(dataset_id)
    before = dataset_row(app, dataset_id).version
    result = apply(app, ada, dataset_id, method, ADDITIONS if method == "append" else CHANGES)
    assert result.version == before + 1 == dataset_row(app, dataset_id).version
    newest = table.history()[0]
    assert (newest.version, newest.author) == (before + 1, "ada")


def test_the_result_counts_what_changed(app: Flask, ada: Actor) -> None:
    dataset_id = stock(app, ada)
    result = apply(app, ada, dataset_id, "updateappend", CHANGES)
    assert result.summary() == {
        "method": "updateappend",
        "version": result.version,
        "source_rows": 2,
        "rows_added": 1,
        "rows_updated": 1,
        "rows_deleted": 0,
        "row_count": 4,
    }
    reloaded = apply(app, ada, dataset_id, "reload", ADDITIONS)
    assert (reloaded.rows_added, reloaded.rows_deleted, reloaded.row_count) == (2, 4, 2)


def test_a_recreate_takes_columns_and_rows_from_the_source(app: Flask, ada: Actor) -> None:
    dataset_id = stock(app, ada)
    source = [
        {"code": "X", "price": 9, "at": "2026-02-01T10:00:00Z", "ok": True},
        {"code": "Y", "price": 7.5, "at": "2026-02-02T11:30:00Z", "ok": None},
    ]
    result = apply(app, ada, dataset_id, "recreate", source)
    dataset = dataset_row(app, dataset_id)
    assert dataset.columns == [
        {"name": "rec_id", "data_type": "rec_id"},
        {"name": "code", "data_type": "text"},
        {"name": "price", "data_type": "number"},
        {"name": "at", "data_type": "datetime"},
        {"name": "ok", "data_type": "checkbox"},
    ]
    assert dataset.key_columns == ["code"] and result.key_columns is None
    table = place_of(app).table(dataset_id)
    assert table.dataset().schema == arrow_schema(table_columns(dataset))
    rows = stored_rows(app, dataset_id)
    assert [(row["code"], row["price"], row["at"].isoformat(), row["ok"]) for row in rows] == [
        ("X", 9.0, "2026-02-01T10:00:00+00:00", True),
        ("Y", 7.5, "2026-02-02T11:30:00+00:00", None),
    ]
    assert stored_rows(app, dataset_id, version=1)[0]["name"] == "apple"  # the old schema lives on


def test_a_recreate_without_a_key_column_drops_the_key(app: Flask, ada: Actor) -> None:
    dataset_id = stock(app, ada)
    result = apply(app, ada, dataset_id, "recreate", [{"label": "a"}, {"label": "a"}])
    assert dataset_row(app, dataset_id).key_columns == []
    assert result.key_columns == "(none: a key column is gone)"


@pytest.mark.parametrize("method", ["reload", "append", "update", "updateappend"])
def test_a_bad_row_is_reported_by_position_and_nothing_is_written(
    app: Flask, ada: Actor, method: str
) -> None:
    dataset_id = stock(app, ada)
    before = (stored_rows(app, dataset_id), dataset_row(app, dataset_id).version)
    source = [
        {"code": "D", "amount": 1},
        {"code": "E", "amount": 2},
        {"code": "F", "amount": "lots", "qty": 1.5},
    ]
    with pytest.raises(ValidationFailed) as caught:
        apply(app, ada, dataset_id, method, source)
    assert caught.value.errors == [
        "source[2].amount: 'lots' is not a number",
        "source[2].qty: expected a whole number",
    ]
    assert (stored_rows(app, dataset_id), dataset_row(app, dataset_id).version) == before


@pytest.mark.parametrize("method", METHODS)
def test_a_source_column_the_schema_lacks_is_refused(app: Flask, ada: Actor, method: str) -> None:
    dataset_id = stock(app, ada)
    if method == "recreate":
        source = [{"code": "D", 'bad"name': 1}]
        message = r"source.columns\[1\] 'bad\"name'"
    else:
        source = [{"code": "D", "colour": "red"}]
        message = r"source\[0\].colour: no such column"
    with pytest.raises(ValidationFailed, match=message):
        apply(app, ada, dataset_id, method, source)
    assert dataset_row(app, dataset_id).version == 1


def test_an_append_that_repeats_a_stored_key_is_a_conflict(app: Flask, ada: Actor) -> None:
    dataset_id = stock(app, ada)
    with pytest.raises(Conflict, match=r"source\[0\]: a row with this key"):
        apply(app, ada, dataset_id, "append", CHANGES)


@pytest.mark.parametrize("method", ["reload", "recreate", "update", "updateappend"])
def test_a_source_that_repeats_a_key_is_refused(app: Flask, ada: Actor, method: str) -> None:
    dataset_id = stock(app, ada)
    with pytest.raises(
        ValidationFailed, match=r"source\[1\]: the key \(code\) repeats source\[0\]"
    ):
        apply(app, ada, dataset_id, method, [{"code": "B"}, {"code": "B"}])


@pytest.mark.parametrize("method", ["update", "updateappend"])
def test_update_needs_key_columns_and_every_key_filled(app: Flask, ada: Actor, method: str) -> None:
    keyless = stock(app, ada, keys=())
    with pytest.raises(ValidationFailed, match="matches rows on the key columns"):
        apply(app, ada, keyless, method, CHANGES)
    keyed = new_dataset(app, ada, "keyed", COLUMNS, key_columns=["code"])
    with pytest.raises(ValidationFailed, match=r"source\[1\]: the key column 'code' is empty"):
        apply(app, ada, keyed, method, [{"code": "A"}, {"code": None, "name": "x"}])
    with pytest.raises(ValidationFailed, match="the key column 'code' is not in the source"):
        apply(app, ada, keyed, method, [{"name": "x"}])


def test_an_empty_source_empties_on_reload_and_changes_nothing_otherwise(
    app: Flask, ada: Actor
) -> None:
    dataset_id = stock(app, ada)
    for method in ("append", "update", "updateappend"):
        assert apply(app, ada, dataset_id, method, []).version == 1
    result = apply(app, ada, dataset_id, "reload", [])
    assert (result.version, result.row_count, stored_rows(app, dataset_id)) == (2, 0, [])


def test_an_unknown_method_is_refused(app: Flask, ada: Actor) -> None:
    dataset_id = stock(app, ada)
    with pytest.raises(ValidationFailed, match="'merge' is not a rebuild method"):
        apply(app, ada, dataset_id, "merge", CHANGES)


def test_a_viewer_may_not_rebuild(app: Flask, ada: Actor, make_user: Callable[..., Any]) -> None:
    from gaugeboard.errors import Forbidden

    dataset_id = stock(app, ada)
    make_user("vic", role="viewer")
    with pytest.raises(Forbidden):
        apply(app, actor_named(app, "vic"), dataset_id, "reload", CHANGES)


# The example of docs/datasets.md ("The rebuild methods"), row for row.
DOC_SOURCE = [{"code": "B", "amount": 2.5}, {"code": "C", "amount": 3.0}]
DOC_AFTER: dict[str, list[tuple[Any, ...]]] = {
    "reload": [(3, "B", None, 2.5), (4, "C", None, 3.0)],
    "recreate": [(3, "B", 2.5), (4, "C", 3.0)],
    "append": [
        (1, "A", "apple", 1.5),
        (2, "B", "banana", 2.0),
        (3, "B", None, 2.5),
        (4, "C", None, 3.0),
    ],
    "update": [(1, "A", "apple", 1.5), (2, "B", "banana", 2.5)],
    "updateappend": [(1, "A", "apple", 1.5), (2, "B", "banana", 2.5), (4, "C", None, 3.0)],
}


@pytest.mark.parametrize("method", METHODS)
def test_the_documented_example(app: Flask, ada: Actor, method: str) -> None:
    keys = [] if method == "append" else ["code"]
    columns = [("code", "text"), ("name", "text"), ("amount", "number")]
    dataset_id = new_dataset(app, ada, "stock", columns, key_columns=keys)
    first = [
        {"code": "A", "name": "apple", "amount": 1.5},
        {"code": "B", "name": "banana", "amount": 2},
    ]
    with state(app).database.sessions() as db:
        append_rows(db, place_of(app), ada, dataset_id, first)
    apply(app, ada, dataset_id, method, DOC_SOURCE)
    assert [tuple(row.values()) for row in stored_rows(app, dataset_id)] == DOC_AFTER[method]


def test_the_documented_append_with_a_key_is_refused(app: Flask, ada: Actor) -> None:
    columns = [("code", "text"), ("name", "text"), ("amount", "number")]
    dataset_id = new_dataset(app, ada, "stock", columns, key_columns=["code"])
    with state(app).database.sessions() as db:
        append_rows(db, place_of(app), ada, dataset_id, [{"code": "B", "name": "banana"}])
    with pytest.raises(Conflict):
        apply(app, ada, dataset_id, "append", DOC_SOURCE)
