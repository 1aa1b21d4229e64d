"""View page benchmark: how long a real browser takes to show the 30-widget dashboard of
bench/dashboard.py, warm, against a 1-widget page and the bare data request.

    .venv/bin/python bench/page.py                   # 1M events (quick)
    .venv/bin/python bench/page.py --events 10M      # the issue's set (200,000 persons)
    .venv/bin/python bench/page.py --data /tmp/gb-page-10M   # keep the loaded set, reuse it

It reuses bench/dashboard.py (and through it bench/events.py): the same data set loaded
through POST /e by client processes and sealed with `gaugeboard events seal`, and the same
30-widget dashboard created through POST /api/dashboard, plus a copy holding only its first
chart. One `gaugeboard serve` (Debian's Chromium driven by Playwright) then measures:

- page, 30 widgets: from navigation start until every widget has a data-state other than
  loading and every chart has its svg or canvas (`performance.now()` in the page, which
  counts from navigation start);
- page, 1 widget: the same for the 1-widget copy (the baseline: what the page costs
  around the widgets);
- data request: `fetch` of GET /api/dashboard/<id>/data from the page (what the server
  and the wire cost, without any drawing).

Each is loaded once to warm the caches (server-side source cache, browser cache of the
scripts), then 5 times; figures are medians. The server runs with one worker so that every
load meets the cache the first one filled. Only 127.0.0.1 is contacted; every server
started is stopped; without --data the temporary folder is removed at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
import dashboard as dashboard_bench  # noqa: E402  (bench/dashboard.py)

event_bench = dashboard_bench.event_bench  # bench/events.py

CHROMIUM = os.environ.get("GAUGEBOARD_TEST_CHROMIUM", "/usr/bin/chromium")
GOAL_MS = 2000
PAGE_TIMEOUT_MS = 600_000
SETUP_FILE = "bench-page.json"
# Every widget settled, and every chart drawn; answers performance.now() (ms since the
# navigation started) or false.
DRAWN = """() => {
  const widgets = [...document.querySelectorAll('.gb-widget')];
  if (widgets.length === 0) return false;
  for (const widget of widgets) {
    const state = widget.dataset.state;
    if (!state || state === 'loading') return false;
    if (widget.dataset.kind === 'vega-lite' && state === 'rendered'
        && !widget.querySelector('.gb-chart svg, .gb-chart canvas')) return false;
  }
  return performance.now();
}"""
FETCH = """async (url) => {
  const began = performance.now();
  const response = await fetch(url, {headers: {Accept: 'application/json'}, cache: 'no-store'});
  const body = await response.json();
  const widgets = Object.keys(body.widgets || {}).length;
  return {ms: performance.now() - began, status: response.status, widgets};
}"""


def event_count(text: str) -> int:
    """1M, 10M, 250k or a plain number."""
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1:].lower(), 1)
    number = text[:-1] if scale != 1 else text
    try:
        value = int(float(number) * scale)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of events: {text!r}") from None
    if value < event_bench.BATCH:
        raise argparse.ArgumentTypeError(f"at least {event_bench.BATCH} events")
    return value


# ---------------------------------------------------------------- setup


@dataclass
class Setup:
    password: str
    token: str
    full_id: int
    single_id: int
    load_rate: float
    seal_seconds: float


def single_document(days: int) -> dict[str, Any]:
    """The 30-widget document's first chart alone, under another name."""
    document = dashboard_bench.dashboard_document(days)
    chart = next(w for w in document["widgets"] if w["type"] == "line")
    return {
        **document,
        "name": "product-one",
        "title": "One widget (benchmark)",
        "widgets": [chart],
    }


def post_dashboard(port: int, token: str, document: dict[str, Any]) -> int:
    client = dashboard_bench.Client(port, token)
    try:
        answer = client.send("POST", "/api/dashboard", document)
    finally:
        client.close()
    if answer.status != 201:
        raise RuntimeError(f"POST /api/dashboard answered {answer.status}: {answer.body!r}")
    return int(answer.json()["dashboard"]["id"])


def set_up(args: argparse.Namespace, env: dict[str, str]) -> Setup:
    """Users, the data set and both dashboards (bench/dashboard.py's steps)."""
    key = dashboard_bench.cli_last_line(env, "keys", "create", "bench")
    password = secrets.token_urlsafe(16)
    event_bench.gaugeboard(
        "users", "create", "bench", "--password", password, "--role", "admin", env=env
    )
    token = dashboard_bench.cli_last_line(env, "tokens", "create", "bench", "--label", "bench")
    print(f"loading {args.events:,} events through POST /e…", flush=True)
    with dashboard_bench.running_server(args, env) as port:
        rate = event_bench.load_events(
            port, key, args.events, args.persons, args.days, args.clients
        )
    print("sealing the tail into Parquet…", flush=True)
    seal_seconds = dashboard_bench.seal_everything(env)
    with dashboard_bench.running_server(args, env) as port:
        full_id = post_dashboard(port, token, dashboard_bench.dashboard_document(args.days))
        single_id = post_dashboard(port, token, single_document(args.days))
    return Setup(password, token, full_id, single_id, rate, seal_seconds)


def stored_setup(args: argparse.Namespace, work: Path, env: dict[str, str]) -> Setup:
    """The setup kept in --data from an earlier run of the same size, or a new one."""
    saved = work / SETUP_FILE
    if saved.exists():
        raw = json.loads(saved.read_text())
        if raw.pop("size") == [args.events, args.persons, args.days]:
            print(f"reusing the data set in {work}", flush=True)
            return Setup(**raw)
        raise SystemExit(f"{work} holds a data set of another size: use another --data folder")
    setup = set_up(args, env)
    size = {"size": [args.events, args.persons, args.days]}
    saved.write_text(json.dumps({**size, **setup.__dict__}))
    return setup


# ---------------------------------------------------------------- measuring


@dataclass
class Load:
    ms: float
    states: dict[str, int]


def load_page(page: Any, url: str) -> Load:
    page.goto(url, wait_until="commit", timeout=PAGE_TIMEOUT_MS)
    handle = page.wait_for_function(DRAWN, timeout=PAGE_TIMEOUT_MS, polling="raf")
    ms = float(handle.json_value())
    states: dict[str, int] = page.evaluate(
        "() => [...document.querySelectorAll('.gb-widget')].reduce((seen, w) => "
        "({...seen, [w.dataset.state]: (seen[w.dataset.state] || 0) + 1}), {})"
    )
    return Load(ms, states)


def fetch_data(page: Any, path: str) -> float:
    answer = page.evaluate(FETCH, path)
    if answer["status"] != 200:
        raise RuntimeError(f"GET {path} answered {answer['status']}")
    return float(answer["ms"])


def sign_in(page: Any, base_url: str, password: str) -> None:
    page.goto(f"{base_url}/login")
    page.fill("#gb-username", "bench")
    page.fill("#gb-password", password)
    with page.expect_navigation():
        page.click("button[type=submit]")
    if "/login" in page.url:
        raise RuntimeError("signing in as bench failed")


@dataclass
class Measured:
    full: list[Load]
    single: list[Load]
    data_ms: list[float]


def measure(args: argparse.Namespace, base_url: str, setup: Setup) -> Measured:
    from playwright.sync_api import sync_playwright

    full_url = f"{base_url}/dashboards/bench/product"
    single_url = f"{base_url}/dashboards/bench/product-one"
    data_path = f"/api/dashboard/{setup.full_id}/data"
    result = Measured([], [], [])
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        sign_in(page, base_url, setup.password)
        print("warming up (the first load runs every query)…", flush=True)
        load_page(page, full_url)
        load_page(page, single_url)
        for index in range(args.runs):
            print(f"run {index + 1}/{args.runs}", flush=True)
            # Turns: which page goes first changes each run.
            pair = [(full_url, result.full), (single_url, result.single)]
            for url, samples in pair if index % 2 == 0 else reversed(pair):
                samples.append(load_page(page, url))
            result.data_ms.append(fetch_data(page, data_path))
        browser.close()
    return result


# ---------------------------------------------------------------- report


def report(args: argparse.Namespace, setup: Setup, result: Measured) -> None:
    base = statistics.median(load.ms for load in result.single)
    full = statistics.median(load.ms for load in result.full)
    data = statistics.median(result.data_ms)

    def states(loads: list[Load]) -> str:
        seen = sorted({json.dumps(load.states, sort_keys=True) for load in loads})
        return " / ".join(s.strip("{}").replace('"', "") for s in seen)

    rows = [
        ("page, 30 widgets (navigation → all drawn)", f"{full:,.0f}", f"{full / base:.2f}×"),
        ("page, 1 widget (baseline)", f"{base:,.0f}", "1.00×"),
        ("data request alone, 30 widgets (fetch)", f"{data:,.0f}", f"{data / base:.2f}×"),
    ]
    print()
    print(
        f"gaugeboard view page benchmark — {args.events:,} events, {args.persons:,} persons, "
        f"{args.days} days, {args.workers} worker, {os.cpu_count()} cores, "
        f"Python {sys.version.split()[0]}, Chromium (headless)"
    )
    print(
        f"(loaded at {setup.load_rate:,.0f} events/s, sealed in {setup.seal_seconds:.1f} s; "
        f"warm: medians of {args.runs} loads after one warm-up load)"
    )
    print()
    dashboard_bench.print_table(("variant", "median ms", "ratio to 1-widget page"), rows)
    print()
    print(f"widget states, 30-widget page: {states(result.full)}")
    print(f"widget states, 1-widget page: {states(result.single)}")
    verdict = "met" if full <= GOAL_MS else "missed"
    print(f"goal (30 widgets drawn within {GOAL_MS:,} ms warm): {verdict}")


# ---------------------------------------------------------------- main


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--events", type=event_count, default=1_000_000, help="1M, 10M, …")
    parser.add_argument("--persons", type=int, default=0, help="default: events / 50")
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--clients", type=int, default=3, help="load client processes")
    parser.add_argument("--runs", type=int, default=event_bench.RUNS)
    parser.add_argument("--data", type=Path, help="keep the data set here and reuse it")
    args = parser.parse_args()
    args.persons = args.persons or max(1, args.events // 50)
    return args


def main() -> None:
    args = parse_args()
    work = args.data or Path(tempfile.mkdtemp(prefix="gaugeboard-bench-page-"))
    work.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "GAUGEBOARD_DATA_DIR": str(work / "data"),
        "GAUGEBOARD_EVENT_SEAL_SECONDS": "0",
        "GAUGEBOARD_DASHBOARD_CACHE_SECONDS": str(dashboard_bench.CACHE_SECONDS),
        "BENCH_LOG": str(work / "servers.log"),
    }
    env.pop("GAUGEBOARD_DATABASE_URL", None)
    try:
        setup = stored_setup(args, work, env)
        began = time.perf_counter()
        with dashboard_bench.running_server(args, env) as port:
            result = measure(args, f"http://127.0.0.1:{port}", setup)
        print(f"(measured in {time.perf_counter() - began:.0f} s)")
        report(args, setup, result)
    finally:
        if args.data is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
