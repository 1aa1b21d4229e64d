"""Alerts benchmark: one evaluation pass over 200 alerts, with identical questions shared
(the way the ``alerts.evaluate`` job runs) against every alert asking afresh, in the same
run on the same events.

    .venv/bin/python bench/alerts.py                    # 500,000 events, about a minute
    .venv/bin/python bench/alerts.py --events 2000000

It builds a standalone app in a temporary folder (SQLite catalog), posts ``--events``
events over the last ``--days`` days through ``/e`` (in-process, batches of 1,000), seals
them into Parquet, and makes 200 alerts through the alerts service, in two shapes:

- *one event*: 200 alerts counting ``error`` events over the last hour, each with its own
  threshold (the issue's case: one question, 200 conditions);
- *20 questions*: 200 alerts over 20 distinct filters (``plan`` × ``country``), 10 alerts
  each.

Each figure is the median of ``--runs`` passes after one warm-up; alerts have no channels,
so nothing is sent. Everything is removed at the end; nothing touches the network.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from gaugeboard.alerts.model import AlertCreate  # noqa: E402
from gaugeboard.alerts.service import AlertEnv, create_alert  # noqa: E402
from gaugeboard.app import create_app  # noqa: E402
from gaugeboard.auth.principal import Principal  # noqa: E402
from gaugeboard.auth.users import create_user  # noqa: E402
from gaugeboard.dashboards.permissions import Actor  # noqa: E402
from gaugeboard.events.keys import create_event_key  # noqa: E402
from gaugeboard.events.segments import seal_tail  # noqa: E402
from gaugeboard.state import GaugeboardState, current_state  # noqa: E402
from gaugeboard.store.alert_models import Alert  # noqa: E402

PLANS = ["free", "pro", "team", "enterprise", "trial"]
COUNTRIES = ["fr", "de", "us", "jp"]
NAMES = ["view", "view", "view", "signup", "error"]
BATCH = 1000


def load(client: Any, key: str, total: int, days: int, now: datetime) -> None:
    rng = random.Random(17)
    span = days * 86400
    for start in range(0, total, BATCH):
        batch = [
            {
                "_n": rng.choice(NAMES),
                "_p": f"p{rng.randrange(50_000)}",
                "_t": (now - timedelta(seconds=rng.randrange(span))).timestamp(),
                "plan": rng.choice(PLANS),
                "country": rng.choice(COUNTRIES),
            }
            for _ in range(min(BATCH, total - start))
        ]
        answer = client.post(f"/e?_k={key}", json=batch)
        assert answer.data == b"1", answer.data


def seal_all(gauge: GaugeboardState) -> None:
    while True:
        with gauge.database.sessions() as db:
            report = seal_tail(db, gauge.segments_dir)
            db.commit()
        if not report.sealed_rows:
            return


def make_alerts(gauge: GaugeboardState, env: AlertEnv, shape: str) -> None:
    with gauge.database.sessions() as db:
        db.query(Alert).delete()
        db.commit()
        user = create_user(db, "bench-" + shape.replace(" ", "-"), "bench-password-1", "admin")
        db.commit()
        actor = Actor(principal=Principal(user.id, user.name, "admin", "token"))
        for number in range(200):
            source: dict[str, Any] = {"kind": "metric", "event": "error"}
            if shape == "20 questions":
                question = number % 20
                source["filters"] = [
                    {"field": "plan", "value": PLANS[question % 5]},
                    {"field": "country", "value": COUNTRIES[question // 5]},
                ]
            body = AlertCreate(
                name=f"alert {number}",
                source=source,
                condition={"op": "above", "threshold": number},
                window_seconds=3600,
            )
            create_alert(env, db, actor, body)


def timed(env: AlertEnv, now: datetime, shared: bool, runs: int) -> tuple[float, int]:
    env.evaluator.run(now=now, shared=shared)  # warm-up
    times, queries = [], 0
    for _ in range(runs):
        began = time.perf_counter()
        report = env.evaluator.run(now=now, shared=shared)
        times.append(time.perf_counter() - began)
        queries = report.queries
    return statistics.median(times), queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=500_000)
    parser.add_argument("--days", type=int, default=7)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="gaugeboard-bench-alerts-"))
    try:
        run(args, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run(args: argparse.Namespace, folder: Path) -> None:
    app = create_app(
        {
            "DATA_DIR": str(folder),
            "DATABASE_URL": f"sqlite:///{folder}/catalog.db",
            "EVENT_SEAL_SECONDS": 0,
            "STATUS_ENABLED": False,
            "JOBS_POLL_SECONDS": 0,
            "ALERT_EVALUATE_SECONDS": 0,
        }
    )
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    with app.app_context():
        gauge = current_state()
        with gauge.database.sessions() as db:
            _key, secret = create_event_key(db, "bench")
            db.commit()
        began = time.perf_counter()
        load(app.test_client(), secret, args.events, args.days, now)
        seal_all(gauge)
        print(f"loaded and sealed {args.events:,} events in {time.perf_counter() - began:.1f} s")
        env = gauge.alerts
        assert env is not None
        rows = []
        for shape in ("one event", "20 questions"):
            make_alerts(gauge, env, shape)
            shared_s, shared_q = timed(env, now, True, args.runs)
            alone_s, alone_q = timed(env, now, False, args.runs)
            rows.append(
                f"| {shape} | {alone_q} | {alone_s * 1000:,.0f} ms | {shared_q} | "
                f"{shared_s * 1000:,.0f} ms | {alone_s / shared_s:.1f}× |"
            )
    print()
    print(
        f"200 alerts, one pass ({args.events:,} events over {args.days} days, sealed; "
        f"medians of {args.runs})"
    )
    print()
    columns = ("alerts ask", "queries unshared", "pass unshared", "queries shared", "pass shared")
    print("| " + " | ".join(columns) + " | speed-up |")
    print("| --- | --- | --- | --- | --- | --- |")
    for row in rows:
        print(row)


if __name__ == "__main__":
    main()
