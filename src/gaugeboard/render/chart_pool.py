"""Charts of one snapshot drawn side by side by a few renderer processes.

Vega spends most of a chart's time measuring its texts, one call into vl-convert's Rust
per text, with no cache and no way for a caller to provide one; and vl-convert runs one
conversion at a time per process. A dashboard whose data changed is therefore drawn in
as many times one chart's time as it has charts. With ``SNAPSHOT_PROCESSES`` of 2 or more,
the charts a snapshot lacks are drawn by that many processes at once (a
``ProcessPoolExecutor`` started by a fork server, so no server thread is forked), and
their SVGs go into ``CHART_CACHE`` before the snapshot is composed, which then finds them
there. Each process holds its own Vega runtime (about 150–250 MB), so the default is 0:
charts are drawn in the server's process, one after another.

A process that dies is replaced by a new pool at the next snapshot; a chart that fails in
a process is drawn again in the server's process, where its error is handled as before.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from gaugeboard.render.charts import CHART_CACHE, chart_key, draw_chart
from gaugeboard.render.theme import Palette

log = logging.getLogger(__name__)
WAIT_SECONDS = 120.0  # a chart takes tens of milliseconds; this only bounds a stuck process

_lock = threading.Lock()
_processes = 0
_pool: ProcessPoolExecutor | None = None
_pool_size = 0


def configure(processes: int) -> None:
    """Set how many renderer processes draw a snapshot's charts (0 or 1: none, drawn in
    this process). A pool already started with another size is stopped."""
    global _processes, _pool
    with _lock:
        _processes = max(0, processes)
        if _pool is not None and _pool_size != _processes:
            _pool.shutdown(wait=False, cancel_futures=True)
            _pool = None


def processes() -> int:
    return _processes


def _started() -> ProcessPoolExecutor | None:
    global _pool, _pool_size
    with _lock:
        if _processes < 2:
            return None
        if _pool is None:
            context = multiprocessing.get_context("forkserver")
            _pool = ProcessPoolExecutor(max_workers=_processes, mp_context=context)
            _pool_size = _processes
        return _pool


def _forget(pool: ProcessPoolExecutor) -> None:
    global _pool
    with _lock:
        if _pool is pool:
            _pool = None
    pool.shutdown(wait=False, cancel_futures=True)


def shutdown() -> None:
    """Stop the renderer processes (tests, and a server that stops)."""
    global _pool
    with _lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)


def predraw(charts: list[tuple[dict[str, Any], Palette]]) -> int:
    """Draw the charts ``CHART_CACHE`` lacks in the renderer processes, when there are
    some and two or more charts are missing; how many were drawn there."""
    missing: dict[bytes, tuple[dict[str, Any], Palette]] = {}
    for spec, palette in charts:
        key = chart_key(spec, palette)
        if CHART_CACHE.get(key) is None:
            missing.setdefault(key, (spec, palette))
    if len(missing) < 2:
        return 0
    pool = _started()
    if pool is None:
        return 0
    try:
        futures: dict[bytes, Future[str]] = {
            key: pool.submit(draw_chart, spec, palette) for key, (spec, palette) in missing.items()
        }
    except BrokenProcessPool:
        _forget(pool)
        return 0
    drawn = 0
    for key, future in futures.items():
        try:
            CHART_CACHE.put(key, future.result(timeout=WAIT_SECONDS))
            drawn += 1
        except BrokenProcessPool:
            log.warning("a chart renderer process stopped; charts are drawn in this process")
            _forget(pool)
            break
        except Exception as exc:  # drawn again in this process, which reports it
            log.info("a chart failed in a renderer process: %s", exc)
    return drawn
