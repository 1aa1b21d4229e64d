"""Dashboard documents the browser tests share: every widget kind on one page, and a
widget with an inputs form. Every source is inline, so no request leaves the machine
(the one iframe page is answered by Playwright where it is drawn)."""

from __future__ import annotations

from typing import Any

PNG = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhf"
    "DwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
EMBEDDED_PAGE = "https://embed.example/page"


def inline(data: Any) -> dict[str, Any]:
    return {"type": "inline", "data": data}


def box(x: int, y: int, w: int, h: int) -> dict[str, int]:
    return {"x": x, "y": y, "w": w, "h": h}


EVERYTHING: dict[str, Any] = {
    "title": "Everything",
    "name": "everything",
    "folder": "team",
    "theme": "dark",
    "widgets": [
        {
            "id": "chart",
            "type": "vega-lite",
            "title": "By region",
            "position": box(0, 0, 6, 4),
            "source": inline([{"region": "north", "total": 7}]),
            "spec": {
                "mark": "bar",
                "encoding": {
                    "x": {"field": "region", "type": "nominal"},
                    "y": {"field": "total", "type": "quantitative"},
                },
            },
        },
        {
            "id": "visits",
            "type": "number",
            "title": "Visits",
            "position": box(6, 0, 3, 4),
            "source": inline({"data": 1234, "previous": 1000}),
            "options": {"units": "visits"},
        },
        {
            "id": "group",
            "type": "number-group",
            "title": "Group",
            "position": box(9, 0, 3, 4),
            "source": inline([{"title": "Signups", "data": 12}, {"title": "Orders", "data": 3}]),
        },
        {
            "id": "cities",
            "type": "table",
            "title": "Cities",
            "position": box(0, 4, 6, 5),
            "source": inline(
                [
                    {"city": "Oslo", "visits": 30},
                    {"city": "Bergen", "visits": 10},
                    {"city": "Tromso", "visits": 20},
                ]
            ),
        },
        {
            "id": "notes",
            "type": "markdown",
            "title": "Notes",
            "position": box(6, 4, 6, 5),
            "source": inline("# Release notes\n\nSee [the docs](https://example.com/docs)."),
        },
        {
            "id": "snippet",
            "type": "html",
            "title": "Snippet",
            "position": box(0, 9, 4, 4),
            "source": inline(
                '<p id="greeting" style="color: rgb(200, 0, 0)">Hello <b>there</b></p>'
            ),
        },
        {
            "id": "embed",
            "type": "iframe",
            "title": "Embed",
            "position": box(4, 9, 4, 4),
            "source": inline(EMBEDDED_PAGE),
        },
        {
            "id": "logo",
            "type": "image",
            "title": "Logo",
            "position": box(8, 9, 4, 4),
            "source": inline({"url": PNG, "alt": "A dot"}),
        },
        {
            "id": "history",
            "type": "timeline",
            "title": "History",
            "position": box(0, 13, 6, 4),
            "source": inline(
                [
                    {"time": "2024-01-05", "title": "Launch", "text": "We launched"},
                    {"time": "2024-03-01", "title": "Growth", "text": "More users"},
                ]
            ),
        },
        {
            "id": "broken",
            "type": "number",
            "title": "Broken",
            "position": box(6, 13, 6, 4),
            "source": inline({"nope": 1}),
        },
    ],
}

INPUTS: dict[str, Any] = {
    "title": "Inputs",
    "name": "inputs",
    "folder": "team",
    "widgets": [
        {
            "id": "picker",
            "type": "markdown",
            "title": "Picker",
            "position": box(0, 0, 6, 5),
            "source": inline("Pick a city."),
            "inputs": {
                "submit_text": "Apply",
                "options": [
                    {
                        "type": "text",
                        "name": "city",
                        "label": "City",
                        "placeholder": "e.g. Oslo",
                        "validator_regex": "[A-Za-z]+",
                        "help_text": "Letters only",
                    },
                    {
                        # Backtracks for minutes in the browser's engine on "a" * 40 + "!".
                        "type": "text",
                        "name": "code",
                        "label": "Code",
                        "validator_regex": "(a+)+b",
                    },
                    {
                        "type": "select",
                        "name": "period",
                        "label": "Period",
                        "default": "30",
                        "options": [["7", "Last week"], ["30", "Last month"]],
                    },
                ],
            },
        }
    ],
}
