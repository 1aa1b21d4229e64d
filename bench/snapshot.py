"""Snapshot benchmark: a dashboard drawn on the server by gaugeboard's renderer
(``GET /api/dashboard/<id>/snapshot``, no browser) against the same page drawn by
Chromium through Playwright (``page.screenshot``), in the same run, on the same catalog.

    .venv/bin/python bench/snapshot.py                # 10 warm draws each, 50 for memory
    .venv/bin/python bench/snapshot.py --draws 20 --memory-draws 200

Two dashboards: the demo's "Product KPIs" (8 widgets: four numbers with sparklines, three
charts and a table, over the demo events) and a 6-chart dashboard (bar, line, area,
scatter, donut and a heat map over inline data). Each side is drawn once to warm up (the
renderer's vl-convert engine, the server's source cache, the browser's scripts), then
``--draws`` times; figures are medians. The browser side is one Chromium kept open,
signed in, that loads the page, waits until every widget has settled and every chart has
its SVG, and takes a full-page PNG screenshot at the same 1200 px width. The renderer side
is the snapshot endpoint called in-process through Flask's test client (PNG, width 1200),
twice over: "data unchanged" (the renderer's chart and image caches answer, as for any
snapshot whose data did not change) and "data changed" (both caches emptied before each
draw, so every chart goes through Vega and the page is rasterised again). Memory: this
process's RSS after the warm-up and after ``--memory-draws`` more snapshots.
Only 127.0.0.1 is contacted; the server started is stopped and the folder removed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from tests.live_server import running_server  # noqa: E402

from gaugeboard.app import create_app  # noqa: E402
from gaugeboard.auth.api_tokens import create_token  # noqa: E402
from gaugeboard.dashboards.service import create_dashboard, find_by_path  # noqa: E402
from gaugeboard.demo import DEMO_ADMIN, seed_steps  # noqa: E402
from gaugeboard.demo_dashboards import product_kpis_dashboard  # noqa: E402
from gaugeboard.render import chart_pool  # noqa: E402
from gaugeboard.render.snapshot import forget_drawings  # noqa: E402
from gaugeboard.store.users import find_user_by_name  # noqa: E402

CHROMIUM = os.environ.get("GAUGEBOARD_TEST_CHROMIUM", "/usr/bin/chromium")
WIDTH = 1200
GOAL_MS, GOAL_RATIO, GOAL_MB = 150, 10, 100
POOL = 2  # renderer processes of the third mode (SNAPSHOT_PROCESSES)
MODES = ("data unchanged", "data changed", f"data changed, {POOL} renderer processes")
DRAWN = """() => {
  const widgets = [...document.querySelectorAll('.gb-widget')];
  if (widgets.length === 0) return false;
  for (const widget of widgets) {
    const state = widget.dataset.state;
    if (!state || state === 'loading') return false;
    if (widget.dataset.kind === 'vega-lite' && state === 'rendered'
        && !widget.querySelector('.gb-chart svg, .gb-chart canvas')) return false;
  }
  return true;
}"""


def _chart(widget_id: str, x: int, y: int, mark: Any, encoding: dict[str, Any]) -> dict[str, Any]:
    rows = [
        {"day": f"2026-11-{d:02d}", "n": (d * 37) % 50 + 5, "kind": "abc"[d % 3], "m": d % 7}
        for d in range(1, 31)
    ]
    return {
        "id": widget_id,
        "type": "vega-lite",
        "title": widget_id.replace("-", " ").capitalize(),
        "position": {"x": x, "y": y, "w": 6, "h": 5},
        "source": {"type": "inline", "data": rows},
        "spec": {"mark": mark, "encoding": encoding},
    }


def six_charts() -> dict[str, Any]:
    day = {"field": "day", "type": "temporal"}
    n = {"field": "n", "type": "quantitative"}
    kind = {"field": "kind", "type": "nominal"}
    return {
        "title": "Six charts (benchmark)",
        "name": "six-charts",
        "folder": "bench",
        "widgets": [
            _chart("bars", 0, 0, "bar", {"x": day, "y": n, "color": kind}),
            _chart("lines", 6, 0, "line", {"x": day, "y": n, "color": kind}),
            _chart("area", 0, 5, "area", {"x": day, "y": n}),
            _chart("scatter", 6, 5, "point", {"x": n, "y": {"field": "m", "type": "quantitative"}}),
            _chart("donut", 0, 10, {"type": "arc", "innerRadius": 40}, {"theta": n, "color": kind}),
            _chart(
                "heat",
                6,
                10,
                "rect",
                {"x": {"field": "m", "type": "ordinal"}, "y": kind, "color": n},
            ),
        ],
    }


def seed(settings: dict[str, Any]) -> tuple[str, str, list[tuple[str, int, str]]]:
    """The demo's data and dashboards, the 6-chart one, an API token; the admin's password,
    the token, and (label, id, page path) of each measured dashboard."""
    app = create_app(settings)
    state = app.extensions["gaugeboard"]
    with state.database.sessions() as db:
        password = ""
        for name, step in seed_steps(db, state.datasets):
            said = step()
            if name == "admin user" and said:
                password = said
        admin = find_user_by_name(db, DEMO_ADMIN)
        assert admin is not None
        six = create_dashboard(db, six_charts(), admin.id)
        db.commit()
        _token, token = create_token(db, DEMO_ADMIN, "bench", 1)
        db.commit()
        kpis = product_kpis_dashboard()
        found = find_by_path(db, f"{kpis['folder']}/{kpis['name']}")
        assert found is not None
        measured = [
            (f"Product KPIs ({len(kpis['widgets'])} widgets)", found.id, "product/kpis"),
            ("Six charts (6 widgets)", six.id, "bench/six-charts"),
        ]
    state.database.dispose()
    return password, token, measured


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


TICK_MS = 1000 / os.sysconf("SC_CLK_TCK")


def descendants_cpu_ms() -> float:
    """CPU time (user + system) of every living process below this one: the browser's
    processes and the server's, so that the browser side is charged for the page's data
    requests as the renderer side is for its own."""
    parents: dict[int, int] = {}
    used: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry.name)
        parents[pid] = int(fields[1])
        used[pid] = (int(fields[11]) + int(fields[12])) * TICK_MS
    mine = {os.getpid()}
    grew = True
    while grew:
        below = {pid for pid, parent in parents.items() if parent in mine} - mine
        grew = bool(below)
        mine |= below
    mine.discard(os.getpid())
    return sum(used[pid] for pid in mine)


def own_cpu_ms() -> float:
    return time.process_time() * 1000


@dataclass
class Timing:
    wall_ms: float
    cpu_ms: float


def timed(action: Any, draws: int, cpu: Any) -> Timing:
    """Median wall time and CPU time (``cpu()`` read before and after) of ``draws`` calls
    after one warm-up."""
    action()  # warm-up
    walls, cpus = [], []
    for _ in range(draws):
        used = cpu()  # read before the clock starts: the /proc walk is not the draw's
        began = time.perf_counter()
        action()
        walls.append((time.perf_counter() - began) * 1000)
        cpus.append(cpu() - used)
    return Timing(statistics.median(walls), statistics.median(cpus))


def pooled_cpu_ms() -> float:
    """This process's CPU and its renderer processes' (below the fork server)."""
    return own_cpu_ms() + descendants_cpu_ms()


def pool_rss_mb() -> float:
    """Resident memory of every process below this one (the fork server and the renderer
    processes, when nothing else was started)."""
    total = 0.0
    for pid in _below_me() - {os.getpid()}:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1]) / 1024
    return total


def _below_me() -> set[int]:
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int(
                    (entry / "stat").read_text().rsplit(")", 1)[1].split()[1]
                )
            except OSError:
                continue
    mine = {os.getpid()}
    while below := {pid for pid, parent in parents.items() if parent in mine} - mine:
        mine |= below
    return mine


def renderer_side(
    settings: dict[str, Any], token: str, dashboard_id: int, draws: int, keep_pool: bool = False
) -> tuple[Timing, Timing, Timing]:
    """The snapshot's timing with its data unchanged (cache hits), then changed (the
    renderer's caches emptied before each draw), then changed with ``POOL`` renderer
    processes drawing the charts side by side."""
    app = create_app(settings)
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}

    def draw() -> None:
        answer = client.get(
            f"/api/dashboard/{dashboard_id}/snapshot?width={WIDTH}", headers=headers
        )
        if answer.status_code != 200 or not answer.data.startswith(b"\x89PNG"):
            raise RuntimeError(f"snapshot answered {answer.status_code}: {answer.data[:200]!r}")

    def redraw() -> None:
        forget_drawings()
        draw()

    unchanged, changed = timed(draw, draws, own_cpu_ms), timed(redraw, draws, own_cpu_ms)
    chart_pool.configure(POOL)
    try:
        pooled = timed(redraw, draws, pooled_cpu_ms)
    finally:
        if not keep_pool:
            chart_pool.configure(0)
    return unchanged, changed, pooled


def memory_growth(
    settings: dict[str, Any], token: str, ids: list[int], draws: int
) -> tuple[float, float]:
    app = create_app(settings)
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    for dashboard_id in ids:
        client.get(f"/api/dashboard/{dashboard_id}/snapshot", headers=headers)
    before = rss_mb()
    for number in range(draws):
        client.get(f"/api/dashboard/{ids[number % len(ids)]}/snapshot", headers=headers)
    return before, rss_mb() - before


def browser_side(base_url: str, password: str, paths: list[str], draws: int) -> list[Timing]:
    from playwright.sync_api import sync_playwright

    results = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        page = browser.new_page(viewport={"width": WIDTH, "height": 900})
        page.goto(f"{base_url}/login")
        page.fill("#gb-username", DEMO_ADMIN)
        page.fill("#gb-password", password)
        with page.expect_navigation():
            page.click("button[type=submit]")
        for path in paths:

            def shot(path: str = path) -> None:
                page.goto(f"{base_url}/dashboards/{path}", wait_until="commit")
                page.wait_for_function(DRAWN, timeout=120_000, polling="raf")
                page.screenshot(full_page=True, type="png")

            results.append(timed(shot, draws, descendants_cpu_ms))
        browser.close()
    return results


def verdict(met: bool) -> str:
    return "met" if met else "MISSED"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--draws", type=int, default=10)
    parser.add_argument("--memory-draws", type=int, default=50)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="gaugeboard-bench-snapshot-"))
    try:
        settings: dict[str, Any] = {
            "DATA_DIR": str(folder / "data"),
            "DATABASE_URL": f"sqlite:///{folder}/catalog.db",
            "EVENT_SEAL_SECONDS": 0,
            "STATUS_FLUSH_SECONDS": 0,
            "JOBS_POLL_SECONDS": 0,
            "THUMBNAIL_REFRESH_SECONDS": 0,
        }
        print("seeding the demo data and dashboards…", flush=True)
        password, token, measured = seed(settings)
        ours = []
        pooled_mb = 0.0
        for _label, i, _path in measured:
            ours.append(renderer_side(settings, token, i, args.draws, keep_pool=True))
            pooled_mb = max(pooled_mb, pool_rss_mb())
            chart_pool.shutdown()
        before, growth = memory_growth(
            settings, token, [i for _label, i, _path in measured], args.memory_draws
        )
        env = {f"GAUGEBOARD_{name}": str(value) for name, value in settings.items()}
        with running_server(env, folder / "serve.log") as base_url:
            browser = browser_side(base_url, password, [p for _l, _i, p in measured], args.draws)
        print()
        print(
            "| dashboard | renderer wall ms | Chromium wall ms | wall ratio "
            "| renderer CPU ms | Chromium + server CPU ms | CPU ratio |"
        )
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        for (label, _i, _p), pair, theirs in zip(measured, ours, browser, strict=True):
            for mode, mine in zip(MODES, pair, strict=True):
                print(
                    f"| {label}, {mode} | {mine.wall_ms:.0f} | {theirs.wall_ms:.0f} "
                    f"| {theirs.wall_ms / mine.wall_ms:.1f}x | {mine.cpu_ms:.0f} "
                    f"| {theirs.cpu_ms:.0f} | {theirs.cpu_ms / max(mine.cpu_ms, 1):.1f}x |"
                )
        print()
        print("| memory (RSS of the snapshot process) | MB |")
        print("| --- | ---: |")
        print(f"| after the warm-up | {before:.0f} |")
        print(f"| growth over {args.memory_draws} more snapshots | {growth:.1f} |")
        print(f"| the {POOL} renderer processes of the third mode, after it | {pooled_mb:.0f} |")
        load = os.getloadavg()[0]
        print()
        for mode, index in zip(MODES, (0, 1, 2), strict=True):
            six, six_browser = ours[1][index], browser[1]
            least_ratio = min(
                b.wall_ms / o[index].wall_ms for b, o in zip(browser, ours, strict=True)
            )
            print(
                f"goals, {mode}: 6 widgets <= {GOAL_MS} ms warm: "
                f"{verdict(six.wall_ms <= GOAL_MS)} ({six.wall_ms:.0f} ms); >= {GOAL_RATIO}x "
                f"faster than the browser: {verdict(least_ratio >= GOAL_RATIO)} "
                f"(six charts {six_browser.wall_ms / six.wall_ms:.1f}x)"
            )
        print(
            f"memory growth < {GOAL_MB} MB: {verdict(growth < GOAL_MB)}; load average "
            f"{load:.1f} on {os.cpu_count()} CPUs"
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
