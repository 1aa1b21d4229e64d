"""Fixed cost of one analytics query: gaugeboard's ``run_query`` against the same SQL on a
native DuckDB table, in one run, without HTTP.

    .venv/bin/python bench/query_cost.py                       # 1M events
    .venv/bin/python bench/query_cost.py --data /tmp/gb-1M  # kept; reruns reuse it

The data set is the one of ``bench/events.py`` (same generator and seeds), written straight
into the tail through the store (no HTTP) and sealed with ``run_maintenance``. Each query is
timed as a median of 5 after a warm-up, and a trivial query (``count`` of an event that does
not exist) shows the cost that is not the query; a second one (the same with a filter) shows
it for a query the rollups cannot answer, which opens the segment files. The baselines,
in the same run: native
DuckDB on text person ids, native DuckDB on the integer ``pid`` (gaugeboard's encoding), and
chDB (embedded ClickHouse) on the integer ``pid`` when ``chdb`` is installed (``.[bench]``).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import duckdb
import orjson

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))
from int_baselines import CHDB_SQL, NOTHING_FROM_FILES, Chdb, native_pid  # noqa: E402
from proc_memory import resident_mb  # noqa: E402

from events import (  # noqa: E402
    BATCH,
    DUCKDB_SQL,
    build_baselines,
    gaugeboard_queries,
    live_files,
    make_batch,
    median_ms,
)


def tail_rows(seed: int, persons: int, days: int) -> tuple[int, int, str]:
    """One generated batch in the tail's own form: (min ts, max ts, events JSON)."""
    events = []
    for event in orjson.loads(make_batch(seed, persons, days)):
        name, person, ts = event.pop("_n"), event.pop("_p"), event.pop("_t")
        events.append([name, person, int(ts * 1_000_000), event])
    stamps = [e[2] for e in events]
    return min(stamps), max(stamps), orjson.dumps(events).decode()


def peak_rss_mb() -> float:
    """This process's peak resident memory so far."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load_average() -> str:
    """The machine's 1/5/15-minute load, printed with each figure (the machine is shared)."""
    return "load average " + ", ".join(f"{x:.1f}" for x in os.getloadavg())


def load_and_seal(state: Any, total: int, persons: int, days: int) -> tuple[float, float]:
    """Write ``total`` events to the tail (batches of 1,000), then seal them; events/s of each."""
    from gaugeboard.events.segments import run_maintenance
    from gaugeboard.store.events import insert_batch

    began = time.perf_counter()
    written = Progress("written to the tail", total)
    for first in range(0, total // BATCH, 100):
        with state.database.write_connection() as connection:
            for seed in range(first, min(first + 100, total // BATCH)):
                low, high, events = tail_rows(seed, persons, days)
                insert_batch(connection, 1, BATCH, low, high, events)
        written(min(first + 100, total // BATCH) * BATCH)
    load_rate = total / (time.perf_counter() - began)
    print(f"generator and loader peak RSS: {peak_rss_mb():,.0f} MB (batches are streamed)")
    began = time.perf_counter()
    sealed, sealing = 0, Progress("sealed", total)
    known = state.sealing_job.known_persons  # what the sealing job's passes share
    with state.database.sessions() as session:
        while rows := run_maintenance(session, state.segments_dir, 0, known=known).sealed_rows:
            sealed += rows
            sealing(sealed)
    return load_rate, total / (time.perf_counter() - began)


class Progress:
    """A line at each further 10M events of a run of 20M or more (a time-boxed 100M run
    records how far it got)."""

    def __init__(self, what: str, total: int) -> None:
        self.what, self.total, self.mark = what, total, 10_000_000
        self.began = time.perf_counter()

    def __call__(self, done: int) -> None:
        if self.total < 20_000_000 or done < self.mark:
            return
        self.mark = (done // 10_000_000 + 1) * 10_000_000
        seconds = time.perf_counter() - self.began
        print(
            f"  {time.strftime('%H:%M:%S')} {self.what}: {done:,} events in {seconds:,.0f} s "
            f"({done / seconds:,.0f}/s), {load_average()}, peak RSS {peak_rss_mb():,.0f} MB",
            flush=True,
        )


def copy_baseline(files: list[str], work: Path) -> float:
    """Events/s of the ingestion-free floor of sealing: the same rows, already in a DuckDB
    table, sorted and written to one zstd Parquet file by DuckDB's COPY (same threads)."""
    import duckdb

    target = work / "copy-baseline.parquet"
    with duckdb.connect(config={"threads": 2}) as con:
        con.execute(
            f"CREATE TABLE rows AS SELECT * FROM read_parquet({files!r}, union_by_name=true)"
        )
        count = con.execute("SELECT count(*) FROM rows").fetchone()[0]  # type: ignore[index]
        began = time.perf_counter()
        con.execute(
            f"COPY (SELECT * FROM rows ORDER BY name, ts) TO '{target}' "
            "(FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 65536, PARQUET_VERSION V2)"
        )
        rate = count / (time.perf_counter() - began)
    target.unlink(missing_ok=True)
    return float(rate)


def column_sizes(paths: list[Path]) -> dict[str, int]:
    """Compressed bytes of each column over the live segment files (Parquet metadata)."""
    import pyarrow.parquet as pq

    sizes: dict[str, int] = {}
    for path in paths:
        meta = pq.ParquetFile(path).metadata
        for group in range(meta.num_row_groups):
            row_group = meta.row_group(group)
            for index in range(row_group.num_columns):
                column = row_group.column(index)
                name = column.path_in_schema
                sizes[name] = sizes.get(name, 0) + column.total_compressed_size
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--persons", type=int, default=20_000)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--data", help="keep the data set in this folder (reused when present)")
    parser.add_argument(
        "--memory-rows",
        type=int,
        help="EVENT_MEMORY_ROWS for the queries (default: the setting's; 0 reads the files)",
    )
    args = parser.parse_args()
    work = Path(args.data) if args.data else Path(tempfile.mkdtemp(prefix="gaugeboard-qc-"))
    try:
        run(args, work)
    finally:
        if not args.data:
            shutil.rmtree(work, ignore_errors=True)


def time_queries(
    state: Any,
    days: int,
    native: duckdb.DuckDBPyConnection,
    by_pid: duckdb.DuckDBPyConnection,
    chdb: Chdb | None,
) -> list[tuple[str, ...]]:
    """One table row per query: gaugeboard's median and each baseline's, with the ratios
    (gaugeboard / baseline), each query timed on every engine before the next one."""
    from gaugeboard.events.analytics import run_query

    queries = gaugeboard_queries(days)
    queries["nothing (an event that does not exist)"] = {"event": "no-such-event", "bucket": None}
    sql = dict(DUCKDB_SQL)
    sql["nothing (an event that does not exist)"] = (
        "SELECT count(*) FROM events WHERE name = 'no-such-event'"
    )
    queries[NOTHING_FROM_FILES] = {
        "event": "no-such-event",
        "bucket": None,
        "filters": [{"field": "plan", "op": "=", "value": "pro"}],
    }
    sql[NOTHING_FROM_FILES] = (
        "SELECT count(*) FROM events WHERE name = 'no-such-event' AND plan = 'pro'"
    )
    rows: list[tuple[str, ...]] = []
    for label, query in queries.items():

        def ours(q: dict[str, Any] = query) -> None:
            with state.database.sessions() as session:
                run_query(session, state.segments_dir, q, 600)

        ours_ms = median_ms(ours)
        duck_ms = median_ms(lambda s=sql[label]: native.execute(s).fetchall())
        pid_ms = median_ms(lambda s=sql[label]: by_pid.execute(s).fetchall())
        row = [label, f"{ours_ms:,.1f}", f"{duck_ms:,.1f} ({ours_ms / duck_ms:.2f}×)"]
        row.append(f"{pid_ms:,.1f} ({ours_ms / pid_ms:.2f}×)")
        if chdb is not None:
            ch_ms = median_ms(lambda s=CHDB_SQL[label], c=chdb: c.run(s))
            row.append(f"{ch_ms:,.1f} ({ours_ms / ch_ms:.2f}×)")
            same = len(chdb.run(CHDB_SQL[label]).splitlines())
            if same != len(by_pid.execute(sql[label]).fetchall()):
                row[-1] += " (result rows differ!)"
        else:
            row.append("skipped")
        rows.append(tuple(row))
        # each row as soon as it is timed, so a time-boxed run keeps what it measured
        print(f"  {' | '.join(row)} ({load_average()})", flush=True)
    return rows


def describe_view(state: Any) -> str:
    """Build the sealed view with one query; say whether it copied the events into memory
    (``EVENT_MEMORY_ROWS``), how long that took and what it added to this process."""
    from gaugeboard.events.analytics import run_query
    from gaugeboard.events.engine import sealed_cache

    # resident memory now: the peak would hide what this one step added
    before, began = resident_mb(), time.perf_counter()
    with state.database.sessions() as session:
        run_query(session, state.segments_dir, {"event": "x", "bucket": None}, 600)
    seconds = time.perf_counter() - began
    cache = sealed_cache(state.segments_dir)
    where = "a copy in memory" if cache.in_memory else "the files"
    return (
        f"sealed events read from {where} (EVENT_MEMORY_ROWS {cache.memory_rows:,}); "
        f"building the view took {seconds * 1000:,.0f} ms and "
        f"{resident_mb() - before:,.0f} MB of this process's memory"
    )


def print_table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for i, row in enumerate([header, *rows]):
        print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
        if i == 0:
            print("|" + "|".join("-" * (w + 2) for w in widths) + "|")


def run(args: argparse.Namespace, work: Path) -> None:
    from gaugeboard.app import create_app
    from gaugeboard.events.keys import create_event_key
    from gaugeboard.state import EXTENSION_KEY
    from gaugeboard.store.events import live_segments

    fresh = not (work / "data").exists()
    settings: dict[str, Any] = {"EVENT_SEAL_SECONDS": 0, "DATA_DIR": str(work / "data")}
    if args.memory_rows is not None:
        settings["EVENT_MEMORY_ROWS"] = args.memory_rows
    app = create_app(settings)
    state = app.extensions[EXTENSION_KEY]
    if fresh:
        with state.database.sessions() as session:
            create_event_key(session, "bench")
            session.commit()
        load_rate, seal_rate = load_and_seal(state, args.events, args.persons, args.days)
        print(f"tail written at {load_rate:,.0f} events/s", flush=True)
        floor = copy_baseline(live_files(state), work)
        print(
            f"\n| seal + compact, events/s | {seal_rate:,.0f} | DuckDB COPY of the same rows "
            f"to Parquet {floor:,.0f} | {seal_rate / floor:.2f}× (goal ≥ 300,000/s) |"
        )
        print(f"peak RSS after sealing: {peak_rss_mb():,.0f} MB\n", flush=True)
    else:
        print("(data set reused: load and seal not measured)")
    print(f"peak RSS before the baselines: {peak_rss_mb():,.0f} MB", flush=True)
    print(f"{load_average()}; building the baselines…", flush=True)
    native, _, loads = build_baselines(live_files(state), work, with_sqlite=False)
    by_pid, loads["DuckDB, integer pid"] = native_pid(live_files(state), work)
    chdb = Chdb.load(by_pid, work)
    if chdb is not None:
        loads["chDB, integer pid"] = chdb.load_rate
    print(
        "baseline loads, rows/s: "
        + ", ".join(f"{engine} {rate:,.0f}" for engine, rate in loads.items()),
        flush=True,
    )
    print(f"{load_average()}; timing the queries…", flush=True)
    print(describe_view(state), flush=True)
    rows = time_queries(state, args.days, native, by_pid, chdb)
    native.close()
    by_pid.close()
    if chdb is not None:
        chdb.close()
    for leftover in ("native.duckdb", "native-pid.duckdb", "chdb"):
        shutil.rmtree(work / leftover, ignore_errors=True)
        (work / leftover).unlink(missing_ok=True)
    with state.database.sessions() as session:
        live = [state.segments_dir / s.path for s in live_segments(session)]
    size = sum(path.stat().st_size for path in live)
    by_column = column_sizes(live)
    state.database.dispose()
    print(
        f"\n{args.events:,} events, {args.persons:,} persons, {os.cpu_count()} cores; "
        f"segments {size / 1e6:,.1f} MB ({size / args.events:.1f} B/event)\n"
    )
    header = (
        "query",
        "gaugeboard ms",
        "DuckDB, text ids ms (ratio)",
        "DuckDB, integer pid ms (ratio)",
        "chDB, integer pid ms (ratio)",
    )
    print_table(header, rows)
    print("\n| column | compressed bytes/event | share of the file |\n|---|---|---|")
    for column, compressed in sorted(by_column.items(), key=lambda item: -item[1]):
        print(f"| {column} | {compressed / args.events:.2f} | {compressed / size:.0%} |")
    print(f"\npeak RSS of this process (sealing, queries, baselines): {peak_rss_mb():,.0f} MB")
    print(load_average())


if __name__ == "__main__":
    main()
