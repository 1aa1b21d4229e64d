"""The open day's files under a steady load: a day of seal passes, each sealing what arrived
since the last, with the open day's files merged size-tiered (``compact_open_days``, what
the sealing job does) against the same passes without merging (every pass's file kept,
what the job did before), in one run.

    .venv/bin/python bench/open_day.py                  # 240 passes of 2,000 events
    .venv/bin/python bench/open_day.py --passes 1440    # as many as a day of one a minute

For each variant it prints the live files at the end, the time the passes took (sealing
plus merging) and the median of a query over today that rollups cannot answer (unique
persons per hour) and of one they can (count per hour). Everything runs in a temporary
folder that is removed at the end; nothing is contacted.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))
from events import median_ms  # noqa: E402

NAMES = ["pageview", "signup", "purchase", "click"]


def pass_events(number: int, passes: int, size: int, start: datetime) -> list[dict[str, Any]]:
    """One pass's events: ``size`` events within the pass's share of today so far."""
    span = (time.time() - 1 - start.timestamp()) / passes
    moment = start.timestamp() + number * span
    return [
        {
            "_n": NAMES[i % len(NAMES)],
            "_p": f"user-{(number * 7919 + i) % 5000}",
            "_t": moment + i * span / size,
            "plan": ["free", "pro"][i % 2],
        }
        for i in range(size)
    ]


def run_day(work: Path, passes: int, size: int, merge: bool, memory_rows: int | None) -> list[str]:
    """Seal ``passes`` passes of ``size`` events into a fresh folder; one table row."""
    from gaugeboard.app import create_app
    from gaugeboard.events.analytics import run_query
    from gaugeboard.events.ingest import store_events
    from gaugeboard.events.keys import create_event_key
    from gaugeboard.events.segments import compact_open_days, seal_tail
    from gaugeboard.events.validation import parse_events
    from gaugeboard.state import EXTENSION_KEY
    from gaugeboard.store.events import live_segments

    settings: dict[str, Any] = {"EVENT_SEAL_SECONDS": 0, "DATA_DIR": str(work)}
    if memory_rows is not None:
        settings["EVENT_MEMORY_ROWS"] = memory_rows
    app = create_app(settings)
    state = app.extensions[EXTENSION_KEY]
    start = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    today = start.strftime("%Y-%m-%d")
    sealing = 0.0
    with state.database.sessions() as db:
        create_event_key(db, "bench")
        db.commit()
        for number in range(passes):
            events = pass_events(number, passes, size, start)
            for first in range(0, len(events), 1000):  # the API's batch limit
                store_events(db, 1, parse_events(events[first : first + 1000], now=time.time()))
            db.commit()
            began = time.perf_counter()
            seal_tail(db, state.segments_dir, today=today)
            if merge:
                compact_open_days(db, state.segments_dir, today)
            sealing += time.perf_counter() - began
        files = len(live_segments(db))
        db.rollback()

    def query(metric: str) -> float:
        raw = {"metric": metric, "bucket": "hour", "range": "today"}
        if metric == "count":
            raw["event"] = "pageview"

        def once() -> None:
            with state.database.sessions() as session:
                run_query(session, state.segments_dir, raw, 600)

        return median_ms(once)

    persons_ms, count_ms = query("unique_persons"), query("count")
    state.database.dispose()
    label = "merged size-tiered (now)" if merge else "one file per pass (before)"
    return [label, f"{files:,}", f"{sealing:,.1f}", f"{persons_ms:,.1f}", f"{count_ms:,.1f}"]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--passes", type=int, default=240)
    parser.add_argument("--events-per-pass", type=int, default=2000)
    parser.add_argument(
        "--memory-rows", type=int, help="EVENT_MEMORY_ROWS (default: the setting's; 0: files)"
    )
    args = parser.parse_args()
    if datetime.now(UTC).hour == 0:
        sys.exit("run this after 01:00 UTC: the passes are spread over today so far")
    work = Path(tempfile.mkdtemp(prefix="gaugeboard-openday-"))
    try:
        rows = [
            run_day(work / "before", args.passes, args.events_per_pass, False, args.memory_rows),
            run_day(work / "now", args.passes, args.events_per_pass, True, args.memory_rows),
        ]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    memory = "default" if args.memory_rows is None else f"{args.memory_rows:,}"
    print(
        f"\n{args.passes} seal passes of {args.events_per_pass:,} events each, one day "
        f"(medians of 5 after a warm-up; EVENT_MEMORY_ROWS {memory})\n"
    )
    print(
        "| open day's files | live files | passes (seal + merge) s "
        "| unique persons per hour, today, ms | count per hour, today, ms |"
    )
    print("|---|---:|---:|---:|---:|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    before, now = rows
    print(
        f"\nquery ratio, merged / one file per pass: unique persons "
        f"{float(now[3].replace(',', '')) / float(before[3].replace(',', '')):.2f}×, "
        f"count {float(now[4].replace(',', '')) / float(before[4].replace(',', '')):.2f}×; "
        f"passes {float(now[2].replace(',', '')) / float(before[2].replace(',', '')):.2f}×"
    )


if __name__ == "__main__":
    main()
