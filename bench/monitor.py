"""Status monitoring benchmark (issue 6): what recording every response costs a host app in
throughput, and what 90 days of rollups for 50 routes take on disk.

    .venv/bin/python bench/monitor.py                          # about 3 minutes
    .venv/bin/python bench/monitor.py --rounds 3 --seconds 3   # quicker, noisier
    .venv/bin/python bench/monitor.py --skip-throughput        # storage only

Part 1 serves a one-route host app (``/hello``) with gunicorn (gthread, the settings of
``gaugeboard serve``) three ways, all at once on free 127.0.0.1 ports: bare, with gaugeboard
mounted (default settings, status recording on) and with Flask-MonitoringDashboard bound
(when it is installed; it is not a gaugeboard dependency). Short load windows alternate
between them in a rotating order, each followed by a wait until the server just loaded is
idle again, and the medians are compared with bare. The gaugeboard server is then stopped
with SIGTERM and the requests its rollups hold for ``/hello`` are compared with the 200
answers the load clients counted: the flush at worker exit must have written the rest.

Part 2 feeds 90 days of simulated traffic of 50 routes through the monitor's real counters,
flush and maintenance (compaction) on SQLite, and on PostgreSQL in a schema of its own when
a server answers on 127.0.0.1:5432, then reports the rows, the size on disk and the time of
``GET /gaugeboard/api/status``.

Everything runs in a temporary folder that is removed at the end; every server started is
stopped (SIGTERM, then SIGKILL of its process group after a timeout), also on errors.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import importlib.metadata
import multiprocessing
import os
import random
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from live_server import free_port  # noqa: E402

if TYPE_CHECKING:
    from flask import Flask
    from sqlalchemy import Engine

    from gaugeboard.config import Settings
    from gaugeboard.monitor.status_monitor import StatusMonitor

HOST = "127.0.0.1"
BARE, GAUGEBOARD, FMD = "bare", "gaugeboard", "flask-monitoringdashboard"
STARTUP_SECONDS = 60
STOP_SECONDS = 30
RENEW_EVERY = 100
SETTLE_SECONDS = 15
IDLE_SHARE = 0.05  # of one core
PG_BASE = "postgresql+psycopg://postgres@127.0.0.1:5432/test"

# ---------------------------------------------------------------- servers


@dataclass
class Server:
    """One variant of the host app under gunicorn, in its own process group."""

    variant: str
    data_dir: Path
    workers: int
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    returncode: int | None = None

    @property
    def log(self) -> Path:
        return self.data_dir.with_suffix(".log")

    def start(self) -> None:
        command = [sys.executable, str(ROOT / "bench" / "monitor_server.py"), self.variant]
        command += [str(self.port), str(self.workers), str(self.data_dir)]
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                command, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.variant} server exited:\n{self.log.read_text()}")
            if _answers(self.port):
                return
            time.sleep(0.2)
        raise RuntimeError(f"{self.variant} server did not answer within {STARTUP_SECONDS} s")

    def stop(self) -> int | None:
        """SIGTERM (gunicorn's graceful stop), then SIGKILL of the group after a timeout.
        Returns the exit code; -9 means it had to be killed."""
        process, self.process = self.process, None
        if process is None:
            return self.returncode
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        try:
            self.returncode = process.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
            self.returncode = -9
        return self.returncode


def _answers(port: int) -> bool:
    """Any HTTP answer will do; a path without a route is not recorded by any variant."""
    try:
        connection = http.client.HTTPConnection(HOST, port, timeout=2)
        connection.request("GET", "/__ready")
        connection.getresponse().read()
        connection.close()
        return True
    except (OSError, http.client.HTTPException):
        return False


# ---------------------------------------------------------------- load


def _client(port: int, seconds: float, ready: Any, go: Any, ok: Any, failed: Any) -> None:
    """Keep-alive GET /hello for ``seconds``; counts 200 "hello" answers and failures.

    The connection is renewed every RENEW_EVERY requests: a keep-alive connection stays with
    the worker that accepted it, and 8 fixed connections split 6/2 between 2 workers would
    measure the split, not the app."""
    connection = http.client.HTTPConnection(HOST, port, timeout=10)
    good = bad = 0
    ready.wait(30)
    go.wait(30)
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        try:
            connection.request("GET", "/hello")
            response = connection.getresponse()
            if response.read() == b"hello" and response.status == 200:
                good += 1
            else:
                bad += 1
        except (OSError, http.client.HTTPException):
            bad += 1
            connection.close()
        if (good + bad) % RENEW_EVERY == 0:
            connection.close()  # the next request connects anew
    connection.close()
    with ok.get_lock():
        ok.value += good
    with failed.get_lock():
        failed.value += bad


def load(port: int, clients: int, seconds: float) -> tuple[int, int]:
    """``clients`` processes hammering /hello together; returns (200 answers, failures)."""
    ok, failed = multiprocessing.Value("q", 0), multiprocessing.Value("q", 0)
    ready, go = multiprocessing.Barrier(clients + 1), multiprocessing.Event()
    workers = [
        multiprocessing.Process(target=_client, args=(port, seconds, ready, go, ok, failed))
        for _ in range(clients)
    ]
    for worker in workers:
        worker.start()
    try:
        ready.wait(30)
        go.set()
        for worker in workers:
            worker.join(seconds + 40)
    finally:
        for worker in workers:
            if worker.is_alive():
                worker.terminate()
                worker.join(5)
    return int(ok.value), int(failed.value)


@dataclass
class Tally:
    rates: list[float] = field(default_factory=list)
    sent_ok: int = 0
    failed: int = 0
    settling: list[float] = field(default_factory=list)
    cpu_us: list[float] = field(default_factory=list)


def group_cpu_seconds(pgid: int) -> float:
    """CPU time used so far by every live process of a process group (Linux /proc)."""
    ticks = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        if int(fields[2]) == pgid:  # fields after the name: state, ppid, pgrp, …
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def settle(server: Server) -> float:
    """Wait (at most SETTLE_SECONDS) until a server that was just loaded is idle: work it
    left behind (Flask-MonitoringDashboard writes each request from a thread of its own)
    must not run during the next variant's window."""
    began = time.monotonic()
    if server.process is None:
        return 0.0
    used = group_cpu_seconds(server.process.pid)
    while time.monotonic() < began + SETTLE_SECONDS:
        time.sleep(0.25)
        now = group_cpu_seconds(server.process.pid)
        if now - used < 0.25 * IDLE_SHARE:
            break
        used = now
    return time.monotonic() - began


def window(server: Server, tally: Tally, clients: int, seconds: float) -> float:
    """One load window and the wait after it; the server's CPU time (every process of it,
    work left behind included) per answered request is noted too."""
    assert server.process is not None
    used = group_cpu_seconds(server.process.pid)
    ok, failed = load(server.port, clients, seconds)
    tally.settling.append(settle(server))
    used = group_cpu_seconds(server.process.pid) - used
    tally.cpu_us.append(used / max(ok, 1) * 1e6)
    tally.sent_ok += ok
    tally.failed += failed
    return ok / seconds


def alternate(servers: Sequence[Server], args: argparse.Namespace) -> dict[str, Tally]:
    """A warm-up window each, then ``rounds`` windows each, in turn and in a rotating order
    (neither a passing load on the machine nor the position in a round can favour one
    variant); every 200 answer is counted for the check."""
    tallies = {server.variant: Tally() for server in servers}
    for server in servers:
        window(server, tallies[server.variant], args.clients, args.warmup)
    for number in range(args.rounds):
        shift = number % len(servers)
        for server in [*servers[shift:], *servers[:shift]]:
            tally = tallies[server.variant]
            tally.rates.append(window(server, tally, args.clients, args.seconds))
        line = ", ".join(f"{v} {t.rates[-1]:,.0f}" for v, t in tallies.items())
        print(f"  round {number + 1}/{args.rounds}: {line} requests/s", flush=True)
    return tallies


def recorded_hello(data_dir: Path) -> int:
    """Requests for /hello in the gaugeboard variant's rollups (every grain)."""
    uri = f"file:{data_dir / 'gaugeboard.db'}?mode=ro"
    with contextlib.closing(sqlite3.connect(uri, uri=True)) as lite:
        row = lite.execute(
            "SELECT coalesce(sum(r.count), 0) FROM status_rollups r "
            "JOIN status_routes s ON s.id = r.route_id WHERE s.rule = '/hello'"
        ).fetchone()
    return int(row[0])


def fmd_version() -> str | None:
    """The installed Flask-MonitoringDashboard's version, when it imports."""
    check = [sys.executable, "-c", "import flask_monitoringdashboard"]
    try:
        subprocess.run(check, check=True, capture_output=True, timeout=60)
        return importlib.metadata.version("flask_monitoringdashboard")
    except (subprocess.SubprocessError, importlib.metadata.PackageNotFoundError):
        return None


def throughput(args: argparse.Namespace, work: Path) -> None:
    version = fmd_version()
    variants = [BARE, GAUGEBOARD] + ([FMD] if version else [])
    servers = [Server(v, work / v, args.workers) for v in variants]
    print(f"throughput: {', '.join(variants)} ({args.clients} clients)…", flush=True)
    with contextlib.ExitStack() as stack:
        for server in servers:
            stack.callback(server.stop)
            server.start()
        tallies = alternate(servers, args)
        for server in servers:
            server.stop()
    gauge = next(s for s in servers if s.variant == GAUGEBOARD)
    recorded = recorded_hello(gauge.data_dir)
    print_throughput(args, tallies, version)
    sent = tallies[GAUGEBOARD].sent_ok
    verdict = "match" if recorded == sent else f"MISMATCH ({recorded - sent:+,})"
    print(
        f"\ngaugeboard rollups for /hello after SIGTERM (exit code {gauge.returncode}): "
        f"recorded {recorded:,}, sent {sent:,} (200 answers counted by the clients) — {verdict}"
    )


def print_throughput(
    args: argparse.Namespace, tallies: dict[str, Tally], version: str | None
) -> None:
    bare = tallies[BARE].rates
    rows = []
    for variant, tally in tallies.items():
        median = statistics.median(tally.rates)
        # each window against the bare window of the same round: a load elsewhere on the
        # machine that comes and goes moves both
        paired = statistics.median(r / b for r, b in zip(tally.rates, bare, strict=True))
        goal = " (goal ≥ 0.95)" if variant == GAUGEBOARD else ""
        label = f"{variant} {version}" if variant == FMD else variant
        rounds = " / ".join(f"{r:,.0f}" for r in tally.rates)
        rows.append(
            (
                label,
                f"{median:,.0f}",
                rounds,
                str(tally.failed),
                f"{statistics.median(tally.settling):.2f} s",
                f"{statistics.median(tally.cpu_us):,.0f} µs",
                f"{median / statistics.median(bare):.3f}×",
                f"{paired:.3f}×{goal}",
            )
        )
    if version is None:
        rows.append((FMD, "not installed", "", "", "", "", "", ""))
    print(
        f"\nThroughput of GET /hello — gunicorn gthread, {args.workers} workers × 4 threads; "
        f"{args.clients} keep-alive client processes on the same machine (connections renewed "
        f"every {RENEW_EVERY} requests); {args.rounds} rotating {args.seconds:g} s windows "
        f"after {args.warmup:g} s warm-up, each followed by a wait until that server is idle "
        f"(the 'busy after window' column); 'server CPU per request' is the CPU time of all "
        f"the server's processes over the window and that wait, per 200 answer; "
        f"{os.cpu_count()} cores\n"
    )
    header = (
        "variant",
        "requests/s (median)",
        "each round",
        "failed",
        "busy after window",
        "server CPU per request",
        "ratio of medians",
        "median of per-round ratios",
    )
    print_table(header, rows)


# ---------------------------------------------------------------- storage


@dataclass(frozen=True)
class Schedule:
    """Which simulated minutes get requests: every minute of the minute-row window, one in
    ``coarse`` before it (with the 500 chance per request raised so that a ``coarse``-minute
    block holds a 500 as often as ``coarse`` full minutes would)."""

    now: int
    fine_from: int
    start: int
    coarse: int
    per_minute: int
    fail_chance: float

    def minutes(self) -> Iterator[tuple[int, float]]:
        coarse_chance = 1 - (1 - self.fail_chance) ** self.coarse
        step = self.coarse * 60
        for at in range(self.start, self.fine_from, step):
            yield at, coarse_chance
        for at in range(self.fine_from, self.now, 60):
            yield at, self.fail_chance


def make_schedule(now: int, days: int, minute_hours: int, coarse: int) -> Schedule:
    block = coarse * 60
    start = (now - days * 86400) // block * block
    fine_from = (now - minute_hours * 3600) // 3600 * 3600  # what compaction leaves
    return Schedule(now, fine_from, start, coarse, per_minute=3, fail_chance=0.005)


def simulate(
    monitor: StatusMonitor,
    rules: Sequence[str],
    schedule: Schedule,
    after_day: Callable[[], None],
) -> int:
    """Record the schedule's requests through the monitor's counters, flushing and running
    maintenance (then ``after_day``) once per simulated day and at the end; returns the
    requests recorded."""
    rng = random.Random(6)
    counters = monitor.counters()
    recorded = 0
    day = schedule.start // 86400
    for at, chance in schedule.minutes():
        if at // 86400 != day:
            day = at // 86400
            monitor.flush()
            monitor.maintain(now=at)
            after_day()
        for rule in rules:
            for _ in range(schedule.per_minute):
                status = 500 if rng.random() < chance else 200
                duration = rng.expovariate(1 / 30)
                counters.record(rule, "GET", status, duration, rng.randrange(200, 5000), at)
            recorded += schedule.per_minute
    monitor.flush()
    monitor.maintain(now=schedule.now)
    after_day()
    return recorded


def storage_app(rules: Sequence[str], overrides: dict[str, Any]) -> Flask:
    from flask import Flask

    from gaugeboard.extension import Gaugeboard

    app = Flask("fifty")
    for index, rule in enumerate(rules):
        app.add_url_rule(rule, f"route_{index}", lambda: "ok")
    settings = {"STATUS_FLUSH_SECONDS": 0, "STATUS_ACCESS": "public", **overrides}
    Gaugeboard(app, url_prefix="/gaugeboard", overrides=settings)
    return app


def rows_by_grain(app: Flask) -> dict[int, int]:
    from sqlalchemy import text

    state = app.extensions["gaugeboard"]
    with state.database.engine.connect() as connection:
        found = connection.execute(
            text("SELECT grain, count(*) FROM status_rollups GROUP BY grain")
        )
        return {int(grain): int(count) for grain, count in found}


def time_status_json(app: Flask, routes: int) -> float:
    """Median of 5 (after a warm-up) of GET /gaugeboard/api/status, in milliseconds."""
    client = app.test_client()
    times = []
    for _ in range(6):
        began = time.perf_counter()
        response = client.get("/gaugeboard/api/status")
        times.append((time.perf_counter() - began) * 1000)
        body = response.get_json()
        if response.status_code != 200 or len(body["routes"]) != routes:
            raise RuntimeError(f"status JSON: {response.status_code} {str(body)[:300]}")
    return statistics.median(times[1:])


@dataclass
class StorageResult:
    backend: str
    grains: dict[int, int]
    size_rows: list[tuple[str, int]]
    status_ms: float
    seconds: float


def nothing() -> None:
    pass


def run_backend(
    backend: str,
    rules: Sequence[str],
    schedule: Schedule,
    overrides: dict[str, Any],
    after_day: Callable[[Flask], None] | None = None,
) -> tuple[Flask, dict[int, int], float, float]:
    began = time.perf_counter()
    app = storage_app(rules, overrides)
    hook = (lambda: after_day(app)) if after_day is not None else nothing
    simulate(app.extensions["gaugeboard"].monitor, rules, schedule, hook)
    seconds = time.perf_counter() - began
    print(f"  {backend}: simulated in {seconds:.0f} s", flush=True)
    return app, rows_by_grain(app), time_status_json(app, len(rules)), seconds


def sqlite_storage(rules: Sequence[str], schedule: Schedule, work: Path) -> StorageResult:
    data_dir = work / "storage-sqlite"
    app, grains, status_ms, seconds = run_backend(
        "SQLite", rules, schedule, {"DATA_DIR": str(data_dir)}
    )
    app.extensions["gaugeboard"].database.dispose()
    path = data_dir / "gaugeboard.db"
    sizes = []
    with contextlib.closing(sqlite3.connect(path)) as lite:
        lite.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        sizes.append(("SQLite file as left (WAL checkpointed)", path.stat().st_size))
        lite.execute("VACUUM")
        lite.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    sizes.append(("SQLite file after VACUUM (whole catalog)", path.stat().st_size))
    return StorageResult("SQLite", grains, sizes, status_ms, seconds)


def postgres_answers() -> bool:
    try:
        import psycopg

        dsn = "host=127.0.0.1 port=5432 dbname=test user=postgres"
        with psycopg.connect(dsn, connect_timeout=3):
            pass
    except Exception:
        return False
    return True


@contextlib.contextmanager
def postgres_schema() -> Iterator[str]:
    """A schema of its own in the ``test`` database, dropped at the end (nothing else is
    touched: the test suite keeps its own per-run schemas there)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    schema = f"gbbench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_BASE, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        try:
            url = make_url(PG_BASE).update_query_dict({"options": f"-csearch_path={schema}"})
            yield url.render_as_string(hide_password=False)
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    finally:
        admin.dispose()


def pg_autocommit(app: Flask) -> Engine:
    engine: Engine = app.extensions["gaugeboard"].database.engine
    return engine.execution_options(isolation_level="AUTOCOMMIT")


def pg_vacuum(app: Flask) -> None:
    """Stands in for autovacuum, which a simulation of 90 days in seconds never lets run:
    without it the table keeps every row version the upserts and compactions left."""
    from sqlalchemy import text

    with pg_autocommit(app).connect() as connection:
        connection.execute(text("VACUUM status_rollups"))


def pg_sizes(app: Flask) -> list[tuple[str, int]]:
    from sqlalchemy import text

    sizes = []
    size_sql = text("SELECT pg_total_relation_size('status_rollups')")
    with pg_autocommit(app).connect() as connection:
        size = int(connection.execute(size_sql).scalar_one())
        sizes.append(("PostgreSQL status_rollups total relation size, as left", size))
        connection.execute(text("VACUUM FULL status_rollups"))
        size = int(connection.execute(size_sql).scalar_one())
        sizes.append(("PostgreSQL status_rollups total relation size after VACUUM FULL", size))
    return sizes


def postgres_storage(rules: Sequence[str], schedule: Schedule, work: Path) -> StorageResult:
    with postgres_schema() as url:
        overrides = {"DATA_DIR": str(work / "storage-pg"), "DATABASE_URL": url}
        app, grains, status_ms, seconds = run_backend(
            "PostgreSQL", rules, schedule, overrides, after_day=pg_vacuum
        )
        try:
            sizes = pg_sizes(app)
        finally:
            app.extensions["gaugeboard"].database.dispose()
    return StorageResult("PostgreSQL", grains, sizes, status_ms, seconds)


def storage(args: argparse.Namespace, work: Path) -> None:
    from gaugeboard.config import resolve_settings

    settings = resolve_settings({})
    rules = [f"/api/r{index:02d}" for index in range(args.routes)]
    schedule = make_schedule(
        int(time.time()), args.days, settings["STATUS_MINUTE_HOURS"], args.coarse_minutes
    )
    print(f"storage: {args.routes} routes × {args.days} days…", flush=True)
    results = [sqlite_storage(rules, schedule, work)]
    if args.no_postgres:
        pass
    elif postgres_answers():
        results.append(postgres_storage(rules, schedule, work))
    else:
        print("  PostgreSQL: nothing answers on 127.0.0.1:5432, skipped", flush=True)
    print_storage(args, settings, schedule, results)


def print_storage(
    args: argparse.Namespace,
    settings: Settings,
    schedule: Schedule,
    results: list[StorageResult],
) -> None:
    print(
        f"\nStorage — {args.routes} routes, {args.days} days ending now, rollups compacted by "
        f"the real maintenance pass once per simulated day (minute rows kept "
        f"{settings['STATUS_MINUTE_HOURS']} h, hour rows {settings['STATUS_HOUR_DAYS']} days). "
        f"Traffic: {schedule.per_minute} requests per route per simulated minute, each a 500 "
        f"with chance {schedule.fail_chance:.1%}; every minute of the last "
        f"{(schedule.now - schedule.fine_from) / 3600:.1f} h is simulated, before that one "
        f"minute in {schedule.coarse} (500 chance per request "
        f"{1 - (1 - schedule.fail_chance) ** schedule.coarse:.1%}, so a block holds a 500 as "
        f"often as {schedule.coarse} full minutes would; counts there are 1/{schedule.coarse} "
        f"of full traffic, row keys are not). On PostgreSQL a plain VACUUM of status_rollups "
        f"follows each simulated day, standing in for autovacuum\n"
    )
    rows = []
    for result in results:
        grains = result.grains
        detail = f"minute {grains.get(60, 0):,} / hour {grains.get(3600, 0):,} / day "
        detail += f"{grains.get(86400, 0):,}"
        rows.append((f"{result.backend}: rollup rows", f"{sum(grains.values()):,}", detail))
        for label, size in result.size_rows:
            rows.append((label, f"{size / 1e6:,.2f} MB", ""))
        rows.append(
            (
                f"{result.backend}: GET /gaugeboard/api/status, {args.routes} routes",
                f"{result.status_ms:,.0f} ms",
                "median of 5 after a warm-up, test client",
            )
        )
        rows.append((f"{result.backend}: simulation time", f"{result.seconds:,.0f} s", ""))
    print_table(("what", "value", "detail"), rows)


# ---------------------------------------------------------------- main


def print_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=6, help="alternating windows per variant")
    parser.add_argument("--seconds", type=float, default=3.0, help="length of one window")
    parser.add_argument("--warmup", type=float, default=2.0, help="warm-up window per variant")
    parser.add_argument("--clients", type=int, default=8, help="load client processes")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server")
    parser.add_argument("--routes", type=int, default=50)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument(
        "--coarse-minutes", type=int, default=15, help="before the minute window, simulate "
        "one minute in this many (1: every minute, slow)",
    )  # fmt: skip
    parser.add_argument("--no-postgres", action="store_true", help="skip PostgreSQL")
    parser.add_argument("--skip-throughput", action="store_true")
    parser.add_argument("--skip-storage", action="store_true")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    for name in [n for n in os.environ if n.startswith("GAUGEBOARD_")]:
        del os.environ[name]  # only the settings given here, in this process and the servers
    work = Path(tempfile.mkdtemp(prefix="gaugeboard-bench-monitor-"))
    parts: list[Callable[[argparse.Namespace, Path], None]] = []
    if not args.skip_throughput:
        parts.append(throughput)
    if not args.skip_storage:
        parts.append(storage)
    try:
        for part in parts:
            part(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"\n{os.cpu_count()} cores, Python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
