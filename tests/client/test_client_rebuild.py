"""``Data().rebuild_data`` against the real app: ``POST /api/data/{id}/{method}`` queues a
``dataset.rebuild`` run, and the client returns the run, or waits for it to end.

The route is documented in docs/datasets.md and its service (``queue_rebuild``) is on
main, but no view serves it yet: these run once the route is added.
"""

from __future__ import annotations

import pytest
from flask import Flask

from gaugeboard.client import Data
from gaugeboard.datasets.sources import set_source
from tests.client.wsgi import Recorder
from tests.conftest import state
from tests.jobs.helpers import runner_of


def with_source(app: Flask, data: Data) -> int:
    """``totals`` (region, amount), rebuilt by a query over ``sales``."""
    sales = data.create_data("sales", "", {"region": "text", "amount": "number"})
    data.append_data(
        sales, [{"region": "north", "amount": 2.0}, {"region": "north", "amount": 3.0}]
    )
    totals = data.create_data("totals", "", {"region": "text", "amount": "number"})
    data.append_data(totals, [{"region": "old", "amount": 0.0}])
    sql = "SELECT region, sum(amount) AS amount FROM sales GROUP BY region"
    with state(app).database.sessions() as db:
        set_source(db, None, totals, {"type": "query", "sql": sql})
    return totals


def test_a_rebuild_returns_its_queued_run(app: Flask, data: Data) -> None:
    totals = with_source(app, data)
    run = data.rebuild_data(totals, "reload")
    assert (run["state"], run["job_type"], run["arguments"]) == (
        "queued",
        "dataset.rebuild",
        {"method": "reload"},
    )


def test_a_rebuild_waited_for_ends_with_the_new_rows(
    app: Flask, data: Data, wsgi: Recorder
) -> None:
    totals = with_source(app, data)
    runner = runner_of(app)
    wsgi.before = lambda method, path: runner.tick() if path.startswith("/api/job/") else None
    run = data.rebuild_data(totals, "reload", wait=True, poll_seconds=0)
    rows = data.get_data(totals, output="dict")
    assert (run["state"], [(r["region"], r["amount"]) for r in rows]) == (
        "succeeded",
        [("north", 5.0)],
    )


def test_clicdatas_rebuild_name_is_reload(app: Flask, data: Data) -> None:
    totals = with_source(app, data)
    assert data.rebuild_data(totals, "rebuild")["arguments"] == {"method": "reload"}


def test_an_unknown_method_is_refused_before_sending(data: Data, wsgi: Recorder) -> None:
    with pytest.raises(ValueError, match="method"):
        data.rebuild_data(1, "refresh")
    assert wsgi.calls == []
