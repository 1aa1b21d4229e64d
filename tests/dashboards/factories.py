"""Dashboard documents for tests, with overrides."""

from __future__ import annotations

from typing import Any


def chart_document(**overrides: Any) -> dict[str, Any]:
    document: dict[str, Any] = {
        "title": "Sales",
        "name": "sales",
        "folder": "team/reports",
        "widgets": [
            {
                "id": "by-region",
                "type": "vega-lite",
                "title": "By region",
                "position": {"x": 0, "y": 0, "w": 6, "h": 4},
                "source": {"type": "inline", "data": [{"region": "north", "total": 7}]},
                "spec": {
                    "mark": "bar",
                    "encoding": {
                        "x": {"field": "region", "type": "nominal"},
                        "y": {"field": "total", "type": "quantitative"},
                    },
                },
            }
        ],
    }
    document.update(overrides)
    return document
