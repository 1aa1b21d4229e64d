"""Reading a dashboard data request: time range, variable values and widget inputs.

GET: ``range=last_7_days`` (or ``from`` and ``to`` in ISO 8601), ``var.<name>=value``,
``input.<widget>.<name>=value``, ``widgets=a,b``. POST: the same as JSON
``{"range", "variables", "inputs": {widget: {name: value}}, "widgets": [...]}``.
Every problem is reported at once, named by its parameter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import request

from gaugeboard.dashboards.document import (
    AbsoluteTimeRange,
    DashboardDocument,
    Variable,
    Widget,
)
from gaugeboard.dashboards.input_patterns import fully_matches
from gaugeboard.dashboards.validation import range_problems
from gaugeboard.errors import ValidationFailed
from gaugeboard.events.query_model import RELATIVE_RANGES
from gaugeboard.http.body import json_object

MAX_VALUE_LENGTH = 1000


@dataclass
class DataRequest:
    time_range: Any = None
    values: dict[str, Any] = field(default_factory=dict)
    inputs: dict[str, dict[str, str]] = field(default_factory=dict)
    only: set[str] | None = None


def _raw_request() -> dict[str, Any]:
    if request.method == "POST":
        return json_object()
    args = request.args
    raw: dict[str, Any] = {"variables": {}, "inputs": {}}
    if "range" in args:
        raw["range"] = args["range"]
    elif "from" in args or "to" in args:
        raw["range"] = {"start": args.get("from", ""), "end": args.get("to", "")}
    for key, value in args.items():
        if key.startswith("var."):
            raw["variables"][key[4:]] = value
        elif key.startswith("input."):
            widget, _, name = key[6:].partition(".")
            raw["inputs"].setdefault(widget, {})[name] = value
    if "widgets" in args:
        raw["widgets"] = [part for part in args["widgets"].split(",") if part]
    return raw


def read_data_request(document: DashboardDocument) -> DataRequest:
    """The data request of this HTTP request (query string or JSON body)."""
    return parse_data_request(document, _raw_request())


def parse_data_request(document: DashboardDocument, raw: dict[str, Any]) -> DataRequest:
    """Check a data request given as JSON fields; every problem named by its field."""
    problems: list[str] = []
    wanted = DataRequest()
    unknown = sorted(set(raw) - {"range", "variables", "inputs", "widgets"})
    problems.extend(f"{key}: unknown field" for key in unknown)
    if "range" in raw:
        wanted.time_range = _time_range(raw["range"], problems)
    wanted.values = _variables(document, raw.get("variables") or {}, problems)
    wanted.inputs = _inputs(document, raw.get("inputs") or {}, problems)
    if "widgets" in raw:
        ids = raw["widgets"]
        known = {widget.id for widget in document.widgets}
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            problems.append("widgets: must be a list of widget ids")
        else:
            problems.extend(f"widgets: no widget {i!r}" for i in ids if i not in known)
            wanted.only = set(ids)
    if problems:
        raise ValidationFailed(problems)
    return wanted


def _time_range(value: Any, problems: list[str]) -> Any:
    if isinstance(value, str):
        if value not in RELATIVE_RANGES:
            problems.append(f"range: must be one of {', '.join(RELATIVE_RANGES)}")
        return value
    if isinstance(value, dict) and set(value) == {"start", "end"}:
        blank = [k for k in ("start", "end") if not _iso_text(value[k])]
        if blank:
            problems.extend(f"range.{k}: needs an ISO 8601 date and time" for k in blank)
            return None
        found = list(range_problems("range", AbsoluteTimeRange(**value)))
        problems.extend(found)
        return AbsoluteTimeRange(**value) if not found else None
    problems.append('range: must be a relative range name or {"start", "end"}')
    return None


def _iso_text(value: Any) -> bool:
    """Whether ``value`` can be an ISO 8601 moment at all (AbsoluteTimeRange's bounds)."""
    return isinstance(value, str) and 0 < len(value) <= 40


def _variables(document: DashboardDocument, given: Any, problems: list[str]) -> dict[str, Any]:
    if not isinstance(given, dict):
        problems.append("variables: must be an object")
        return {}
    declared = {variable.name: variable for variable in document.variables}
    values: dict[str, Any] = {}
    for name, value in given.items():
        variable = declared.get(name)
        if variable is None:
            problems.append(f"var.{name}: the dashboard has no such variable")
            continue
        checked = _variable_value(variable, value, problems)
        if checked is not None:
            values[name] = checked
    return values


def _variable_value(variable: Variable, value: Any, problems: list[str]) -> Any:
    where = f"var.{variable.name}"
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        problems.append(f"{where}: must be a string or a number")
        return None
    if isinstance(value, str) and len(value) > MAX_VALUE_LENGTH:
        problems.append(f"{where}: at most {MAX_VALUE_LENGTH} characters")
        return None
    if variable.type == "number":
        try:
            return float(value) if "." in str(value) else int(value)
        except ValueError:
            problems.append(f"{where}: must be a number")
            return None
    if variable.type == "select":
        match = next((o for o in variable.options if str(o) == str(value)), None)
        if match is None:
            problems.append(f"{where}: {value!r} is not one of the options")
        return match
    return value


def _inputs(
    document: DashboardDocument, given: Any, problems: list[str]
) -> dict[str, dict[str, str]]:
    if not isinstance(given, dict):
        problems.append("inputs: must be an object of widget ids")
        return {}
    widgets = {widget.id: widget for widget in document.widgets}
    checked: dict[str, dict[str, str]] = {}
    for widget_id, values in given.items():
        widget = widgets.get(widget_id)
        if widget is None or widget.inputs is None:
            problems.append(f"input.{widget_id}: no widget with inputs has this id")
            continue
        if not isinstance(values, dict):
            problems.append(f"input.{widget_id}: must be an object")
            continue
        checked[widget_id] = _widget_inputs(widget, values, problems)
    return checked


def _widget_inputs(widget: Widget, values: dict[str, Any], problems: list[str]) -> dict[str, str]:
    assert widget.inputs is not None
    declared = {option.name: option for option in widget.inputs.options}
    accepted: dict[str, str] = {}
    for name, raw in values.items():
        where = f"input.{widget.id}.{name}"
        option = declared.get(name)
        value = "" if raw is None else str(raw)
        if option is None:
            problems.append(f"{where}: the widget has no such input")
        elif len(value) > MAX_VALUE_LENGTH:
            problems.append(f"{where}: at most {MAX_VALUE_LENGTH} characters")
        elif (
            option.type in ("select", "radio")
            and option.options
            and value not in {str(pair[0]) for pair in option.options}
        ):
            problems.append(f"{where}: {value!r} is not one of the options")
        elif option.validator_regex and value and not fully_matches(option.validator_regex, value):
            problems.append(f"{where}: does not match {option.validator_regex!r}")
        elif value != "":
            accepted[name] = value
    return accepted
