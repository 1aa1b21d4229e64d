"""Events query results as tidy rows, one per value, for a DataFrame.

The columns are those a data set's ``metric`` source gives (docs/datasets.md): a metric
``t``, ``local``, ``series``, ``value``, ``period`` (``current`` or ``previous``) per bucket
and series, or ``series``, ``value``, ``period`` per series without buckets; a funnel
``step``, ``event``, ``count``, ``conversion_from_previous``, ``conversion_from_start``,
``series``; a retention ``cohort``, ``start``, ``size``, ``period``, ``count``, ``share``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def _series_rows(series: Any, period: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for entry in series or []:
        points = entry.get("points")
        if not points:
            rows.append({"series": entry.get("label"), "value": entry.get("total")})
        for point in points or []:
            rows.append(
                {
                    "t": point.get("t"),
                    "local": point.get("local"),
                    "series": entry.get("label"),
                    "value": point.get("value"),
                }
            )
    return [{**row, "period": period} for row in rows]


def _metric(result: Mapping[str, Any]) -> list[dict[str, Any]]:
    rows = _series_rows(result.get("series"), "current")
    previous = result.get("previous")
    if isinstance(previous, Mapping):
        rows += _series_rows(previous.get("series"), "previous")
    return rows


def _funnel(result: Mapping[str, Any]) -> list[dict[str, Any]]:
    groups = result.get("breakdown") or [{"label": "total", "steps": result.get("steps")}]
    return [
        {
            "step": index,
            "event": step.get("event"),
            "count": step.get("count"),
            "conversion_from_previous": step.get("conversion_from_previous"),
            "conversion_from_start": step.get("conversion_from_start"),
            "series": group.get("label"),
        }
        for group in groups
        for index, step in enumerate(group.get("steps") or [])
    ]


def _retention(result: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "cohort": cohort.get("local"),
            "start": cohort.get("start"),
            "size": cohort.get("size"),
            "period": value.get("period"),
            "count": value.get("count"),
            "share": value.get("share"),
        }
        for cohort in result.get("cohorts") or []
        for value in cohort.get("values") or []
    ]


def result_rows(result: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The rows of a metric, funnel or retention result."""
    if "cohorts" in result:
        return _retention(result)
    if "steps" in result:
        return _funnel(result)
    return _metric(result)
