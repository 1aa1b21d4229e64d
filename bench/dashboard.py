"""Dashboard benchmark: a 30-widget dashboard over the events, drawn by one batched data
request (cold, then from the cache) against the same 30 queries posted one by one.

    .venv/bin/python bench/dashboard.py                                     # 1M events
    .venv/bin/python bench/dashboard.py --events 10000000 --persons 200000  # the issue's set

It reuses bench/events.py to start real `gaugeboard serve` processes on free 127.0.0.1
ports and to load its data set with POST /e (JSON batches from client processes); the
event key, an admin user and its token come from the CLI, and the tail is sealed with
`gaugeboard events seal`. The dashboard is created through POST /api/dashboard. Then the
server is started 5 times; each start gives one sample of each variant:

- cold: GET /api/dashboard/<id>/data as the first request after the start (new processes,
  so every source cache is empty);
- warm: the same request again on the same keep-alive connection (same worker: the cache
  is per process), answered from the cache;
- cold cache, warm server: the same request with a time range nobody asked for before
  (its end moved by a few seconds), so every source misses the cache;
- baseline: the 30 widgets' queries, as the dashboard runs them, posted one after another
  to POST /api/metric/query (what a page without the batched request would do).

After the servers are stopped, when the optional ``chdb`` package is installed (the
``bench`` extra), the same 30 queries in ClickHouse SQL (bench/chdb_dashboard.py) run one
after another in chDB on the same rows, persons as integers, 5 rounds: a second baseline.

The last two take turns going first. Figures are medians of the 5 samples. Before each
server is stopped, the peak resident memory (VmHWM) of its gunicorn master and workers is
read from /proc and printed (their sum counts the pages workers share with the master once
per process, so it is an upper bound).

Everything runs in a temporary folder that is removed at the end, or in ``--data DIR``,
kept, where a second run reuses the loaded and sealed set (and skips measuring its load).
``--data`` may also name a folder bench/query_cost.py loaded (it streams 100M events into
the tail far faster than HTTP can): its events are used as they are.
The servers' query limit is raised to ``--query-seconds`` (default 300 s, against the
server's 30 s) so a slow query on a loaded machine is measured rather than stopping the
run; the slowest baseline queries printed show whether any passed 30 s.
Every server started is stopped. Only 127.0.0.1 is contacted; every loop is bounded.
"""

from __future__ import annotations

import argparse
import http.client
import os
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import orjson

from gaugeboard.sources.metric_source import metric_query

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from chdb_dashboard import time_dashboard  # noqa: E402
from int_baselines import Chdb, native_pid  # noqa: E402
from proc_memory import server_peaks_kb  # noqa: E402

import events as event_bench  # noqa: E402  (bench/events.py; it puts tests/ on the path)
from live_server import free_port  # noqa: E402

RUNS = event_bench.RUNS
HTTP_TIMEOUT = 900
MAX_SEAL_PASSES = 200
CACHE_SECONDS = 3600  # a cold request at 10M must not outlive the entries it stored first


# ---------------------------------------------------------------- the dashboard


def iso(moment: Any) -> str:
    return str(moment.isoformat().replace("+00:00", "Z"))


def whole_range(days: int) -> dict[str, str]:
    """The days the loaded events cover (bench/events.py spreads them up to today 00:00)."""
    return {"start": iso(event_bench.day_start(days)), "end": iso(event_bench.day_start(0))}


def _widget(
    widget_id: str,
    kind: str,
    title: str,
    query: dict[str, Any],
    box: tuple[int, int, int, int],
    options: dict[str, Any] | None = None,
) -> dict[str, Any]:
    x, y, w, h = box
    return {
        "id": widget_id,
        "type": kind,
        "title": title,
        "position": {"x": x, "y": y, "w": w, "h": h},
        "source": {"type": "metric", "query": query},
        "options": options or {},
    }


def _per(event: str | None, bucket: str | None = "day", **rest: Any) -> dict[str, Any]:
    query: dict[str, Any] = {"bucket": bucket, **rest}
    if event is not None:
        query["event"] = event
    return query


def _numbers() -> list[dict[str, Any]]:
    """The top row: big numbers with the change from the previous period."""
    amount = {"property": "amount", "compare": True}
    specs: list[tuple[str, str, dict[str, Any], dict[str, Any]]] = [
        ("n-pageviews", "Pageviews", _per("pageview", compare=True), {}),
        ("n-signups", "Sign-ups", _per("signup", "week", compare=True), {}),
        ("n-purchases", "Purchases", _per("purchase", None, compare=True), {}),
        (
            "n-revenue",
            "Revenue",
            _per("purchase", None, metric="sum", **amount),
            {"format": "compact"},
        ),
        (
            "n-persons",
            "Active persons",
            _per(None, None, metric="unique_persons", compare=True),
            {},
        ),
        (
            "n-order",
            "Average order",
            _per("purchase", None, metric="avg", **amount),
            {"decimals": 2},
        ),
    ]
    return [
        _widget(wid, "number", title, query, (2 * i, 0, 2, 3), {**options})
        for i, (wid, title, query, options) in enumerate(specs)
    ]


def _over_time() -> list[dict[str, Any]]:
    """Counts, persons and amounts per day or week: lines, areas, bars."""
    amount = {"property": "amount", "breakdown": "plan"}
    stacked = {"stack": "stacked"}
    return [
        _widget("pageviews", "line", "Pageviews per day", _per("pageview"), (0, 3, 6, 5)),
        _widget(
            "signups",
            "line",
            "Sign-ups per day, against the previous period",
            _per("signup", compare=True),
            (6, 3, 6, 5),
            {"previous": True},
        ),
        _widget("activations", "area", "Activations per day", _per("activate"), (0, 8, 4, 5)),
        _widget("purchases", "bar", "Purchases per day", _per("purchase"), (4, 8, 4, 5)),
        _widget("event00", "line", "event_00 per day", _per("event_00"), (8, 8, 4, 5)),
        _widget("event01", "line", "event_01 per day", _per("event_01"), (0, 13, 4, 5)),
        _widget("event02", "area", "event_02 per day", _per("event_02"), (4, 13, 4, 5)),
        _widget(
            "activations-week",
            "bar",
            "Activations per week",
            _per("activate", "week"),
            (8, 13, 4, 5),
        ),
        _widget(
            "pageviews-plan",
            "area",
            "Pageviews per day by plan",
            _per("pageview", breakdown="plan"),
            (0, 18, 6, 5),
            stacked,
        ),
        _widget(
            "persons",
            "line",
            "Unique persons per day",
            _per(None, metric="unique_persons"),
            (6, 18, 6, 5),
        ),
        _widget(
            "visitors",
            "line",
            "Unique visitors per day",
            _per("pageview", metric="unique_persons"),
            (0, 23, 6, 5),
        ),
        _widget(
            "buyers-week",
            "area",
            "Unique buyers per week",
            _per("purchase", "week", metric="unique_persons"),
            (6, 23, 6, 5),
        ),
        _widget(
            "revenue-plan",
            "bar",
            "Revenue per day by plan",
            _per("purchase", metric="sum", **amount),
            (0, 28, 6, 5),
            stacked,
        ),
        _widget(
            "order-plan",
            "bar",
            "Average order per week by plan",
            _per("purchase", "week", metric="avg", **amount),
            (6, 28, 6, 5),
            stacked,
        ),
    ]


def _breakdowns() -> list[dict[str, Any]]:
    """Totals by plan, the funnel, retention, a heatmap and tables."""
    by_plan = {"breakdown": "plan"}
    funnel = {
        "type": "funnel",
        "window": {"value": 7, "unit": "day"},
        "steps": [{"event": "pageview"}, {"event": "signup"}, {"event": "purchase"}],
    }
    plan_funnel = {
        "type": "funnel",
        "window": {"value": 14, "unit": "day"},
        "breakdown": "plan",
        "steps": [{"event": "signup"}, {"event": "activate"}, {"event": "purchase"}],
    }
    retention = {
        "type": "retention",
        "start_event": "signup",
        "return_event": "pageview",
        "period": "week",
        "periods": 8,
    }
    revenue = {"metric": "sum", "property": "amount"}
    return [
        _widget(
            "revenue-by-plan",
            "bar",
            "Revenue by plan",
            _per("purchase", None, **revenue, **by_plan),
            (0, 33, 4, 5),
            {"orientation": "horizontal"},
        ),
        _widget(
            "signups-by-plan",
            "donut",
            "Sign-ups by plan",
            _per("signup", None, **by_plan),
            (4, 33, 4, 5),
        ),
        _widget(
            "n-max-order",
            "number",
            "Largest order",
            _per("purchase", None, metric="max", property="amount"),
            (8, 33, 4, 5),
        ),
        _widget(
            "funnel", "funnel", "Pageview → sign-up → purchase (7 days)", funnel, (0, 38, 6, 6)
        ),
        _widget(
            "retention", "retention", "Weekly retention after sign-up", retention, (6, 38, 6, 6)
        ),
        _widget(
            "heatmap",
            "heatmap",
            "Purchases per day and plan",
            _per("purchase", **by_plan),
            (0, 44, 12, 4),
            {"x": "local", "y": "series", "color": "value"},
        ),
        _widget(
            "table-plan",
            "table",
            "Purchases by plan",
            _per("purchase", None, **by_plan),
            (0, 48, 4, 6),
        ),
        _widget(
            "table-revenue-week",
            "table",
            "Revenue per week",
            _per("purchase", "week", **revenue),
            (4, 48, 4, 6),
        ),
        _widget(
            "table-signups-week",
            "table",
            "Sign-ups per week by plan",
            _per("signup", "week", **by_plan),
            (8, 48, 4, 6),
        ),
        _widget(
            "table-funnel-plan", "table", "Activation funnel by plan", plan_funnel, (0, 54, 12, 5)
        ),
    ]


def dashboard_document(days: int) -> dict[str, Any]:
    """30 widgets with metric sources and no range of their own: each takes the
    dashboard's, so a request's range reaches every one of them."""
    widgets = _numbers() + _over_time() + _breakdowns()
    assert len(widgets) == 30 and len({w["id"] for w in widgets}) == 30
    return {
        "title": "Product analytics (benchmark)",
        "name": "product",
        "folder": "bench",
        "time_range": whole_range(days),
        "timezone": "UTC",
        "widgets": widgets,
    }


def baseline_queries(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each widget's query as the metric source runs it (dashboard range and zone filled)."""
    return {
        widget["id"]: metric_query(
            widget["source"]["query"], document["time_range"], document["timezone"]
        )
        for widget in document["widgets"]
    }


# ---------------------------------------------------------------- HTTP


@dataclass
class Answer:
    status: int
    body: bytes
    headers: dict[str, str]
    ms: float

    def json(self) -> Any:
        return orjson.loads(self.body)


@dataclass
class Client:
    """One keep-alive connection with the admin token: with gthread workers, a kept-alive
    connection stays with one worker, so a second request sees the first one's cache."""

    port: int
    token: str
    connection: http.client.HTTPConnection = field(init=False)

    def __post_init__(self) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=HTTP_TIMEOUT)

    def send(self, method: str, path: str, body: Any = None) -> Answer:
        headers = {"Authorization": f"Bearer {self.token}", "Accept": "application/json"}
        data = None
        if body is not None:
            data = orjson.dumps(body)
            headers["Content-Type"] = "application/json"
        began = time.perf_counter()
        self.connection.request(method, path, data, headers)
        response = self.connection.getresponse()
        raw = response.read()
        ms = (time.perf_counter() - began) * 1000
        return Answer(response.status, raw, {k.lower(): v for k, v in response.getheaders()}, ms)

    def close(self) -> None:
        self.connection.close()


SERVER_PEAKS: list[dict[int, int]] = []  # VmHWM (KiB) per process of each server stopped


@contextmanager
def running_server(args: argparse.Namespace, env: dict[str, str]) -> Iterator[int]:
    """A fresh `gaugeboard serve` (bench/events.py's helper stops it by its pid); the peak
    memory of its processes is read just before it is stopped."""
    port = free_port()
    command = [sys.executable, "-m", "gaugeboard", "serve", "--port", str(port)]
    command += ["--workers", str(args.workers)]
    with event_bench.server(command, env, port, "/login"):
        try:
            yield port
        finally:
            SERVER_PEAKS.append(server_peaks_kb(port))


# ---------------------------------------------------------------- measuring


@dataclass
class Sample:
    ms: float
    sources: str
    failed: dict[str, str]
    drawn: int
    kinds: dict[str, int]


def data_request(client: Client, dashboard_id: int, params: dict[str, str] | None = None) -> Sample:
    path = f"/api/dashboard/{dashboard_id}/data"
    if params:
        path += "?" + urlencode(params)
    answer = client.send("GET", path)
    if answer.status != 200:
        raise RuntimeError(f"GET {path} answered {answer.status}: {answer.body[:500]!r}")
    widgets: dict[str, dict[str, Any]] = answer.json()["widgets"]
    failed = {
        wid: f"{out.get('code')}: {out.get('error')}"
        for wid, out in widgets.items()
        if not out.get("ok")
    }
    sources = answer.headers.get("x-gaugeboard-sources", "(no header)")
    kinds: dict[str, int] = {}
    for out in widgets.values():
        kind = str(out.get("kind", "error"))
        kinds[kind] = kinds.get(kind, 0) + 1
    return Sample(answer.ms, sources, failed, len(widgets) - len(failed), kinds)


def baseline_round(client: Client, queries: dict[str, dict[str, Any]]) -> dict[str, float]:
    """Every query posted one after another; each one's time in ms."""
    times = {}
    for wid, query in queries.items():
        answer = client.send("POST", "/api/metric/query", query)
        if answer.status != 200:
            raise RuntimeError(f"query of {wid} answered {answer.status}: {answer.body[:500]!r}")
        times[wid] = answer.ms
    return times


@dataclass
class Results:
    cold: list[Sample] = field(default_factory=list)
    fresh_range: list[Sample] = field(default_factory=list)
    warm: list[Sample] = field(default_factory=list)
    rounds: list[dict[str, float]] = field(default_factory=list)
    chdb: dict[str, Any] | None = None


def chdb_round(args: argparse.Namespace, env: dict[str, str], work: Path) -> dict[str, Any] | None:
    """The 30 queries in chDB on the sealed rows (None, with a note, without chDB)."""
    from gaugeboard.app import create_app
    from gaugeboard.state import EXTENSION_KEY

    app = create_app({"EVENT_SEAL_SECONDS": 0, "DATA_DIR": env["GAUGEBOARD_DATA_DIR"]})
    state = app.extensions[EXTENSION_KEY]
    folder = work / "chdb-baseline"
    folder.mkdir(exist_ok=True)
    try:
        by_pid, _ = native_pid(event_bench.live_files(state), folder)
        chdb = Chdb.load(by_pid, folder)
        by_pid.close()
        if chdb is None:
            return None
        try:
            print("chDB: the same 30 queries, one after another…", flush=True)
            return time_dashboard(chdb, baseline_queries(dashboard_document(args.days)), RUNS)
        finally:
            chdb.close()
    finally:
        state.database.dispose()
        shutil.rmtree(folder, ignore_errors=True)


def measure_session(
    port: int, token: str, dashboard_id: int, results: Results, index: int, days: int
) -> None:
    """One server lifetime, one sample of each variant: the cold request, the warm one,
    then a new range and a baseline round in turns (even runs range first, odd runs
    baseline first), so a machine busier at some moment weighs on every variant alike.
    The cold request has run every query in this worker, so the others find it warm."""
    client = Client(port, token)
    try:
        results.cold.append(data_request(client, dashboard_id))
        results.warm.append(data_request(client, dashboard_id))
        whole = whole_range(days)
        moved = iso(event_bench.day_start(0) + timedelta(seconds=index + 1))
        params = {"from": whole["start"], "to": moved}
        queries = baseline_queries(dashboard_document(days))
        for step in (0, 1) if index % 2 == 0 else (1, 0):
            if step == 0:
                results.fresh_range.append(data_request(client, dashboard_id, params))
            else:
                results.rounds.append(baseline_round(client, queries))
    finally:
        client.close()


# ---------------------------------------------------------------- setup


def cli_last_line(env: dict[str, str], *args: str) -> str:
    output: str = event_bench.gaugeboard(*args, env=env)
    return output.strip().splitlines()[-1]


def seal_everything(env: dict[str, str]) -> float:
    """`gaugeboard events seal` until it seals nothing more; returns seconds."""
    began = time.perf_counter()
    for _ in range(MAX_SEAL_PASSES):
        if cli_last_line(env, "events", "seal").startswith("sealed 0 events"):
            return time.perf_counter() - began
    raise RuntimeError(f"the tail was not sealed after {MAX_SEAL_PASSES} passes")


def create_dashboard(port: int, token: str, days: int) -> int:
    client = Client(port, token)
    try:
        answer = client.send("POST", "/api/dashboard", dashboard_document(days))
    finally:
        client.close()
    if answer.status != 201:
        raise RuntimeError(f"POST /api/dashboard answered {answer.status}: {answer.body!r}")
    return int(answer.json()["dashboard"]["id"])


# ---------------------------------------------------------------- report


def print_failures(samples: list[Sample]) -> None:
    """Every widget that did not draw, once, with its error."""
    failed: dict[str, str] = {}
    for sample in samples:
        failed.update(sample.failed)
    drawn = min(sample.drawn for sample in samples)
    kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(samples[0].kinds.items()))
    print(f"widgets drawn: {drawn}/30 in every batched request ({kinds})")
    for wid, error in sorted(failed.items()):
        print(f"  widget {wid}: ok false — {error}")


def print_table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")


def print_memory() -> None:
    """The load server's peak and the largest of the measuring servers' peaks."""
    if not SERVER_PEAKS or not SERVER_PEAKS[-1]:
        print("server memory: not read (no /proc, or the server tree was not found)")
        return

    def text(peaks: dict[int, int]) -> str:
        each = " + ".join(f"{kb / 1024:,.0f}" for _, kb in sorted(peaks.items()))
        return f"{sum(peaks.values()) / 1024:,.0f} MB ({len(peaks)} processes: {each} MB)"

    measuring = SERVER_PEAKS[-RUNS:]
    largest = max(measuring, key=lambda peaks: sum(peaks.values()))
    if len(SERVER_PEAKS) > RUNS:
        print(f"peak RSS of the server that took the load (sum of VmHWM): {text(SERVER_PEAKS[0])}")
    print(f"peak RSS of a measuring server, largest of {len(measuring)}: {text(largest)}")


def report(args: argparse.Namespace, results: Results, load_rate: float, seal_s: float) -> None:
    totals = [sum(r.values()) for r in results.rounds]
    base = statistics.median(totals)

    def row(label: str, samples: list[Sample]) -> tuple[str, ...]:
        ms = statistics.median(s.ms for s in samples)
        seen = sorted({s.sources for s in samples})
        return (label, f"{ms:,.0f}", " / ".join(seen), f"{ms / base:.2f}×")

    cold = statistics.median(s.ms for s in results.cold)
    ch_rows: list[tuple[str, ...]] = []
    if results.chdb is not None:
        first, middle = results.chdb["first"], results.chdb["median"]
        ch_rows = [
            (
                "chDB: the 30 queries one after another (first round after its load)",
                f"{first:,.0f}",
                "30",
                f"{first / base:.2f}× (cold batched = {cold / first:.2f}× this)",
            ),
            (
                f"chDB: the 30 queries one after another (median of {RUNS} rounds)",
                f"{middle:,.0f}",
                "30",
                f"{middle / base:.2f}× (cold batched = {cold / middle:.2f}× this)",
            ),
        ]
    rows = [
        row("batched, cold (first request after a server start)", results.cold),
        row("batched, cold cache on a running server (new range)", results.fresh_range),
        row("batched, warm (same request again, cache hit)", results.warm),
        ("baseline: 30 × POST /api/metric/query, one after another", f"{base:,.0f}", "30", "1.00×"),
        *ch_rows,
    ]
    print()
    print(
        f"gaugeboard dashboard benchmark — {args.events:,} events, {args.persons:,} persons, "
        f"{args.days} days, 30 widgets, {args.workers} workers, {os.cpu_count()} cores, "
        f"Python {sys.version.split()[0]}"
    )
    loaded = (
        f"loaded at {load_rate:,.0f} events/s, sealed in {seal_s:.1f} s"
        if load_rate
        else "data set reused: load and seal not measured"
    )
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"({loaded}; medians of {RUNS}; query limit {args.query_seconds} s; load {load})")
    print(
        f"(largest load client's peak RSS {event_bench.LOAD_PEAK_KB / 1024:,.0f} MB: "
        "batches are generated into a spool file and streamed from it)"
    )
    print()
    print_table(("variant", "median ms", "queries run", "ratio to baseline"), rows)
    print()
    print_memory()
    print_failures(results.cold + results.fresh_range + results.warm)
    per_query = {
        wid: statistics.median(r[wid] for r in results.rounds) for wid in results.rounds[0]
    }
    slowest = sorted(per_query.items(), key=lambda item: -item[1])[:8]
    print()
    print(
        "slowest baseline queries (median ms): " + ", ".join(f"{w} {ms:,.0f}" for w, ms in slowest)
    )
    if results.chdb is not None:
        ch_slowest = sorted(results.chdb["per_widget"].items(), key=lambda item: -item[1])[:8]
        print(
            "slowest chDB queries (median ms): "
            + ", ".join(f"{w} {ms:,.0f}" for w, ms in ch_slowest)
        )


# ---------------------------------------------------------------- main


def prepare(
    args: argparse.Namespace, env: dict[str, str], work: Path
) -> tuple[str, int, float, float]:
    """Load, seal and create the dashboard; or reuse what a run with the same ``--data``
    left (``bench.json``). Returns the token, dashboard id, load rate and seal seconds."""
    saved = work / "bench.json"
    if saved.exists():
        kept = orjson.loads(saved.read_bytes())
        print(f"reusing the data set in {work} (load and seal not measured)", flush=True)
        return str(kept["token"]), int(kept["dashboard_id"]), 0.0, 0.0
    loaded = (work / "data").exists()  # a set bench/query_cost.py loaded and sealed
    key = "" if loaded else cli_last_line(env, "keys", "create", "bench")
    password = secrets.token_urlsafe(16)
    event_bench.gaugeboard(
        "users", "create", "bench", "--password", password, "--role", "admin", env=env
    )
    token = cli_last_line(env, "tokens", "create", "bench", "--label", "bench")
    rate, seal_seconds = 0.0, 0.0
    if loaded:
        print(f"events already in {work} (bench/query_cost.py): load and seal not measured")
    else:
        print(f"loading {args.events:,} events through POST /e…", flush=True)
        with running_server(args, env) as port:
            rate = event_bench.load_events(
                port, key, args.events, args.persons, args.days, args.clients
            )
        print(f"sealing the tail into Parquet… ({time.strftime('%H:%M:%S')})", flush=True)
        seal_seconds = seal_everything(env)
    with running_server(args, env) as port:
        dashboard_id = create_dashboard(port, token, args.days)
    saved.write_bytes(orjson.dumps({"token": token, "dashboard_id": dashboard_id}))
    return token, dashboard_id, rate, seal_seconds


def run(args: argparse.Namespace, env: dict[str, str], work: Path) -> None:
    token, dashboard_id, rate, seal_seconds = prepare(args, env, work)
    results = Results()
    for index in range(RUNS):
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        print(
            f"server start {index + 1}/{RUNS}: cold, warm, new range, baseline… "
            f"({time.strftime('%H:%M:%S')}, load {load})",
            flush=True,
        )
        with running_server(args, env) as port:
            measure_session(port, token, dashboard_id, results, index, args.days)
    try:
        results.chdb = chdb_round(args, env, work)
    except Exception as error:  # the gaugeboard figures above are still reported
        print(f"chDB baseline failed: {error!r}", file=sys.stderr)
    report(args, results, rate, seal_seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--persons", type=int, default=20_000)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=3, help="load client processes")
    parser.add_argument("--data", help="keep the data set in this folder (reused when present)")
    parser.add_argument(
        "--query-seconds", type=int, default=300, help="the servers' query limit for this run"
    )
    args = parser.parse_args()

    if args.data:
        work = Path(args.data)
        work.mkdir(parents=True, exist_ok=True)
    else:
        work = Path(tempfile.mkdtemp(prefix="gaugeboard-bench-dashboard-"))
    env = {
        **os.environ,
        "GAUGEBOARD_DATA_DIR": str(work / "data"),
        "GAUGEBOARD_EVENT_SEAL_SECONDS": "0",
        "GAUGEBOARD_DASHBOARD_CACHE_SECONDS": str(CACHE_SECONDS),
        "GAUGEBOARD_EVENT_QUERY_TIMEOUT_SECONDS": str(args.query_seconds),
        "BENCH_LOG": str(work / "servers.log"),
    }
    env.pop("GAUGEBOARD_DATABASE_URL", None)
    try:
        run(args, env, work)
    except BaseException:
        log = work / "servers.log"
        if log.exists():
            print("--- server log (last 40 lines) ---", file=sys.stderr)
            print("\n".join(log.read_text(errors="replace").splitlines()[-40:]), file=sys.stderr)
        raise
    finally:
        if not args.data:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
