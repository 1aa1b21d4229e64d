"""The choices of the query builder (the explorer's form, also used by the editor for a
widget's metric source), read from the query model itself so that the form offers exactly
what the server accepts: measures, buckets, ranges, filter operators and time zones."""

from __future__ import annotations

from functools import cache
from typing import Any, get_args

from gaugeboard.events.query_model import (
    RELATIVE_RANGES,
    FunnelQuery,
    Metric,
    Operator,
    RetentionQuery,
    Unit,
    Window,
    known_zones,
)

# Words for the model's names; a name without words here is shown as it is.
_METRIC_WORDS = {
    "count": "Count of events",
    "unique_persons": "Unique persons",
    "sum": "Sum of a property",
    "avg": "Average of a property",
    "min": "Minimum of a property",
    "max": "Maximum of a property",
}
_OPERATOR_WORDS = {
    "=": "is",
    "!=": "is not",
    "in": "is one of (a, b)",
    "contains": "contains",
    ">": "greater than",
    "<": "less than",
    "is_set": "is set",
}
_UNIT_PLURALS = {"minute": "minutes", "hour": "hours", "day": "days", "week": "weeks"}


def _choices(names: tuple[str, ...], words: dict[str, str]) -> list[tuple[str, str]]:
    return [(name, words.get(name, name.replace("_", " "))) for name in names]


def _metric_order(name: str) -> int:
    order = list(_METRIC_WORDS)
    return order.index(name) if name in order else len(order)


def _literal_names(model: Any, field: str) -> tuple[str, ...]:
    annotation = model.model_fields[field].annotation
    return tuple(str(name) for name in get_args(annotation))


@cache
def query_form_choices() -> dict[str, Any]:
    """Every list the query builder's selects show, as (value, label) pairs, plus the IANA
    time zones the server accepts (sorted)."""
    return {
        "metrics": _choices(tuple(sorted(get_args(Metric), key=_metric_order)), _METRIC_WORDS),
        "buckets": [(unit, unit) for unit in get_args(Unit)],
        "window_units": _choices(_literal_names(Window, "unit"), _UNIT_PLURALS),
        "periods": [(unit, unit) for unit in _literal_names(RetentionQuery, "period")],
        "ranges": _choices(RELATIVE_RANGES, {}),
        "operators": _choices(get_args(Operator), _OPERATOR_WORDS),
        "max_steps": FunnelQuery.model_fields["steps"].metadata[-1].max_length,
        "zones": sorted(known_zones()),
    }
