"""The JSON Schema of each widget type's ``options``, for forms that edit them.

Generated from the same pydantic models that check options when a document is saved, so a
form built from it offers exactly what the document check accepts.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from pydantic import BaseModel

from gaugeboard.widgets.catalog import CHART_TYPES, FIGURE_TYPES, WIDGET_TYPES
from gaugeboard.widgets.charts.options import MODELS as CHART_MODELS
from gaugeboard.widgets.content import CONTENT_KINDS
from gaugeboard.widgets.figures.options import FIGURE_MODELS


def options_model(widget_type: str) -> type[BaseModel]:
    """The model that checks ``widget_type``'s options."""
    if widget_type in CHART_TYPES:
        return CHART_MODELS[widget_type]
    if widget_type in FIGURE_TYPES:
        return FIGURE_MODELS[widget_type]
    return CONTENT_KINDS[widget_type][0]


def options_schema(widget_type: str) -> dict[str, Any]:
    """The JSON Schema of ``widget_type``'s options (what may be written). An optional
    option's ``anyOf: [X, null]`` is flattened to X with ``nullable: true``, so a form
    generator sees one type per option."""
    schema = options_model(widget_type).model_json_schema(mode="validation")
    properties = schema.get("properties", {})
    for name, prop in properties.items():
        properties[name] = _flatten_nullable(prop)
    return schema


def _flatten_nullable(prop: dict[str, Any]) -> dict[str, Any]:
    choices = prop.get("anyOf")
    if not isinstance(choices, list):
        return prop
    others = [choice for choice in choices if choice != {"type": "null"}]
    if len(others) != 1 or len(others) == len(choices):
        return prop
    flat = {key: value for key, value in prop.items() if key != "anyOf"}
    return {**others[0], **flat, "nullable": True}


# Types that stand in for something gaugeboard cannot draw: no form offers them.
PLACEHOLDER_TYPES = frozenset({"unsupported"})


def _family(name: str) -> str:
    if name in PLACEHOLDER_TYPES:
        return "placeholder"
    return "content" if name in CONTENT_KINDS else "chart"


@cache
def widget_types() -> tuple[dict[str, Any], ...]:
    """Every widget type with its family (``chart``, ``content``, or ``placeholder`` for a
    type no editor offers) and options schema, in catalog order (built once: the models do
    not change while the process runs)."""
    return tuple(
        {
            "type": name,
            "family": _family(name),
            "options_schema": options_schema(name),
        }
        for name in WIDGET_TYPES
    )
