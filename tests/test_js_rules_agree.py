"""Rules the pages repeat in JavaScript agree with the Python that enforces them.

The editor, the explorer and the refresh timers keep a few of the server's limits as
constants so they never offer what the server refuses. Each is read out of the JS source
here and compared with the Python value, so changing one side alone fails the suite.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import get_args

from pydantic import BaseModel

import gaugeboard
from gaugeboard.dashboards import document, validation
from gaugeboard.events import query_model
from gaugeboard.sources import status_source
from gaugeboard.web.query_form import query_form_choices

STATIC = Path(gaugeboard.__file__).parent / "web" / "static"


def js_constant(file: str, name: str) -> str:
    """The source text of ``const NAME = …;`` in ``web/static/<file>``."""
    text = (STATIC / file).read_text(encoding="utf-8")
    match = re.search(rf"^(?:export )?const {name} = (.+?);$", text, re.MULTILINE | re.DOTALL)
    assert match, f"{file}: no constant {name}"
    return match.group(1)


def js_number(file: str, name: str) -> int:
    return int(js_constant(file, name).replace("_", ""))


def js_strings(file: str, name: str) -> list[str]:
    """The string literals of an array constant (for pairs, the first of each pair)."""
    source = js_constant(file, name)
    literal = r'"(?:[^"\\]|\\.)*"'
    is_pairs = re.match(r"\[\s*\[", source) is not None
    pattern = rf"\[\s*({literal})\s*," if is_pairs else literal
    found = re.findall(pattern, source)
    return [json.loads(literal) for literal in found]


def test_grid_and_freeform_limits_agree_with_the_document_checks() -> None:
    assert js_number("editor-geometry.js", "GRID_COLUMNS") == document.GRID_COLUMNS
    assert js_number("dashboard-layout.js", "GRID_COLUMNS") == document.GRID_COLUMNS
    assert js_number("editor-geometry.js", "MAX_GRID_ROWS") == validation.MAX_GRID_ROWS
    assert js_number("editor-geometry.js", "MIN_PIXELS") == validation.MIN_FREEFORM_PIXELS
    assert js_number("editor-geometry.js", "MAX_PIXELS") == validation.MAX_FREEFORM_PIXELS


def test_refresh_floor_agrees_with_the_document() -> None:
    assert js_number("refresh-schedule.js", "MIN_SECONDS") == document.MIN_REFRESH_SECONDS


def test_the_query_builders_filter_operators_are_the_query_models() -> None:
    offered = [value for value, _label in query_form_choices()["operators"]]
    assert offered == list(get_args(query_model.Operator))


def test_the_query_builders_fallback_operator_is_one_of_the_query_models() -> None:
    assert set(js_strings("explorer-form.js", "OPERATORS")) <= set(get_args(query_model.Operator))


def test_explorer_property_metrics_and_modes_are_the_query_models() -> None:
    property_metrics = js_strings("explorer-form.js", "PROPERTY_METRICS")
    assert property_metrics == list(query_model.PROPERTY_METRICS)
    assert set(property_metrics) <= set(get_args(query_model.Metric))
    modes = [get_args(model.model_fields["type"].annotation)[0] for model in _query_models()]
    assert js_strings("explorer-query.js", "MODES") == modes


def test_explorer_funnel_step_minimum_is_the_query_models() -> None:
    schema = query_model.FunnelQuery.model_json_schema()
    assert js_number("explorer-form.js", "MIN_STEPS") == schema["properties"]["steps"]["minItems"]


def test_status_measures_offered_by_the_editor_are_the_sources() -> None:
    assert js_strings("editor-picker.js", "MEASURES") == list(get_args(status_source.Measure))


def _query_models() -> list[type[BaseModel]]:
    return [query_model.MetricQuery, query_model.FunnelQuery, query_model.RetentionQuery]
