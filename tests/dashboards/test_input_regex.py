"""An input's ``validator_regex`` runs in linear time (RE2): catastrophic patterns answer
promptly, patterns RE2 cannot run are refused at save with their path, values are bounded.

Python's ``re`` holds the GIL while it backtracks, so a thread's ``join(timeout)`` would only
return once the match ends; the timing-sensitive checks run in a child process instead,
which is killed when the generous limit passes."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.dashboards.api_helpers import create

# Hours or more for a backtracking engine (each grows exponentially with the length, and
# Python's re takes 0.1-0.3 s on 22 characters); microseconds for RE2.
ADVERSARIAL = "a" * 60 + "!"
CATASTROPHIC = [r"(a+)+b", r"(a|aa)+$", r"(.*a){20}", r"^(\w+\s?)*$"]
GENEROUS_SECONDS = 10

CHECK_IN_CHILD = """
import json, sys
from gaugeboard.http.dashboard_request import parse_data_request
from gaugeboard.dashboards.validation import parse_document
pattern, value = json.loads(sys.argv[1])
document = parse_document({
    "title": "T", "name": "t",
    "widgets": [{"id": "w", "type": "markdown", "source": {"type": "inline", "data": "x"},
                 "inputs": {"options": [{"name": "q", "validator_regex": pattern}]}}],
})
try:
    parse_data_request(document, {"inputs": {"w": {"q": value}}})
    print("accepted")
except Exception as exc:
    print("; ".join(exc.errors))
"""


def widget(pattern: str, widget_id: str = "w") -> dict[str, Any]:
    return {
        "id": widget_id,
        "type": "markdown",
        "source": {"type": "inline", "data": "{{q}}"},
        "inputs": {"options": [{"name": "q", "validator_regex": pattern}]},
    }


def save(client: FlaskClient, headers: dict[str, str], *widgets: dict[str, Any]) -> Any:
    return client.post(
        "/api/dashboard",
        json={"title": "T", "name": "t", "folder": "f", "widgets": list(widgets)},
        headers=headers,
    )


@pytest.mark.parametrize("pattern", CATASTROPHIC)
def test_catastrophic_pattern_answers_promptly(pattern: str) -> None:
    result = subprocess.run(
        [sys.executable, "-c", CHECK_IN_CHILD, json.dumps([pattern, ADVERSARIAL])],
        capture_output=True,
        text=True,
        timeout=GENEROUS_SECONDS,
    )
    assert result.stdout.strip() == f"input.w.q: does not match {pattern!r}", result.stderr


def test_catastrophic_pattern_still_accepts_matching_values(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dashboard = create(client, auth_headers, widgets=[widget(r"(a+)+b")])
    response = client.get(
        f"/api/dashboard/{dashboard['id']}/data?input.w.q=aaab", headers=auth_headers
    )
    assert response.get_json()["widgets"]["w"]["ok"] is True


def test_value_must_match_the_whole_pattern(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dashboard = create(client, auth_headers, widgets=[widget(r"[0-9]+")])
    response = client.get(
        f"/api/dashboard/{dashboard['id']}/data?input.w.q=12%0A", headers=auth_headers
    )
    assert response.get_json()["errors"] == ["input.w.q: does not match '[0-9]+'"]


@pytest.mark.parametrize("pattern", [r"(?=a)a+", r"(?<!x)a", r"(?!b)\w", r"(a)\1"])
def test_pattern_needing_backtracking_is_refused_at_save(
    client: FlaskClient, auth_headers: dict[str, str], pattern: str
) -> None:
    response = save(client, auth_headers, widget("[a-z]+", "ok"), widget(pattern))
    assert (response.status_code, [e.split(":")[0] for e in response.get_json()["errors"]]) == (
        400,
        ["widgets[1].inputs.options[0].validator_regex"],
    )


def test_refused_pattern_error_says_why(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    response = save(client, auth_headers, widget(r"(a)\1"))
    assert response.get_json()["errors"] == [
        "widgets[0].inputs.options[0].validator_regex: not a pattern the linear-time engine "
        "(RE2) accepts (invalid escape sequence: \\1); backreferences and lookarounds are "
        "not supported"
    ]


def test_over_long_input_value_is_refused_naming_the_input(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    dashboard = create(client, auth_headers, widgets=[widget(r"a*")])
    response = client.post(
        f"/api/dashboard/{dashboard['id']}/data",
        json={"inputs": {"w": {"q": "a" * 1001}}},
        headers=auth_headers,
    )
    assert (response.status_code, response.get_json()["errors"]) == (
        400,
        ["input.w.q: at most 1000 characters"],
    )
