"""``Data().append_data`` with a DataFrame: one streamed CSV upload (one request, one
version, all or nothing), values that come back as they went, errors named by the frame's
row position, and the body sent again with its length to a server that cannot read a
streamed one."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
import pytest

from gaugeboard.client import BadRequest, Data, Session
from gaugeboard.client._csv_body import PIECE_ROWS, csv_pieces
from tests.client.wsgi import Recorder

ROW = "/api/data/{}/row"


def empty(data: Data, columns: dict[str, str]) -> int:
    return data.create_data("csv", "", columns)


def test_a_frame_is_one_streamed_request_and_one_version(data: Data, wsgi: Recorder) -> None:
    wsgi.terminated = True
    rec_id = empty(data, {"n": "integer"})
    written = data.append_data(rec_id, pd.DataFrame({"n": range(PIECE_ROWS + 10)}))
    assert [(m, chunked) for m, p, _, chunked in wsgi.bodies if p == ROW.format(rec_id)] == [
        ("POST", True)
    ]
    assert (written["version"], written["rows_added"], written["requests"]) == (
        1,
        PIECE_ROWS + 10,
        1,
    )


def test_a_server_that_cannot_read_a_stream_gets_the_body_with_its_length(
    data: Data, wsgi: Recorder
) -> None:
    rec_id = empty(data, {"n": "integer"})
    written = data.append_data(rec_id, pd.DataFrame({"n": [1, 2, 3]}))
    sent = [(chunked, size > 0) for _, p, size, chunked in wsgi.bodies if p == ROW.format(rec_id)]
    assert sent == [(True, True), (False, True)]
    assert (written["version"], data.get_data(rec_id)["n"].tolist()) == (1, [1, 2, 3])


def test_every_kind_of_value_comes_back_as_it_went(data: Data) -> None:
    counts = pd.Series([1, 0, -(2**63), 2**63 - 1], dtype="Int64")
    counts[1] = pd.NA
    frame = pd.DataFrame(
        {
            "text": ['a, "quoted"\nline', "", None, "zoë"],
            "count": counts,
            "amount": [0.1 + 0.2, float("nan"), 1e-300, -5e20],
            "paid": pd.Series([True, None, False, True], dtype="boolean"),
            "at": pd.to_datetime(
                ["2026-03-29 01:59:59.999999", None, "1970-01-01", "2262-04-11"], format="ISO8601"
            )
            .tz_localize("UTC")
            .tz_convert("America/New_York"),
            "day": [dt.date(2026, 1, 31), None, dt.date(1, 1, 1), dt.date(9999, 12, 31)],
        }
    )
    rec_id = data.create_data("values", "", frame)
    data.append_data(rec_id, frame)
    back = data.get_data(rec_id).drop(columns="rec_id")
    for name in frame.columns:
        sent = [None if v is None or v is pd.NA or v != v else v for v in frame[name]]
        got = [None if v is None or v is pd.NA or v != v else v for v in back[name]]
        assert got == sent, name


def test_a_row_with_every_value_missing_is_kept(data: Data) -> None:
    rec_id = empty(data, {"note": "text"})
    data.append_data(rec_id, pd.DataFrame({"note": [None, "b", None]}))
    assert data.get_data(rec_id, output="dict") == [
        {"rec_id": 1, "note": None},
        {"rec_id": 2, "note": "b"},
        {"rec_id": 3, "note": None},
    ]


def test_object_columns_send_numbers_booleans_and_times_as_the_json_way_does(
    data: Data,
) -> None:
    rec_id = empty(data, {"n": "number", "ok": "checkbox", "at": "datetime", "t": "text"})
    frame = pd.DataFrame(
        {
            "n": pd.Series([1, 2.5, None], dtype=object),
            "ok": pd.Series([True, False, None], dtype=object),
            "at": pd.Series([dt.datetime(2026, 1, 1, 12), None, pd.NaT], dtype=object),
            "t": pd.Series([3, True, {"a": 1}], dtype=object),
        }
    )
    data.append_data(rec_id, frame)
    assert data.get_data(rec_id, output="dict") == [
        {"rec_id": 1, "n": 1.0, "ok": True, "at": "2026-01-01T12:00:00Z", "t": "3"},
        {"rec_id": 2, "n": 2.5, "ok": False, "at": None, "t": "true"},
        {"rec_id": 3, "n": None, "ok": None, "at": None, "t": '{"a": 1}'},
    ]


def test_a_bad_value_is_named_by_its_row_position_and_nothing_is_written(data: Data) -> None:
    rec_id = empty(data, {"n": "integer"})
    values: list[Any] = list(range(PIECE_ROWS + 5))
    values[PIECE_ROWS + 3] = "many"
    labels = np.arange(len(values)) * 7  # rows are named by position, not by index label
    frame = pd.DataFrame({"n": pd.Series(values, index=labels, dtype=object)})
    with pytest.raises(BadRequest) as refused:
        data.append_data(rec_id, frame)
    assert refused.value.errors == [f"rows[{PIECE_ROWS + 3}].n: 'many' is not a number"]
    info = data.get_data_info(rec_id)
    assert (info["row_count"], info["version"]) == (0, 0)


def test_a_column_the_data_set_lacks_is_refused(data: Data) -> None:
    rec_id = empty(data, {"n": "integer"})
    with pytest.raises(BadRequest) as refused:
        data.append_data(rec_id, pd.DataFrame({"n": [1], "extra": [2]}))
    assert refused.value.errors == ["header[2]: no column named 'extra'"]


def test_an_infinite_number_is_refused_before_anything_is_sent(data: Data, wsgi: Recorder) -> None:
    rec_id = empty(data, {"x": "number"})
    wsgi.calls.clear()
    with pytest.raises(ValueError, match="x: infinite"):
        data.append_data(rec_id, pd.DataFrame({"x": [1.0, float("inf")]}))
    assert wsgi.calls == []


def test_a_streamed_body_is_made_again_when_the_call_is_sent_again(
    session: Session, data: Data, wsgi: Recorder
) -> None:
    wsgi.terminated = True
    rec_id = empty(data, {"n": "integer"})
    frame = pd.DataFrame({"n": [1, 2]})
    wsgi.fail(times=1, status=503, method="POST", path=ROW.format(rec_id))

    def body() -> Any:
        return (piece for piece, _ in csv_pieces(frame))

    path = f"api/data/{rec_id}/row"
    headers = {"Content-Type": "text/csv"}
    session.request("POST", path, content=body, headers=headers, idempotent=True)
    sizes = {size for _, p, size, _ in wsgi.bodies if p == ROW.format(rec_id)}
    assert len(sizes) == 1 and data.get_data(rec_id)["n"].tolist() == [1, 2]


def test_the_progress_bar_counts_the_rows_sent(data: Data, monkeypatch: pytest.MonkeyPatch) -> None:
    counted: list[int] = []

    class Bar:
        def __init__(self, **options: Any) -> None:
            self.n = 0

        def update(self, rows: int) -> None:
            self.n += rows

        def reset(self) -> None:
            self.n = 0

        def close(self) -> None:
            counted.append(self.n)

    monkeypatch.setattr("gaugeboard.client._progress._tqdm", lambda wanted: Bar)
    rec_id = empty(data, {"n": "integer"})
    data.append_data(rec_id, pd.DataFrame({"n": range(PIECE_ROWS + 1)}), progress=True)
    assert counted == [PIECE_ROWS + 1]


def test_chunk_size_sends_json_requests_each_a_version(data: Data, wsgi: Recorder) -> None:
    rec_id = empty(data, {"n": "integer"})
    written = data.append_data(rec_id, pd.DataFrame({"n": range(5)}), chunk_size=2)
    assert (written["requests"], written["version"]) == (3, 3)


def test_times_sent_to_a_date_column_keep_their_day_in_utc(data: Data) -> None:
    rec_id = empty(data, {"day": "date"})
    times = pd.to_datetime(["2026-01-01 23:30", None, "1960-03-01 01:00"], format="ISO8601")
    frame = pd.DataFrame({"day": times.tz_localize("Europe/Paris")})
    data.append_data(rec_id, frame)
    assert data.get_data(rec_id)["day"].tolist() == [
        dt.date(2026, 1, 1),
        None,
        dt.date(1960, 3, 1),
    ]
