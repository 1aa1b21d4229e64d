"""Retake docs/screenshots/: every page of a fresh demo, in the light and the dark theme.

    .venv/bin/python tools/screenshots.py                 # all pages, both themes
    .venv/bin/python tools/screenshots.py --only status,admin   # pages whose name has one

It starts `gaugeboard demo` on a free loopback port with a temporary instance folder,
reads the admin password it prints, and drives Debian's Chromium (Playwright) through
each page of PAGES at 1280 × 800, choosing the theme as the header's picker does (its
`gb_theme` cookie); a page's `steps` do what a user would first (open a widget's download
menu, run a query in the explorer). Each picture is saved as
docs/screenshots/<page>-<theme>.png, reduced to a 256-colour palette when Pillow is
installed (about a third of the size). The server is stopped and the folder removed at the
end. Nothing outside 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
CHROMIUM = os.environ.get("GAUGEBOARD_TEST_CHROMIUM", "/usr/bin/chromium")
VIEWPORT = {"width": 1280, "height": 800}
THEMES = ("light", "dark")
SETTLED = """() => !document.querySelector('.gb-widget[data-state=loading]')
  && [...document.querySelectorAll('.gb-widget[data-kind=vega-lite][data-state=rendered]')]
     .every((w) => w.querySelector('svg, canvas'))"""


EXPLORED = """() => document.querySelector('#gb-x-chart[data-state=rendered] svg')
  && document.querySelector('#gb-x-table[data-state=rendered] tbody tr')
  && document.querySelector('#gb-x-dashboard option:not([value=""])')"""


@dataclass(frozen=True)
class Shot:
    name: str
    path: str
    signed_in: bool = True
    ready: str = SETTLED  # a JS function: true once the page has drawn what it will
    # What a user does on the page before the picture (open a menu, run a query).
    steps: Callable[[Any], None] | None = None
    full_page: bool = False


def open_download_menu(page: Any) -> None:
    """The dashboard's controls with one widget's download menu open."""
    page.wait_for_function(SETTLED, timeout=60_000)
    widget = page.locator(".gb-widget", has_text="Purchases per week").first
    widget.locator(".gb-widget-downloads summary").click()
    widget.locator(".gb-download-list button").first.wait_for()


def run_metric(page: Any) -> None:
    """Sign-ups per week by country over the last 90 days, as bars, run."""
    page.wait_for_selector("#gb-x-event option[value=signup]", state="attached")
    page.select_option("#gb-x-event", "signup")
    page.select_option("#gb-x-bucket", "week")
    page.select_option("#gb-x-chart", "bar")
    page.select_option("#gb-x-range", "last_90_days")
    page.select_option("#gb-x-breakdown", "country")
    page.fill("#gb-x-limit", "5")
    page.click("#gb-x-run")


def run_funnel(page: Any) -> None:
    """Sign-up, activation, purchase of a yearly price (a step filter), by plan, run."""
    page.wait_for_selector("#gb-x-event option[value=signup]", state="attached")
    page.check("input[name=mode][value=funnel]")
    page.click("#gb-x-add-step")
    for index, event in enumerate(("signup", "activate", "purchase"), start=1):
        page.select_option(f"#gb-x-steps > li:nth-child({index}) .gb-x-step-event", event)
    last = page.locator("#gb-x-steps > li:nth-child(3)")
    last.locator(".gb-x-step-add-filter").click()
    last.locator(".gb-x-filter-field").fill("amount")
    last.locator(".gb-x-filter-op").select_option(">")
    last.locator(".gb-x-filter-value").fill("100")
    page.select_option("#gb-x-breakdown", "plan")
    page.select_option("#gb-x-range", "last_90_days")
    page.click("#gb-x-run")


PAGES = [
    Shot("login", "/login", signed_in=False),
    Shot("home", "/"),
    Shot("browse", "/dashboards/"),
    Shot("dashboard-welcome", "/dashboards/examples/welcome"),
    Shot("dashboard-product-kpis", "/dashboards/product/kpis"),
    Shot("dashboard-funnel-retention", "/dashboards/product/funnel-and-retention"),
    Shot("dashboard-service-health", "/dashboards/operations/service-health"),
    Shot("dashboard-url-fed", "/dashboards/examples/url-fed"),
    Shot("dashboard-data-set", "/dashboards/examples/data-set"),
    Shot("notebook", "/dashboards/examples/regional-report"),
    Shot("editor", "/dashboards-edit/product/kpis"),
    Shot(
        "dashboard-controls",
        "/dashboards/product/kpis?range=last_30_days",
        steps=open_download_menu,
    ),
    Shot("explorer", "/explore", ready="() => true"),  # no query run yet: its empty state
    Shot("explorer-metric", "/explore", ready=EXPLORED, steps=run_metric, full_page=True),
    Shot("explorer-funnel", "/explore", ready=EXPLORED, steps=run_funnel, full_page=True),
    Shot("datasets", "/datasets/"),
    Shot("dataset", "/datasets/1"),
    Shot("status", "/status"),
    Shot("admin-users", "/admin/"),
    Shot("admin-roles", "/admin/roles"),
    Shot("admin-tokens", "/admin/tokens"),
    Shot("admin-keys", "/admin/keys"),
    Shot("admin-jobs", "/admin/jobs"),
    Shot("admin-settings", "/admin/settings"),
    Shot("admin-activity", "/admin/activity"),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def demo_server(folder: Path) -> Iterator[tuple[str, str]]:
    """A `gaugeboard demo` in ``folder``; yields (base URL, admin password)."""
    port = free_port()
    env = {**os.environ, "GAUGEBOARD_DATA_DIR": str(folder / "data")}
    env["PYTHONPATH"] = str(ROOT / "src")
    log = (folder / "demo.log").open("w+")
    process = subprocess.Popen(
        [sys.executable, "-m", "gaugeboard", "demo", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        password = wait_for_password(folder / "demo.log", process)
        wait_for_port(port, process)
        yield base, password
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        log.close()


def wait_for_password(log: Path, process: subprocess.Popen[bytes], timeout: float = 600) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = re.search(r"password:\s+(\S+)", log.read_text())
        if found:
            return found.group(1)
        if process.poll() is not None:
            raise SystemExit(f"the demo stopped:\n{log.read_text()}")
        time.sleep(0.5)
    raise SystemExit("the demo printed no password in time")


def wait_for_port(port: int, process: subprocess.Popen[bytes], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("the demo server stopped")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.3)
    raise SystemExit("the demo server did not listen in time")


def smaller_png(data: bytes) -> bytes:
    """The picture on a 256-colour palette when Pillow is there, else as it is."""
    try:
        from PIL import Image
    except ImportError:
        return data
    with Image.open(io.BytesIO(data)) as image:
        reduced = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
        out = io.BytesIO()
        reduced.save(out, format="PNG", optimize=True)
    return out.getvalue() if out.tell() < len(data) else data


def sign_in(page: Any, base: str, password: str) -> None:
    page.goto(f"{base}/login")
    page.fill("#gb-username", "admin")
    page.fill("#gb-password", password)
    with page.expect_navigation():
        page.click("main button[type=submit]")


def take(browser: Any, base: str, password: str, shot: Shot, theme: str) -> Path:
    context = browser.new_context(viewport=VIEWPORT, color_scheme="light")
    context.add_cookies([{"name": "gb_theme", "value": theme, "url": base}])
    page = context.new_page()
    try:
        if shot.signed_in:
            sign_in(page, base, password)
        page.goto(f"{base}{shot.path}")
        page.wait_for_load_state("networkidle")
        if shot.steps:
            shot.steps(page)
        page.wait_for_function(shot.ready, timeout=60_000)
        target = OUT / f"{shot.name}-{theme}.png"
        target.write_bytes(smaller_png(page.screenshot(full_page=shot.full_page)))
        return target
    finally:
        context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--only", default="", help="only pages whose name contains one of these (a,b,…)"
    )
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="gb-screenshots-"))
    try:
        with demo_server(folder) as (base, password), sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            for shot in PAGES:
                if not any(part in shot.name for part in args.only.split(",")):
                    continue
                for theme in THEMES:
                    target = take(browser, base, password, shot, theme)
                    size = target.stat().st_size // 1024
                    print(f"{target.relative_to(ROOT)}  {size} KB", flush=True)
            browser.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
