"""Validate a whole dashboard document: its shape, then every rule that spans fields.

Problems are reported all at once, each with its JSON path; nothing is stored when any
is found.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from pydantic import ValidationError

from gaugeboard.dashboards.document import (
    GRID_COLUMNS,
    MIN_REFRESH_SECONDS,
    AbsoluteTimeRange,
    DashboardDocument,
    Widget,
    shape_problems,
)
from gaugeboard.dashboards.input_patterns import pattern_problem
from gaugeboard.errors import ValidationFailed
from gaugeboard.events.query_model import known_zones, parse_query
from gaugeboard.sources.definitions import MetricSource
from gaugeboard.widgets.options import options_problems, spec_problems

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
MAX_GRID_ROWS = 48
MIN_FREEFORM_PIXELS = 40
MAX_FREEFORM_PIXELS = 10_000


def parse_document(raw: Any) -> DashboardDocument:
    """Validate a document; raise ValidationFailed listing every problem with its path."""
    if not isinstance(raw, dict):
        raise ValidationFailed("(document): must be a JSON object")
    try:
        document = DashboardDocument.model_validate(raw)
    except ValidationError as exc:
        raise ValidationFailed(shape_problems(exc)) from None
    problems = list(document_problems(document))
    if problems:
        raise ValidationFailed(problems)
    return document


def document_problems(document: DashboardDocument) -> Iterator[str]:
    if document.timezone not in known_zones():
        yield f"timezone: unknown time zone {document.timezone!r} (use an IANA name)"
    if document.refresh and document.refresh < MIN_REFRESH_SECONDS:
        yield f"refresh: must be 0 (off) or at least {MIN_REFRESH_SECONDS} seconds"
    yield from range_problems("time_range", document.time_range)
    yield from _variable_problems(document)
    seen: set[str] = set()
    for index, widget in enumerate(document.widgets):
        where = f"widgets[{index}]"
        if widget.id in seen:
            yield f"{where}.id: widget id {widget.id!r} is used twice"
        seen.add(widget.id)
        yield from _widget_problems(document, widget, where)


def range_problems(where: str, value: object) -> Iterator[str]:
    for field, reason in range_reasons(value):
        yield f"{where}.{field}: {reason}"


def range_reasons(value: object) -> Iterator[tuple[str, str]]:
    """``(start|end, reason)`` for what is wrong with an absolute range's times."""
    if not isinstance(value, AbsoluteTimeRange):
        return
    moments = []
    for field in ("start", "end"):
        text = getattr(value, field)
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            yield field, "not an ISO 8601 date and time"
            continue
        if moment.tzinfo is None:
            yield field, "needs a time zone offset, e.g. 2026-01-01T00:00:00Z"
            continue
        moments.append(moment)
    if len(moments) == 2 and moments[1] <= moments[0]:
        yield "end", "must be after start"


def _variable_problems(document: DashboardDocument) -> Iterator[str]:
    names: set[str] = set()
    for index, variable in enumerate(document.variables):
        where = f"variables[{index}]"
        if variable.name in names:
            yield f"{where}.name: variable {variable.name!r} is defined twice"
        names.add(variable.name)
        if variable.type == "select" and not variable.options and not variable.team_parameter:
            yield f"{where}.options: a select variable needs options"
        if (
            variable.type == "select"
            and variable.default is not None
            and variable.default not in variable.options
        ):
            yield f"{where}.default: {variable.default!r} is not one of the options"
        if (
            variable.type == "number"
            and variable.default is not None
            and (
                isinstance(variable.default, bool) or not isinstance(variable.default, int | float)
            )
        ):
            yield f"{where}.default: must be a number"


def _widget_problems(document: DashboardDocument, widget: Widget, where: str) -> Iterator[str]:
    yield from _position_problems(document.layout, widget, where)
    if widget.refresh and widget.refresh < MIN_REFRESH_SECONDS:
        yield f"{where}.refresh: must be 0 (off) or at least {MIN_REFRESH_SECONDS} seconds"
    if widget.time_range is not None:
        yield from range_problems(f"{where}.time_range", widget.time_range)
    if widget.type == "vega-lite" and not widget.spec and widget.source is None:
        yield f"{where}.spec: a vega-lite widget needs a spec or a source"
    for problem in options_problems(widget.type, widget.options):
        yield f"{where}.options.{problem}"
    for problem in spec_problems(widget.type, widget.options, widget.spec, widget.override):
        yield f"{where}.{problem}"
    yield from _input_problems(widget, where)
    input_names = {option.name for option in widget.inputs.options} if widget.inputs else set()
    known = {variable.name for variable in document.variables} | input_names
    if widget.source is not None:
        source = widget.source.model_dump(mode="json")
        for name in sorted(set(PLACEHOLDER.findall(str(source))) - known):
            yield f"{where}.source: {{{{{name}}}}} names no variable or input"
        if isinstance(widget.source, MetricSource):
            yield from _metric_problems(document, widget, where)


def _input_problems(widget: Widget, where: str) -> Iterator[str]:
    names: set[str] = set()
    if widget.inputs is None:
        return
    for index, option in enumerate(widget.inputs.options):
        if option.name in names:
            yield f"{where}.inputs.options[{index}].name: {option.name!r} is used twice"
        names.add(option.name)
        if option.validator_regex is not None:
            problem = pattern_problem(option.validator_regex)
            if problem:
                yield f"{where}.inputs.options[{index}].validator_regex: {problem}"


def _position_problems(layout: str, widget: Widget, where: str) -> Iterator[str]:
    box = widget.position
    if layout == "grid":
        if box.w > GRID_COLUMNS:
            yield f"{where}.position.w: at most {GRID_COLUMNS} columns in grid layout"
        elif box.x + box.w > GRID_COLUMNS:
            yield f"{where}.position.x: x + w must be at most {GRID_COLUMNS} in grid layout"
        if box.h > MAX_GRID_ROWS:
            yield f"{where}.position.h: at most {MAX_GRID_ROWS} rows in grid layout"
        return
    for field in ("w", "h"):
        size = getattr(box, field)
        if not MIN_FREEFORM_PIXELS <= size <= MAX_FREEFORM_PIXELS:
            yield (
                f"{where}.position.{field}: between {MIN_FREEFORM_PIXELS} and "
                f"{MAX_FREEFORM_PIXELS} pixels in freeform layout"
            )


def _metric_problems(document: DashboardDocument, widget: Widget, where: str) -> Iterator[str]:
    """Check the query as it will run with the variables' defaults filled in."""
    assert isinstance(widget.source, MetricSource)
    defaults = {variable.name: variable.default for variable in document.variables}
    query = fill_placeholders(widget.source.query, defaults)
    query.setdefault("range", _range_value(widget.time_range or document.time_range))
    query.setdefault("timezone", document.timezone)
    try:
        parse_query(query)
    except ValidationFailed as exc:
        for problem in exc.errors:
            yield f"{where}.source.query.{problem}"


def _range_value(value: object) -> Any:
    return value.model_dump() if isinstance(value, AbsoluteTimeRange) else value


def fill_placeholders(node: Any, values: dict[str, Any]) -> Any:
    """A copy of ``node`` with ``{{name}}`` filled in. A string that is only a placeholder
    takes the value itself (a number stays a number); placeholders inside text become text.
    Placeholders with no value (None) are left empty."""
    if isinstance(node, dict):
        return {key: fill_placeholders(value, values) for key, value in node.items()}
    if isinstance(node, list):
        return [fill_placeholders(value, values) for value in node]
    if not isinstance(node, str):
        return node
    whole = PLACEHOLDER.fullmatch(node.strip())
    if whole and whole.group(1) in values:
        value = values[whole.group(1)]
        return "" if value is None else value

    def text_of(match: re.Match[str]) -> str:
        value = values.get(match.group(1))
        return "" if value is None else str(value)

    return PLACEHOLDER.sub(text_of, node)
