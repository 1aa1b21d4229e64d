"""``static/alert-source.js`` against the server's rules: the draft "Alert on this" makes
from an explorer or widget query is one ``POST /api/alert/test`` accepts (the same number
the query asks), a query with no single number gives none, and the chart's threshold lines
follow the condition."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import gaugeboard
from gaugeboard.alerts.model import AlertTest
from tests.node_module import run_with_module

MODULE = Path(gaugeboard.__file__).parent / "web" / "static" / "alert-source.js"
FILTER = {"field": "plan", "op": "in", "value": ["pro", "team"]}
QUERIES: list[dict[str, Any]] = [
    {"type": "metric", "event": "view", "metric": "count", "bucket": "day", "range": "today"},
    {"event": "buy", "metric": "sum", "property": "amount", "bucket": None, "filters": [FILTER]},
    {"type": "metric", "metric": "unique_persons", "property": "ignored", "bucket": "hour"},
    {
        "type": "funnel",
        "steps": [{"event": "view"}, {"event": "buy", "filters": [FILTER]}],
        "window": {"value": 2, "unit": "hour"},
        "timezone": "Europe/Paris",
    },
]
RETENTION = {"type": "retention", "start_event": "signup", "period": "week"}

DRAFTS = """
const { draftFromQuery } = await import(process.argv[1]);
let input = "";
for await (const chunk of process.stdin) input += chunk;
const queries = JSON.parse(input);
process.stdout.write(JSON.stringify(queries.map((query) => draftFromQuery(query, "t"))));
"""

LINES = """
const { thresholdLines, conditionText } = await import(process.argv[1]);
let input = "";
for await (const chunk of process.stdin) input += chunk;
const conditions = JSON.parse(input);
const answer = conditions.map((c) => [thresholdLines(c).map((l) => l.value), conditionText(c)]);
process.stdout.write(JSON.stringify(answer));
"""


def drafts(queries: list[dict[str, Any]]) -> list[Any]:
    answer = run_with_module(MODULE, DRAFTS, queries)
    assert isinstance(answer, list)
    return answer


def test_every_draft_is_a_valid_alert_test_body() -> None:
    bodies = [
        {
            "source": d["source"],
            "window_seconds": d["window_seconds"],
            "condition": {"op": "above", "threshold": 1},
        }
        for d in drafts(QUERIES)
    ]
    checked = [AlertTest.model_validate(body) for body in bodies]
    assert [(c.source.kind, c.window_seconds) for c in checked] == [
        ("metric", 86400),
        ("metric", 3600),
        ("metric", 3600),
        ("funnel", 86400),
    ]


def test_a_draft_asks_the_same_number_as_its_query() -> None:
    summed, _unique = drafts(QUERIES)[1:3]
    funnel = drafts(QUERIES)[3]
    assert summed["source"] == {
        "kind": "metric",
        "event": "buy",
        "metric": "sum",
        "property": "amount",
        "filters": [FILTER],
    }
    assert (funnel["source"]["steps"][1], funnel["source"]["conversion_window"]) == (
        {"event": "buy", "filters": [FILTER]},
        {"value": 2, "unit": "hour"},
    )


def test_a_retention_query_has_no_draft() -> None:
    assert drafts([RETENTION]) == [None]


def test_threshold_lines_follow_the_condition() -> None:
    conditions = [
        {"op": "above", "threshold": 3},
        {"op": "outside", "low": 1, "high": 2.5},
        {"op": "change", "percent": 20},
    ]
    assert run_with_module(MODULE, LINES, conditions) == [
        [[3], "above 3"],
        [[1, 2.5], "outside 1 … 2.5"],
        [[], "changes more than 20 % from the previous window"],
    ]
