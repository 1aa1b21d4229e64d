"""DataFrames without a server: the column type each dtype gets, the JSON each value
becomes, pandas and tqdm only when asked for, and the progress bar only on a terminal."""

from __future__ import annotations

import datetime as dt
import decimal
import io
import json
import subprocess
import sys
from typing import Any

import pandas as pd
import pytest

from gaugeboard.client import Data, Session
from gaugeboard.client._chunks import bodies
from gaugeboard.client._frames import column_types, frame_rows
from gaugeboard.client._progress import Progress

STAMPS = ["2026-01-02 03:04:05", "2026-05-06 07:08:09"]
TYPES = [
    ("int8", pd.Series([1, 2], dtype="int8"), "integer"),
    ("uint64", pd.Series([1, 2], dtype="uint64"), "integer"),
    ("Int64", pd.Series([1, None], dtype="Int64"), "integer"),
    ("float32", pd.Series([1.5, None], dtype="float32"), "number"),
    ("bool", pd.Series([True, False]), "checkbox"),
    ("boolean", pd.Series([True, None], dtype="boolean"), "checkbox"),
    ("object of bools", pd.Series([True, None, False], dtype=object), "checkbox"),
    ("object of ints", pd.Series([1, None], dtype=object), "integer"),
    ("object of ints and floats", pd.Series([1, 2.5], dtype=object), "number"),
    ("object of decimals", pd.Series([decimal.Decimal("1.25")], dtype=object), "number"),
    ("datetime64[ns]", pd.Series(pd.to_datetime(STAMPS)).astype("datetime64[ns]"), "datetime"),
    ("datetime64[ms]", pd.Series(pd.to_datetime(STAMPS)).astype("datetime64[ms]"), "datetime"),
    ("datetime64[s]", pd.Series(pd.to_datetime(STAMPS)).astype("datetime64[s]"), "datetime"),
    (
        "datetime64[ns, tz]",
        pd.Series(pd.to_datetime(STAMPS)).dt.tz_localize("America/New_York"),
        "datetime",
    ),
    ("object of datetimes", pd.Series([dt.datetime(2026, 1, 1), None], dtype=object), "datetime"),
    ("object of dates", pd.Series([dt.date(2026, 1, 1), None]), "date"),
    ("str", pd.Series(["a", None]), "text"),
    ("object of mixed kinds", pd.Series(["a", 1], dtype=object), "text"),
    ("category", pd.Series(["a", "b"], dtype="category"), "text"),
    ("category of numbers", pd.Series([1, 2], dtype="category"), "text"),
    ("timedelta", pd.Series(pd.to_timedelta(["1h", "2h"])), "text"),
]


@pytest.mark.parametrize(("label", "column", "expected"), TYPES, ids=[t[0] for t in TYPES])
def test_each_dtype_gets_its_column_type(label: str, column: pd.Series, expected: str) -> None:
    assert column_types(pd.DataFrame({"c": column})) == {"c": expected}


def test_a_rec_id_column_is_not_a_column_to_create() -> None:
    assert column_types(pd.DataFrame({"rec_id": [1], "x": ["a"]})) == {"x": "text"}


def test_datetimes_are_sent_in_utc_to_the_microsecond() -> None:
    aware = pd.Series(pd.to_datetime(["2026-07-01 12:00:00.1234567", None])).dt.tz_localize(
        "Europe/Paris"
    )
    assert frame_rows(pd.DataFrame({"at": aware})) == [
        {"at": "2026-07-01T10:00:00.123456Z"},
        {"at": None},
    ]


def test_every_kind_of_missing_is_sent_as_null() -> None:
    df = pd.DataFrame(
        {
            "f": [float("nan")],
            "i": pd.Series([None], dtype="Int64"),
            "b": pd.Series([None], dtype="boolean"),
            "s": pd.Series([None], dtype="str"),
            "c": pd.Series([None], dtype="category"),
            "o": pd.Series([pd.NA], dtype=object),
            "t": pd.Series([pd.NaT]),
        }
    )
    assert frame_rows(df) == [dict.fromkeys(df.columns)]


def test_values_are_sent_as_plain_json() -> None:
    df = pd.DataFrame(
        {"n": [3], "x": [2.5], "ok": [True], "day": [dt.date(2026, 2, 3)], "cat": ["v"]}
    ).astype({"cat": "category"})
    assert json.loads(json.dumps(frame_rows(df))) == [
        {"n": 3, "x": 2.5, "ok": True, "day": "2026-02-03", "cat": "v"}
    ]


def test_an_infinite_number_is_refused_naming_its_column() -> None:
    with pytest.raises(ValueError, match="^x: infinite"):
        frame_rows(pd.DataFrame({"x": [float("inf")]}))


def test_chunks_hold_at_most_chunk_size_rows() -> None:
    sizes = [rows for _, rows in bodies(pd.DataFrame({"n": range(7)}), {}, (), 3)]
    assert sizes == [3, 3, 1]


def test_chunks_stay_under_the_byte_limit() -> None:
    rows = [{"text": "x" * 100} for _ in range(10)]
    chunks = list(bodies(rows, {"keys": ["text"]}, (), 1000, chunk_bytes=450))
    decoded = [json.loads(body) for body, _ in chunks]
    assert all(len(body) <= 450 for body, _ in chunks) and sum(n for _, n in chunks) == 10
    assert decoded[0]["keys"] == ["text"] and len(decoded) == 4


def test_without_pandas_a_frame_asks_for_the_extra(
    monkeypatch: pytest.MonkeyPatch, session: Session
) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"pip install gaugeboard\[client\]"):
        Data(session=session).get_data()


def test_without_pandas_dicts_still_work(monkeypatch: pytest.MonkeyPatch, session: Session) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    assert Data(session=session).get_data(output="dict") == []


def test_an_unknown_output_is_refused(session: Session) -> None:
    with pytest.raises(ValueError, match="output"):
        Data(session=session).get_data(output="csv")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def bar_output(monkeypatch: pytest.MonkeyPatch, stderr: io.StringIO, wanted: Any) -> str:
    monkeypatch.setattr(sys, "stderr", stderr)
    with Progress(10, "append 1", wanted) as bar:
        bar.advance(10)
    return stderr.getvalue()


def test_no_progress_bar_when_stderr_is_not_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    assert bar_output(monkeypatch, io.StringIO(), None) == ""


def test_a_progress_bar_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    assert "append 1" in bar_output(monkeypatch, Terminal(), None)


def test_no_progress_bar_when_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    assert bar_output(monkeypatch, Terminal(), False) == ""


def test_a_progress_bar_asked_for_without_tqdm_asks_for_the_extra(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "tqdm", None)
    with pytest.raises(ImportError, match=r"pip install gaugeboard\[client\]"):
        bar_output(monkeypatch, io.StringIO(), True)


def test_without_tqdm_a_terminal_gets_no_bar(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "tqdm", None)
    assert bar_output(monkeypatch, Terminal(), None) == ""


def test_importing_the_client_loads_neither_pandas_nor_tqdm() -> None:
    probe = "import sys, gaugeboard.client; print('pandas' in sys.modules, 'tqdm' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.stdout.split() == ["False", "False"]
