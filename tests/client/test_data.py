"""``Data()`` against the real app: DataFrames in and out with every dtype, pages followed to
the end, chunked appends, updates by key, deletes, versions and time travel."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import pytest

from gaugeboard.client import BadRequest, Conflict, Data, Session
from tests.client.wsgi import Recorder

REGIONS = ["north", "south", "north", "east", "south"]
AMOUNTS = [10.5, 4.0, 7.25, None, 12.0]


def sales(data: Data, name: str = "sales", **options: Any) -> int:
    frame = pd.DataFrame({"region": REGIONS, "amount": AMOUNTS, "units": [3, 1, 2, 5, 4]})
    rec_id = data.create_data(name, "by region", frame, **options)
    data.append_data(rec_id, frame)
    return rec_id


def plain(values: list[Any]) -> list[Any]:
    """Values with every kind of missing as None."""
    return [
        None if value is None or value is pd.NA or pd.isna(value) else value for value in values
    ]


UTC = dt.UTC
PARIS = pd.to_datetime(["2026-03-01 10:30:00.123456", None, "2026-07-01 00:00:00.000000"])
DTYPES = [
    ("int", pd.Series([1, -2, 3], dtype="int64"), "integer", "Int64", [1, -2, 3]),
    ("nullable int", pd.Series([1, None, 3], dtype="Int64"), "integer", "Int64", [1, None, 3]),
    ("float", pd.Series([1.5, float("nan"), -2.25]), "number", "float64", [1.5, None, -2.25]),
    ("bool", pd.Series([True, False, True]), "checkbox", "boolean", [True, False, True]),
    (
        "nullable bool",
        pd.Series([True, None, False], dtype="boolean"),
        "checkbox",
        "boolean",
        [True, None, False],
    ),
    (
        "datetime with a zone",
        pd.Series(PARIS.tz_localize("Europe/Paris")),
        "datetime",
        "datetime64[us, UTC]",
        [
            pd.Timestamp("2026-03-01 09:30:00.123456", tz=UTC),
            None,
            pd.Timestamp("2026-06-30 22:00", tz=UTC),
        ],
    ),
    (
        "datetime in seconds, no zone (UTC)",
        pd.Series(pd.to_datetime(["2026-01-02 03:04:05", None, "1999-12-31 00:00:00"])).astype(
            "datetime64[s]"
        ),
        "datetime",
        "datetime64[us, UTC]",
        [pd.Timestamp("2026-01-02 03:04:05", tz=UTC), None, pd.Timestamp("1999-12-31", tz=UTC)],
    ),
    (
        "date",
        pd.Series([dt.date(2026, 1, 1), None, dt.date(2026, 12, 31)]),
        "date",
        "object",
        [dt.date(2026, 1, 1), None, dt.date(2026, 12, 31)],
    ),
    ("string", pd.Series(["ann", None, "zoë"]), "text", "str", ["ann", None, "zoë"]),
    (
        "category",
        pd.Series(["S", "M", None], dtype="category"),
        "text",
        "str",
        ["S", "M", None],
    ),
    (
        "objects, all missing",
        pd.Series([None, None, None], dtype=object),
        "text",
        "str",
        [None] * 3,
    ),
]


@pytest.mark.parametrize(
    ("label", "column", "data_type", "dtype", "expected"), DTYPES, ids=[d[0] for d in DTYPES]
)
def test_a_frame_round_trips_each_dtype(
    data: Data, label: str, column: pd.Series, data_type: str, dtype: str, expected: list[Any]
) -> None:
    rec_id = data.static_send_data("every dtype", label, pd.DataFrame({"value": column}))["rec_id"]
    stored = {c["name"]: c["data_type"] for c in data.get_data_info(rec_id)["columns"]}
    back = data.get_data(rec_id)
    assert (stored["value"], str(back["value"].dtype), plain(back["value"].tolist())) == (
        data_type,
        dtype,
        expected,
    )


def test_rows_come_back_as_dicts_as_the_server_sends_them(data: Data) -> None:
    rec_id = sales(data)
    rows = data.get_data(rec_id, output="dict")
    assert rows[0] == {"rec_id": 1, "region": "north", "amount": 10.5, "units": 3}


def test_every_row_is_read_across_several_pages(data: Data, wsgi: Recorder) -> None:
    rec_id = sales(data)
    wsgi.calls.clear()
    frame = data.get_data(rec_id, page_size=2)
    reads = [path for path in wsgi.paths("GET") if "/info" not in path]
    assert (frame["region"].tolist(), len(reads)) == (REGIONS, 3)


def test_pages_after_the_first_are_read_at_the_first_pages_version(
    data: Data, wsgi: Recorder
) -> None:
    rec_id = sales(data)
    wsgi.calls.clear()
    rows = data.get_data(rec_id, output="dict", page_size=2)
    assert wsgi.paths("GET")[1:] == [f"/api/data/{rec_id}/v/1"] * 2 and len(rows) == 5


def test_a_write_between_pages_does_not_shift_the_rows(data: Data, session: Session) -> None:
    rec_id = sales(data)
    first = session.get(f"api/data/{rec_id}", page=1, limit=2)
    data.delete_data(rec_id, {"region": "north"})
    rest = [session.get(f"api/data/{rec_id}/v/{first['version']}", page=p, limit=2) for p in (2, 3)]
    regions = [row["region"] for page in (first, *rest) for row in page["data"]]
    assert regions == REGIONS


def test_filters_and_sort_are_applied_by_the_server(data: Data) -> None:
    rec_id = sales(data)
    frame = data.get_data(rec_id, filters={"region": "south"}, sort="-amount")
    assert frame["amount"].tolist() == [12.0, 4.0]


def test_filters_with_operators(data: Data) -> None:
    rec_id = sales(data)
    above = [{"column": "amount", "op": ">", "value": 7}]
    assert data.get_data(rec_id, filters=above, sort="amount")["amount"].tolist() == [
        7.25,
        10.5,
        12.0,
    ]


def test_the_list_follows_its_pages_to_the_end(data: Data) -> None:
    for number in range(5):
        data.create_data(f"set {number}", "", {"x": "text"})
    listed = data.get_data(page_size=2)
    assert sorted(listed["name"]) == [f"set {number}" for number in range(5)]


def test_the_list_by_name(data: Data) -> None:
    data.create_data("one", "", {"x": "text"})
    kept = data.create_data("two", "", {"x": "text"})
    assert [item["id"] for item in data.get_data(name="two", output="dict")] == [kept]


def test_create_from_a_dict_of_types(data: Data) -> None:
    cols = {"region": "text", "month": "date", "amount": "number", "paid": "checkbox"}
    rec_id = data.create_data("typed", "", cols, key_columns=["region", "month"])
    info = data.get_data_info(rec_id)
    described = {c["name"]: c["data_type"] for c in info["columns"]}
    assert (described, info["key_columns"]) == (
        {"rec_id": "rec_id", **cols},
        ["region", "month"],
    )


def test_a_dropdown_column_from_column_objects(data: Data) -> None:
    cols = [{"name": "size", "data_type": "dropdown", "values": ["S", "M"]}]
    rec_id = data.create_data("sizes", "", cols)
    with pytest.raises(BadRequest) as refused:
        data.append_data(rec_id, [{"size": "XL"}])
    assert refused.value.errors[0].startswith("rows[0].size")


def test_append_sends_chunks_each_a_version(data: Data, wsgi: Recorder) -> None:
    rec_id = data.create_data("chunks", "", {"n": "integer"})
    wsgi.calls.clear()
    written = data.append_data(rec_id, pd.DataFrame({"n": range(5)}), chunk_size=2)
    posts = wsgi.paths("POST")
    got = (len(posts), written["rows_added"], written["version"], written["requests"])
    assert got == (3, 5, 3, 3)
    assert data.get_data(rec_id)["n"].tolist() == [0, 1, 2, 3, 4]


def test_a_failing_chunk_says_how_many_rows_were_written_before(data: Data) -> None:
    rec_id = data.create_data("half", "", {"n": "integer"})
    rows = [{"n": 1}, {"n": 2}, {"n": "lots"}]
    with pytest.raises(BadRequest) as refused:
        data.append_data(rec_id, rows, chunk_size=2)
    notes = " ".join(refused.value.__notes__)
    assert "first 2 rows were written" in notes and data.get_data_info(rec_id)["row_count"] == 2


def test_a_rec_id_column_read_back_is_left_out_of_an_append(data: Data) -> None:
    rec_id = sales(data)
    data.append_data(rec_id, data.get_data(rec_id))
    assert data.get_data(rec_id)["rec_id"].tolist() == list(range(1, 11))


def test_static_send_data_creates_and_appends(data: Data) -> None:
    frame = pd.DataFrame({"region": ["north"], "amount": [1.5]})
    sent = data.static_send_data("static", "a frame", frame)
    info = data.get_data_info(sent["rec_id"])
    assert (info["description"], info["row_count"], sent["rows_added"]) == ("a frame", 1, 1)


TOO_LONG = "x" * 100_001  # longer than a text value may be


def test_static_send_data_leaves_no_empty_data_set_when_nothing_was_written(data: Data) -> None:
    with pytest.raises(BadRequest):
        data.static_send_data("gone", "", pd.DataFrame({"note": [TOO_LONG]}))
    assert data.get_data(name="gone", output="dict") == []


def test_static_send_data_keeps_the_data_set_once_rows_were_written(data: Data) -> None:
    with pytest.raises(BadRequest):
        data.static_send_data("half", "", pd.DataFrame({"note": ["ok", TOO_LONG]}), chunk_size=1)
    assert [item["row_count"] for item in data.get_data(name="half", output="dict")] == [1]


def test_update_by_keys_changes_matching_rows_only(data: Data) -> None:
    rec_id = data.create_data(
        "stock", "", {"code": "text", "amount": "number"}, key_columns=["code"]
    )
    data.append_data(rec_id, [{"code": "A", "amount": 1.0}, {"code": "B", "amount": 2.0}])
    changes = pd.DataFrame({"code": ["B", "C"], "amount": [2.5, 3.0]})
    updated = data.update_data(rec_id, changes, keys=["code"])
    back = data.get_data(rec_id)
    assert (updated["rows_updated"], back["amount"].tolist()) == (1, [1.0, 2.5])


def test_update_in_chunks(data: Data, wsgi: Recorder) -> None:
    rec_id = data.create_data("many", "", {"code": "integer", "v": "text"}, key_columns=["code"])
    data.append_data(rec_id, [{"code": n, "v": "old"} for n in range(5)])
    wsgi.calls.clear()
    data.update_data(rec_id, [{"code": n, "v": "new"} for n in range(5)], "code", chunk_size=2)
    assert len(wsgi.paths("PUT")) == 3 and set(data.get_data(rec_id)["v"]) == {"new"}


def test_delete_every_matching_row(data: Data) -> None:
    rec_id = sales(data)
    deleted = data.delete_data(rec_id, {"region": "north"})
    assert (deleted["rows_deleted"], list(data.get_data(rec_id)["region"])) == (
        2,
        ["south", "east", "south"],
    )


def test_delete_only_the_first_matching_row(data: Data) -> None:
    rec_id = sales(data)
    data.delete_data(rec_id, {"region": "south"}, multiple_rows="first")
    assert data.get_data(rec_id)["rec_id"].tolist() == [1, 3, 4, 5]


def test_delete_with_operator_filters(data: Data) -> None:
    rec_id = sales(data)
    data.delete_data(rec_id, [{"column": "units", "op": ">=", "value": 3}])
    assert data.get_data(rec_id)["units"].tolist() == [1, 2]


def test_delete_with_an_unknown_mode_is_refused_before_sending(data: Data) -> None:
    with pytest.raises(ValueError, match="multiple_rows"):
        data.delete_data(1, {"region": "north"}, multiple_rows="some")


def test_history_lists_the_versions_newest_first(data: Data) -> None:
    rec_id = sales(data)
    data.delete_data(rec_id, {"region": "east"})
    history = data.get_data_history(rec_id)
    assert (history["version"].tolist(), set(history["data_rec_id"])) == ([2, 1, 0], {rec_id})
    assert history["rows_removed"].tolist()[0] == 1


def test_a_past_version_reads_as_it_was(data: Data) -> None:
    rec_id = sales(data)
    data.delete_data(rec_id, {"region": "north"})
    then = data.get_data_history(rec_id, ver_id=1, page_size=2)
    now = data.get_data(rec_id)
    assert (then["region"].tolist(), len(now)) == (REGIONS, 3)


def test_the_empty_first_version_reads_as_an_empty_typed_frame(data: Data) -> None:
    rec_id = sales(data)
    empty = data.get_data_history(rec_id, ver_id=0)
    assert (len(empty), list(empty.columns)) == (0, ["rec_id", "region", "amount", "units"])


def test_restore_makes_a_past_version_current(data: Data) -> None:
    rec_id = sales(data)
    data.delete_data(rec_id, {"region": "north"})
    restored = data.restore_data_version(rec_id, 1)
    assert (restored["version"], data.get_data(rec_id)["region"].tolist()) == (3, REGIONS)


def test_a_taken_name_is_a_conflict(data: Data) -> None:
    data.create_data("twice", "", {"x": "text"})
    with pytest.raises(Conflict) as refused:
        data.create_data("twice", "", {"x": "text"})
    assert refused.value.status == 409 and "twice" in refused.value.message


def test_delete_dataset_removes_it(data: Data) -> None:
    rec_id = sales(data)
    data.delete_dataset(rec_id)
    assert data.get_data(output="dict") == []


def test_filter_values_from_a_frame_are_sent_as_json(data: Data) -> None:
    rec_id = data.create_data("stamped", "", {"at": "datetime", "n": "integer"})
    stamps = pd.to_datetime(["2026-01-01 10:00", "2026-01-02 10:00"]).tz_localize("UTC")
    data.append_data(rec_id, pd.DataFrame({"at": stamps, "n": [1, 2]}))
    frame = data.get_data(rec_id)
    found = data.get_data(rec_id, filters={"at": frame["at"].iloc[1]}, output="dict")
    data.delete_data(rec_id, {"n": frame["n"].to_numpy()[0]})
    assert ([row["n"] for row in found], data.get_data(rec_id)["n"].tolist()) == ([2], [2])


def test_static_send_data_needs_a_frame(data: Data) -> None:
    with pytest.raises(TypeError, match="DataFrame"):
        data.static_send_data("rows", "", [{"n": 1}])
