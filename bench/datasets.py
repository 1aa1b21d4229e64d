"""Data sets benchmark: appends, a grouped aggregate and a read of a past version through
gaugeboard's data set services, each against DuckDB on the same rows in the same run.

    .venv/bin/python bench/datasets.py                                  # a few minutes
    .venv/bin/python bench/datasets.py --rows 10000000                  # the issue's group-by

It builds a standalone app (SQLite catalog, data sets under a temporary folder), makes the
rows as one Arrow table (what a pandas DataFrame becomes: region, product, month, units,
amount, reproducible from a seed) and measures:

- append: ``--append-rows`` rows (1M by default) added to an empty data set through the
  service, as a CSV stream (``append_csv``: the upload path) and as JSON rows
  (``append_rows`` given the parsed JSON, what ``POST /api/data/{id}/row`` with ``rows``
  hands it); as JSON bodies of 50,000 rows posted to ``/api/data/{id}/row`` (in-process,
  through the whole request path, encoding included, one version per request: the
  client's way before it sent CSV, and its way with ``chunk_size``); and by the Python
  client itself, ``Data().append_data(rec_id, df)`` with the rows as a pandas DataFrame,
  to a real ``gaugeboard serve`` subprocess on 127.0.0.1 (one streamed CSV request: the
  frame's encoding, HTTP and the server's work all timed), with the frame's dates as
  ``datetime64`` and as ``datetime.date`` objects; against DuckDB writing the same
  table to one Parquet file, and against the service's CSV stream;
- group-by: ``--rows`` rows in a data set (appended once through the CSV path, not timed),
  then a grouped sum and count by region and by (region, month) through the data set
  query path (``read_rows``, as the ``dataset`` widget source and the API run it), against
  DuckDB on a plain Parquet file of the same rows;
- a past version: after 1% of the rows are deleted, the same group-by at the version
  before (time travel) against the current one.

Each figure is the median of ``--runs`` timings after one warm-up (the JSON and client
appends: one run each). Everything runs in a temporary folder that is removed at the end;
the only network is the loopback to the server this script starts and stops.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import orjson
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

from gaugeboard.app import create_app  # noqa: E402
from gaugeboard.auth.api_tokens import create_token  # noqa: E402
from gaugeboard.auth.users import create_user  # noqa: E402
from gaugeboard.datasets.csv_upload import append_csv  # noqa: E402
from gaugeboard.datasets.jobs import actor_of  # noqa: E402
from gaugeboard.datasets.query import RowFilter, RowQuery  # noqa: E402
from gaugeboard.datasets.rows import append_rows, delete_rows, read_rows  # noqa: E402
from gaugeboard.datasets.schemas import DatasetCreate  # noqa: E402
from gaugeboard.datasets.service import create_dataset  # noqa: E402
from gaugeboard.state import EXTENSION_KEY  # noqa: E402
from live_server import start_server, stop_server  # noqa: E402

REGIONS = np.array(["north", "south", "east", "west", "centre"])
PRODUCTS = np.array([f"product {i:02d}" for i in range(40)])
COLUMNS = [
    {"name": "region", "data_type": "text"},
    {"name": "product", "data_type": "text"},
    {"name": "month", "data_type": "date"},
    {"name": "units", "data_type": "integer"},
    {"name": "amount", "data_type": "number"},
]
UPLOAD_LIMIT = 1 << 40
GROUPINGS = {"region": ["region"], "region, month": ["region", "month"]}
CLIENT_CHUNK = 50_000  # rows per JSON request, as gaugeboard.client sends with chunk_size


def make_rows(count: int, seed: int = 7) -> pa.Table:
    """``count`` sales rows as one Arrow table, the same for the same seed."""
    rng = np.random.default_rng(seed)
    months = np.datetime64("2024-01-01") + rng.integers(0, 36, count) * 30
    return pa.table(
        {
            "region": pa.array(REGIONS[rng.integers(0, len(REGIONS), count)]),
            "product": pa.array(PRODUCTS[rng.integers(0, len(PRODUCTS), count)]),
            "month": pa.array(months.astype("datetime64[D]")),
            "units": pa.array(rng.integers(1, 50, count)),
            "amount": pa.array(np.round(rng.uniform(1, 500, count), 2)),
        }
    )


def median_seconds(action: Callable[[], Any], runs: int) -> float:
    action()  # warm-up
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        action()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def timed(action: Callable[[], Any]) -> float:
    began = time.perf_counter()
    action()
    return time.perf_counter() - began


class Bench:
    """One app and its admin, and the data sets made in this run."""

    def __init__(self, work: Path) -> None:
        self.work = work
        self.app = create_app(
            {
                "DATA_DIR": str(work / "data"),
                "DATABASE_URL": f"sqlite:///{work}/catalog.db",
                "EVENT_SEAL_SECONDS": 0,
                "STATUS_FLUSH_SECONDS": 0,
            }
        )
        self.state = self.app.extensions[EXTENSION_KEY]
        self.place = self.state.datasets
        self.place = type(self.place)(self.place.root, 3600.0)  # no time limit in the way
        with self.state.database.sessions() as db:
            user = create_user(db, "bench", "bench-password-1", "admin")
            db.commit()
            self.actor = actor_of(db, user)
            self.token = create_token(db, "bench", "bench", 0)[1]
            db.commit()
        self.made = 0

    def new_dataset(self) -> int:
        self.made += 1
        body = DatasetCreate.model_validate({"name": f"sales {self.made}", "columns": COLUMNS})
        with self.state.database.sessions() as db:
            return create_dataset(db, self.place, self.actor, body).id

    def append_json(self, rows: list[dict[str, Any]]) -> None:
        dataset_id = self.new_dataset()
        with self.state.database.sessions() as db:
            append_rows(db, self.place, self.actor, dataset_id, rows)

    def append_http(self, rows: pa.Table) -> None:
        """As the Python client appends a DataFrame: JSON bodies of CLIENT_CHUNK rows."""
        dataset_id = self.new_dataset()
        client = self.app.test_client()
        headers = {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"}
        for start in range(0, rows.num_rows, CLIENT_CHUNK):
            chunk = rows.slice(start, CLIENT_CHUNK).to_pylist()
            body = orjson.dumps(
                {"rows": chunk}, option=orjson.OPT_PASSTHROUGH_DATETIME, default=str
            )
            answer = client.post(f"/api/data/{dataset_id}/row", data=body, headers=headers)
            if answer.status_code != 200:
                raise RuntimeError(answer.get_data(as_text=True)[:300])

    def append_csv(self, rows: pa.Table) -> int:
        dataset_id = self.new_dataset()
        body = io.BytesIO()
        pacsv.write_csv(rows, body)
        body.seek(0)
        with self.state.database.sessions() as db:
            append_csv(db, self.place, self.actor, dataset_id, body, UPLOAD_LIMIT)
        return dataset_id

    def group_by(self, dataset_id: int, keys: list[str], version: int | None = None) -> Any:
        query = RowQuery.model_validate(
            {
                "group_by": keys,
                "measures": [
                    {"aggregate": "sum", "column": "amount", "name": "total"},
                    {"aggregate": "count", "name": "rows"},
                ],
                "limit": 10_000,
            }
        )
        with self.state.database.sessions() as db:
            return read_rows(db, self.place, self.actor, dataset_id, query, version).rows

    def delete_some(self, dataset_id: int) -> None:
        """Delete the rows whose units are 1 (about 2%): a new version rewriting files."""
        with self.state.database.sessions() as db:
            delete_rows(
                db, self.place, self.actor, dataset_id, [RowFilter(column="units", value=1)], False
            )

    def append_client(self, frames: dict[str, Any]) -> dict[str, float]:
        """Seconds ``Data().append_data`` takes to send each frame to one real server
        (after a warm-up append of a few rows: imports, the first connection)."""
        from gaugeboard.client import Data, Session

        env = {
            "GAUGEBOARD_DATA_DIR": str(self.work / "data"),
            "GAUGEBOARD_DATABASE_URL": f"sqlite:///{self.work}/catalog.db",
            "PYTHONPATH": str(ROOT / "src"),
        }
        found: dict[str, float] = {}
        process, url = start_server(env, self.work / "serve.log")
        try:
            with Session(url, token=self.token, timeout=600) as session:
                data = Data(session=session)
                for label, frame in {
                    "warm-up": next(iter(frames.values())).head(100),
                    **frames,
                }.items():
                    dataset_id = self.new_dataset()
                    print(f"  client append: {label}…", flush=True)
                    began = time.perf_counter()
                    written = data.append_data(dataset_id, frame)
                    found[label] = time.perf_counter() - began
                    if written["rows_added"] != len(frame.index) or written["requests"] != 1:
                        raise RuntimeError(f"the client's append answered {written}")
        finally:
            stop_server(process)
        return found

    def close(self) -> None:
        for part in (self.state.jobs, self.state.monitor):
            if part is not None:
                part.stop()
        self.state.database.dispose()


def duckdb_group_by(path: Path, keys: list[str]) -> Any:
    listed = ", ".join(keys)
    with duckdb.connect() as connection:
        return connection.sql(
            f"SELECT {listed}, sum(amount) AS total, count(*) AS rows "
            f"FROM read_parquet('{path}') GROUP BY {listed}"
        ).fetchall()


def duckdb_write(rows: pa.Table, path: Path) -> None:
    with duckdb.connect() as connection:
        connection.register("rows", rows)
        connection.execute(f"COPY rows TO '{path}' (FORMAT parquet)")


def ratio(value: float, baseline: float) -> str:
    return f"{value / baseline:.2f}×"


def run(args: argparse.Namespace, work: Path) -> list[tuple[str, str, str, str]]:
    bench = Bench(work)
    found: list[tuple[str, str, str, str]] = []
    try:
        appended = make_rows(args.append_rows, seed=1)
        count = appended.num_rows
        print(f"appending {count:,} rows…", flush=True)
        plain = work / "append.parquet"
        duck = median_seconds(lambda: duckdb_write(appended, plain), args.runs)
        csv_seconds = statistics.median(
            timed(lambda: bench.append_csv(appended)) for _ in range(args.runs)
        )
        found.append(
            (
                f"append {count:,} rows, CSV stream (rows/s)",
                f"{count / csv_seconds:,.0f} ({csv_seconds:.2f} s)",
                f"DuckDB → Parquet {count / duck:,.0f} ({duck:.2f} s)",
                f"{csv_seconds / duck:.1f}× slower (goal: under 10 s)",
            )
        )
        if not args.no_json:
            # The rows as a JSON body reaches the service: parsed, dates as text.
            parsed = orjson.loads(orjson.dumps(appended.to_pylist()))
            json_seconds = timed(lambda: bench.append_json(parsed))
            found.append(
                (
                    f"append {count:,} rows, JSON rows (rows/s)",
                    f"{count / json_seconds:,.0f} ({json_seconds:.2f} s)",
                    f"DuckDB → Parquet {count / duck:,.0f}",
                    f"{json_seconds / duck:.1f}× slower (goal: under 10 s)",
                )
            )
            http_seconds = timed(lambda: bench.append_http(appended))
            found.append(
                (
                    f"append {count:,} rows, JSON bodies of {CLIENT_CHUNK:,} (rows/s)",
                    f"{count / http_seconds:,.0f} ({http_seconds:.2f} s)",
                    f"DuckDB → Parquet {count / duck:,.0f}",
                    f"{http_seconds / duck:.1f}× slower (goal: under 10 s)",
                )
            )
        if not args.no_client:
            frames = {
                "dates as datetime64": appended.to_pandas(date_as_object=False),
                "dates as date objects": appended.to_pandas(),
            }
            print(f"appending {count:,} rows with the client to a real server…", flush=True)
            client_seconds = bench.append_client(frames)
            for label in frames:
                seconds = client_seconds[label]
                found.append(
                    (
                        f"append {count:,} rows, client DataFrame → serve, {label} (rows/s)",
                        f"{count / seconds:,.0f} ({seconds:.2f} s)",
                        f"CSV stream (service) {count / csv_seconds:,.0f} ({csv_seconds:.2f} s)",
                        f"{seconds / csv_seconds:.1f}× the CSV stream (goal: under 10 s)",
                    )
                )

        rows = make_rows(args.rows, seed=2)
        print(f"loading {rows.num_rows:,} rows for the group-by…", flush=True)
        dataset_id = bench.append_csv(rows)
        plain = work / "plain.parquet"
        pq.write_table(rows, plain)
        for label, keys in GROUPINGS.items():
            ours = median_seconds(lambda keys=keys: bench.group_by(dataset_id, keys), args.runs)
            theirs = median_seconds(lambda keys=keys: duckdb_group_by(plain, keys), args.runs)
            found.append(
                (
                    f"group by {label}, sum + count over {args.rows:,} rows",
                    f"{ours * 1000:,.0f} ms",
                    f"DuckDB on Parquet {theirs * 1000:,.0f} ms",
                    f"{ratio(ours, theirs)} (goal ≤ 2×)",
                )
            )

        print("deleting ~2% of the rows, then reading the version before…", flush=True)
        bench.delete_some(dataset_id)
        past = median_seconds(lambda: bench.group_by(dataset_id, ["region"], 1), args.runs)
        now = median_seconds(lambda: bench.group_by(dataset_id, ["region"]), args.runs)
        found.append(
            (
                "group by region at the past version",
                f"{past * 1000:,.0f} ms",
                f"current version {now * 1000:,.0f} ms",
                ratio(past, now),
            )
        )
    finally:
        bench.close()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--append-rows", type=int, default=1_000_000)
    parser.add_argument("--rows", type=int, default=2_000_000, help="rows of the group-by")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-json", action="store_true", help="skip the JSON rows append")
    parser.add_argument(
        "--no-client", action="store_true", help="skip the client's append to a real server"
    )
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="gaugeboard-bench-datasets-"))
    try:
        rows = run(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print()
    print(
        f"gaugeboard data sets benchmark — append {args.append_rows:,} rows, group-by over "
        f"{args.rows:,} rows, {os.cpu_count()} cores, Python {sys.version.split()[0]}, "
        f"DuckDB {duckdb.__version__}, pyarrow {pa.__version__}"
    )
    print()
    header = ("what", "gaugeboard", "baseline", "ratio")
    widths = [max(len(r[i]) for r in [*rows, header]) for i in range(4)]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")


if __name__ == "__main__":
    main()
