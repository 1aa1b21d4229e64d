"""Events benchmark: ingestion through the public API, sealing, and the six analytics queries
through gaugeboard against DuckDB (native table) and SQLite on the same rows, in one run.

    .venv/bin/python bench/events.py                 # 1M events (quick)
    .venv/bin/python bench/events.py --events 10000000 --persons 200000

It starts real `gaugeboard serve` processes (gunicorn) on free 127.0.0.1 ports, loads the
data with POST /e (JSON batches of 1,000) from client processes, seals the tail into Parquet,
then times each query 5 times and prints medians and ratios. Everything runs in a temporary
folder that is removed at the end. Only 127.0.0.1 is contacted; every loop is bounded.
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import random
import resource
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import orjson

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from live_server import free_port  # noqa: E402

NAMES = (
    ["pageview"] * 12
    + ["signup"] * 3
    + ["activate"] * 2
    + ["purchase"] * 2
    + [f"event_{i:02d}" for i in range(36)]
)
PLANS = ["free", "pro", "team", "enterprise"]
BATCH = 1000
RUNS = 5


def day_start(days_back: int) -> datetime:
    today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return today - timedelta(days=days_back)


def make_batch(seed: int, persons: int, days: int) -> bytes:
    """One JSON batch of events, reproducible from its seed."""
    rng = random.Random(seed)
    start = day_start(days).timestamp()
    span = days * 86400 - 1
    events = []
    for _ in range(BATCH):
        name = rng.choice(NAMES)
        event: dict[str, Any] = {
            "_n": name,
            "_p": f"u{rng.randrange(persons)}",
            "_t": start + rng.random() * span,
            "plan": rng.choice(PLANS),
        }
        if name == "purchase":
            event["amount"] = round(rng.uniform(5, 500), 2)
        events.append(event)
    return orjson.dumps(events)


# ---------------------------------------------------------------- servers


@contextmanager
def server(command: list[str], env: dict[str, str], port: int, path: str) -> Iterator[None]:
    log = open(env["BENCH_LOG"], "ab")  # noqa: SIM115
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 180  # a loaded 2-core machine can take a minute
        while time.monotonic() < deadline:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                connection.request("GET", path)
                connection.getresponse().read()
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("server did not start")
        yield
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        log.close()


def gaugeboard(*args: str, env: dict[str, str]) -> str:
    command = [sys.executable, "-m", "gaugeboard", *args]
    return subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout


# ---------------------------------------------------------------- load


def _spool_batches(path: Path, seeds: list[int], persons: int, days: int) -> None:
    """Generate a client's batches into a file, one at a time (memory stays one batch)."""
    with open(path, "wb") as spool:
        for seed in seeds:
            body = make_batch(seed, persons, days)
            spool.write(len(body).to_bytes(4, "little") + body)


def _spooled(path: Path) -> Iterator[bytes]:
    with open(path, "rb") as spool:
        while size := spool.read(4):
            yield spool.read(int.from_bytes(size, "little"))


def _send_batches(
    port: int,
    key: str,
    spool: Path,
    seeds: list[int],
    persons: int,
    days: int,
    ready: Any,
    go: Any,
    peak_kb: Any,
) -> None:
    """Generate into the spool file (not timed), then stream it through POST /e."""
    _spool_batches(spool, seeds, persons, days)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    ready.wait()
    go.wait()
    for body in _spooled(spool):
        connection.request("POST", f"/e?_k={key}", body, {"Content-Type": "application/json"})
        answer = connection.getresponse().read()
        if answer != b"1":
            raise RuntimeError(f"batch refused: {answer!r}")
    with peak_kb.get_lock():
        peak_kb.value = max(peak_kb.value, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


LOAD_PEAK_KB = 0  # the largest load client's peak RSS in the last load_events, in KiB


def load_events(port: int, key: str, total: int, persons: int, days: int, clients: int) -> float:
    """Send every batch through POST /e; return events per second (generation excluded).

    Each client generates its batches into a spool file first and streams them from it, so
    its memory stays bounded whatever ``total`` is (``LOAD_PEAK_KB`` records the peak)."""
    global LOAD_PEAK_KB
    seeds = list(range(total // BATCH))
    ready = multiprocessing.Barrier(clients + 1)
    go = multiprocessing.Event()
    peak_kb = multiprocessing.Value("q", 0)
    with tempfile.TemporaryDirectory(prefix="gaugeboard-load-") as spools:
        workers = [
            multiprocessing.Process(
                target=_send_batches,
                args=(
                    port,
                    key,
                    Path(spools) / f"client-{i}.bin",
                    seeds[i::clients],
                    persons,
                    days,
                    ready,
                    go,
                    peak_kb,
                ),
            )
            for i in range(clients)
        ]
        for worker in workers:
            worker.start()
        ready.wait()
        began = time.perf_counter()
        go.set()
        for worker in workers:
            worker.join()
            if worker.exitcode != 0:
                raise RuntimeError("a load client failed")
        rate = len(seeds) * BATCH / (time.perf_counter() - began)
    LOAD_PEAK_KB = int(peak_kb.value)
    return rate


def _hammer(port: int, path: str, seconds: float, counter: Any) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    done = 0
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        connection.request("GET", path)
        if connection.getresponse().read() != b"1":
            raise RuntimeError("request refused")
        done += 1
    with counter.get_lock():
        counter.value += done


def requests_per_second(port: int, path: str, clients: int, seconds: float) -> float:
    counter = multiprocessing.Value("q", 0)
    workers = [
        multiprocessing.Process(target=_hammer, args=(port, path, seconds, counter))
        for _ in range(clients)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return float(counter.value) / seconds


# ---------------------------------------------------------------- queries


def median_ms(action: Callable[[], Any]) -> float:
    action()  # warm-up
    times = []
    for _ in range(RUNS):
        began = time.perf_counter()
        action()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


def gaugeboard_queries(days: int) -> dict[str, dict[str, Any]]:
    start = day_start(days).isoformat().replace("+00:00", "Z")
    end = day_start(0).isoformat().replace("+00:00", "Z")
    whole = {"start": start, "end": end}
    return {
        "count per day of one event": {"event": "pageview", "bucket": "day", "range": whole},
        "distinct persons per day": {"metric": "unique_persons", "bucket": "day", "range": whole},
        "distinct persons per day, approximate": {
            "metric": "unique_persons",
            "bucket": "day",
            "range": whole,
            "approximate": True,
        },
        "sum of amount per plan": {
            "event": "purchase",
            "metric": "sum",
            "property": "amount",
            "breakdown": "plan",
            "bucket": None,
            "range": whole,
        },
        "average amount per plan": {
            "event": "purchase",
            "metric": "avg",
            "property": "amount",
            "breakdown": "plan",
            "bucket": None,
            "range": whole,
        },
        "3-step funnel (7 days)": {
            "type": "funnel",
            "range": whole,
            "window": {"value": 7, "unit": "day"},
            "steps": [{"event": "pageview"}, {"event": "signup"}, {"event": "purchase"}],
        },
        "weekly retention, 8 weeks": {
            "type": "retention",
            "start_event": "signup",
            "return_event": "pageview",
            "period": "week",
            "periods": 8,
            "range": whole,
        },
    }


def baseline_sql(
    day: str,
    week: str,
    week_offset: str,
    window: str,
    estimate: str = "approx_count_distinct(person)",
) -> dict[str, str]:
    """The seven queries as plain SQL on a table (name, person, ts, plan, amount); only the
    spelling of a day, a week, a week difference, the funnel window and the engine's
    estimated distinct count (SQLite has none: it counts exactly) differs by engine."""
    step = (
        "{cur} AS (SELECT {prev}.person, min(e.ts) t FROM {prev} JOIN events e "
        "ON e.person = {prev}.person AND e.name = '{name}' "
        "AND e.ts >= {prev}.t AND e.ts <= {prev}.t + {window} GROUP BY 1)"
    )
    return {
        "count per day of one event": (
            f"SELECT {day} d, count(*) FROM events WHERE name = 'pageview' GROUP BY 1"
        ),
        "distinct persons per day": (
            f"SELECT {day} d, count(DISTINCT person) FROM events GROUP BY 1"
        ),
        "distinct persons per day, approximate": (
            f"SELECT {day} d, {estimate} FROM events GROUP BY 1"
        ),
        "sum of amount per plan": (
            "SELECT plan, sum(amount) FROM events WHERE name = 'purchase' GROUP BY 1"
        ),
        "average amount per plan": (
            "SELECT plan, avg(amount) FROM events WHERE name = 'purchase' GROUP BY 1"
        ),
        "3-step funnel (7 days)": (
            "WITH s0 AS (SELECT person, min(ts) t FROM events "
            "WHERE name = 'pageview' GROUP BY 1), "
            + step.format(cur="s1", prev="s0", name="signup", window=window)
            + ", "
            + step.format(cur="s2", prev="s1", name="purchase", window=window)
            + " SELECT (SELECT count(*) FROM s0), (SELECT count(*) FROM s1), "
            "(SELECT count(*) FROM s2)"
        ),
        "weekly retention, 8 weeks": (
            f"WITH f AS (SELECT person, min({week}) c FROM events "
            "WHERE name = 'signup' GROUP BY 1), "
            f"r AS (SELECT DISTINCT person, {week} b FROM events WHERE name = 'pageview') "
            f"SELECT f.c, {week_offset} k, count(DISTINCT f.person) "
            "FROM f JOIN r ON r.person = f.person AND r.b > f.c GROUP BY 1, 2"
        ),
    }


DUCKDB_SQL = baseline_sql(
    day="date_trunc('day', ts)",
    week="date_trunc('week', ts)",
    week_offset="date_diff('day', f.c, r.b) // 7",
    window="INTERVAL 7 DAY",
)
# SQLite keeps ts as epoch seconds; day 0 (1970-01-01) was a Thursday, so +3 starts weeks
# on Monday like DuckDB's date_trunc('week').
SQLITE_SQL = baseline_sql(
    day="CAST(ts / 86400 AS INT)",
    week="CAST((ts / 86400 + 3) / 7 AS INT)",
    week_offset="r.b - f.c",
    window="604800",
    estimate="count(DISTINCT person)",
)


def sqlite_timing(lite: sqlite3.Connection, sql: str, limit_seconds: float) -> str:
    """Median of the SQLite baseline, or "> N s" when one run passes the limit (it is then
    interrupted, so a quadratic plan cannot hold the benchmark for an hour)."""
    deadline = 0.0

    def past_deadline() -> int:
        return 1 if time.perf_counter() > deadline else 0

    lite.set_progress_handler(past_deadline, 100_000)
    times = []
    try:
        for _ in range(RUNS + 1):
            deadline = time.perf_counter() + limit_seconds
            began = time.perf_counter()
            lite.execute(sql).fetchall()
            times.append((time.perf_counter() - began) * 1000)
    except sqlite3.OperationalError:
        return f"> {limit_seconds:g} s"
    finally:
        lite.set_progress_handler(None, 0)
    return f"{statistics.median(times[1:]):,.0f} ms"


def live_files(state: Any) -> list[str]:
    """The live segment files (retired ones wait out a grace period beside them on disk)."""
    from gaugeboard.store.events import live_segments

    with state.database.sessions() as session:
        return [str(state.segments_dir / s.path) for s in live_segments(session)]


def native_table(
    files: list[str], path: Path, person: str
) -> tuple[duckdb.DuckDBPyConnection, float]:
    """The live segments' rows in a native DuckDB table (name, person, ts, plan, amount),
    ``person`` taken from the segments' column of that name; and its load in rows/s."""
    native = duckdb.connect(str(path), config={"threads": 2})
    began = time.perf_counter()
    native.execute(
        f"CREATE OR REPLACE TABLE events AS SELECT name, {person} AS person, ts, p_plan AS plan, "
        f"p_amount AS amount FROM read_parquet({files!r}, union_by_name=true)"
    )
    native.execute("CHECKPOINT")
    rows = native.execute("SELECT count(*) FROM events").fetchone()[0]  # type: ignore[index]
    return native, rows / (time.perf_counter() - began)


def build_baselines(
    files: list[str], work: Path, with_sqlite: bool
) -> tuple[duckdb.DuckDBPyConnection, sqlite3.Connection | None, dict[str, float]]:
    """The same rows in a native DuckDB table and (optionally) a SQLite table (DuckDB
    streams the Parquet files into its table, so the load's memory stays bounded)."""
    native, rate = native_table(files, work / "native.duckdb", "person")
    loads = {"duckdb": rate}
    lite = None
    if with_sqlite:
        lite = sqlite3.connect(work / "baseline.sqlite")
        lite.execute(
            "CREATE TABLE events (name TEXT, person TEXT, ts REAL, plan TEXT, amount REAL)"
        )
        began = time.perf_counter()
        cursor = native.execute("SELECT name, person, epoch_us(ts) / 1e6, plan, amount FROM events")
        rows = 0
        while chunk := cursor.fetchmany(100_000):
            lite.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?)", chunk)
            rows += len(chunk)
        lite.commit()
        loads["sqlite"] = rows / (time.perf_counter() - began)
    return native, lite, loads


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


# ---------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--persons", type=int, default=20_000)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=3.0, help="per /e throughput window")
    parser.add_argument("--rounds", type=int, default=5, help="alternating /e windows per server")
    parser.add_argument("--single-clients", type=int, default=8, help="concurrent /e clients")
    parser.add_argument("--no-sqlite", action="store_true", help="skip the SQLite baseline")
    parser.add_argument("--sqlite-seconds", type=float, default=20.0, help="SQLite run limit")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="gaugeboard-bench-"))
    env = {
        **os.environ,
        "GAUGEBOARD_DATA_DIR": str(work / "data"),
        "GAUGEBOARD_EVENT_SEAL_SECONDS": "0",
        "BENCH_LOG": str(work / "servers.log"),
    }
    env.pop("GAUGEBOARD_DATABASE_URL", None)
    try:
        run(args, work, env)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(args: argparse.Namespace, work: Path, env: dict[str, str]) -> None:
    key = gaugeboard("keys", "create", "bench", env=env).strip().splitlines()[-1]
    rows: list[tuple[str, str, str, str]] = []

    port = free_port()
    command = [
        sys.executable,
        "-m",
        "gaugeboard",
        "serve",
        "--port",
        str(port),
        "--workers",
        str(args.workers),
    ]
    bare_port = free_port()
    bare = [
        sys.executable,
        str(ROOT / "bench" / "bare_server.py"),
        str(bare_port),
        str(args.workers),
    ]
    clients = f"{args.clients} clients, {args.workers} workers"
    print(f"loading {args.events:,} events through POST /e ({clients})…", flush=True)
    with server(command, env, port, "/login"), server(bare, env, bare_port, "/e"):
        batch_rate = load_events(port, key, args.events, args.persons, args.days, args.clients)
        # Alternate short windows of each server and keep the medians: one long window each
        # would let a passing load on the machine favour whichever ran second.
        single_path = f"/e?_k={key}&_n=pageview&_p=u1"
        gauge_runs, bare_runs = [], []
        for _ in range(args.rounds):
            bare_runs.append(
                requests_per_second(bare_port, "/e", args.single_clients, args.seconds)
            )
            gauge_runs.append(
                requests_per_second(port, single_path, args.single_clients, args.seconds)
            )
        gauge_single, bare_single = statistics.median(gauge_runs), statistics.median(bare_runs)

    rows.append(
        (
            "batched JSON ingestion, events/s",
            f"{batch_rate:,.0f}",
            "goal 200,000",
            f"{batch_rate / 200_000:.2f}× goal",
        )
    )
    rows.append(
        ("load client peak RSS (generator, streamed)", f"{LOAD_PEAK_KB / 1024:,.0f} MB", "", "")
    )
    rows.append(
        (
            "single-event GET /e, requests/s (median)",
            f"{gauge_single:,.0f}",
            f"bare Flask {bare_single:,.0f}",
            f"{gauge_single / bare_single:.2f}× (goal ≥ 0.6)",
        )
    )

    sys.path.insert(0, str(ROOT / "src"))
    from gaugeboard.app import create_app
    from gaugeboard.events.analytics import run_query
    from gaugeboard.state import EXTENSION_KEY

    app = create_app({"EVENT_SEAL_SECONDS": 0, "DATA_DIR": env["GAUGEBOARD_DATA_DIR"]})
    state = app.extensions[EXTENSION_KEY]
    print("sealing the tail into Parquet…", flush=True)
    began = time.perf_counter()
    with state.database.sessions() as session:
        from gaugeboard.events.segments import run_maintenance

        while run_maintenance(session, state.segments_dir, 0).sealed_rows:
            pass
    seal_seconds = time.perf_counter() - began
    rows.append(
        (
            "seal + compact, events/s",
            f"{args.events / seal_seconds:,.0f}",
            "",
            f"{seal_seconds:.1f} s in all",
        )
    )

    native, lite, loads = build_baselines(live_files(state), work, not args.no_sqlite)
    disk = {
        "gaugeboard segments": folder_size(state.segments_dir),
        "DuckDB native file": (work / "native.duckdb").stat().st_size,
    }
    if lite is not None:
        disk["SQLite table"] = (work / "baseline.sqlite").stat().st_size

    print("timing queries (median of 5)…", flush=True)
    timeout = 600
    for label, query in gaugeboard_queries(args.days).items():

        def ours(q: dict[str, Any] = query) -> None:
            with state.database.sessions() as session:
                run_query(session, state.segments_dir, q, timeout)

        ours_ms = median_ms(ours)
        duck_ms = median_ms(lambda sql=DUCKDB_SQL[label]: native.execute(sql).fetchall())
        lite_text = (
            sqlite_timing(lite, SQLITE_SQL[label], args.sqlite_seconds) if lite else "skipped"
        )
        rows.append(
            (
                label,
                f"{ours_ms:,.0f} ms",
                f"DuckDB {duck_ms:,.0f} ms / SQLite {lite_text}",
                f"{ours_ms / duck_ms:.2f}× DuckDB (goal ≤ 2)",
            )
        )
    for name, size in disk.items():
        rows.append(
            (
                f"disk: {name}",
                f"{size / 1e6:,.1f} MB",
                "",
                f"{size / disk['DuckDB native file']:.2f}× DuckDB",
            )
        )
    for engine, rate in loads.items():
        rows.append((f"bulk load into {engine} (baseline)", f"{rate:,.0f} rows/s", "", ""))
    state.database.dispose()

    print()
    print(
        f"gaugeboard events benchmark — {args.events:,} events, {args.persons:,} persons, "
        f"{args.days} days, {os.cpu_count()} cores, Python {sys.version.split()[0]}, "
        f"DuckDB {duckdb.__version__}"
    )
    print()
    widths = [
        max(len(r[i]) for r in rows + [("what", "gaugeboard", "baseline", "ratio")])
        for i in range(4)
    ]
    header = ("what", "gaugeboard", "baseline", "ratio")
    print("| " + " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")


if __name__ == "__main__":
    main()
