"""``web/static/api-errors.js`` reads every kind of failure into the server's error body.

The pages show what this module makes of an answer, so it is run in node on the four
kinds of failure: the server's own error body, an answer that is not JSON, a network
failure and a time-out. Without node the test skips, except in CI where it must run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import gaugeboard
from gaugeboard.errors import Conflict
from tests.node_module import run_with_module

API_ERRORS_JS = Path(gaugeboard.__file__).parent / "web" / "static" / "api-errors.js"

NODE_SCRIPT = """
const { ApiError, errorBody, failed } = await import(process.argv[1]);
const answers = JSON.parse(require("fs").readFileSync(0, "utf8"));
const read = answers.map((answer) => {
  const error = ApiError.of(answer);
  return { failed: failed(answer), body: errorBody(answer), message: error.message,
           serverErrors: error.serverErrors };
});
process.stdout.write(JSON.stringify(read));
"""


def read_in_node(answers: list[dict[str, Any]]) -> list[dict[str, Any]]:
    read: list[dict[str, Any]] = run_with_module(API_ERRORS_JS, NODE_SCRIPT, answers)
    return read


def answer(status: int, body: Any, **extra: Any) -> dict[str, Any]:
    return {"status": status, "ok": 200 <= status < 300, "statusText": "", "body": body, **extra}


def test_every_failure_reads_as_the_error_body() -> None:
    server = Conflict(["version: changed", "name: taken"]).body()
    server_read, html, network, timeout, success = read_in_node(
        [
            answer(409, server),
            answer(502, None),
            answer(0, None, failure="network"),
            answer(0, None, failure="timeout"),
            answer(200, {"ok": True}),
        ]
    )
    assert server_read["body"] == server
    assert server_read["serverErrors"] == ["version: changed", "name: taken"]
    message = "The server answered 502."
    assert html["body"] == {
        "ok": False,
        "status": 502,
        "code": "request_failed",
        "error": message,
        "errors": [message],
    }
    assert html["serverErrors"] == []
    assert (network["body"]["code"], network["message"]) == (
        "network_error",
        "The server could not be reached.",
    )
    assert (timeout["body"]["code"], timeout["message"]) == (
        "timeout",
        "The server took too long to answer.",
    )
    assert [read["failed"] for read in (server_read, html, network, timeout, success)] == [
        True,
        True,
        True,
        True,
        False,
    ]
