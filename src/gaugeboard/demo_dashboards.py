"""The demo's dashboards, as plain documents a user could have written, and the JSON the
demo serves for the url-fed example.

They draw from every kind of source: inline data, the status monitor, the demo events
(``pageview``, ``signup``, ``activate``, ``purchase`` with ``plan``, ``amount``,
``country``, ``path``), a JSON URL of the demo app itself, and the data set "sales by
region and month" (whose rows the demo also serves as JSON, so that its daily rebuild
has a source that works offline).
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

SALES_PATH = "/demo-data/sales.json"
SALES_ROWS_PATH = "/demo-data/sales-by-region-and-month.json"
DEMO_DATASET = "sales by region and month"
DATASET_MONTHS = 24
DATASET_COLUMNS = [
    {"name": "month", "data_type": "date"},
    {"name": "region", "data_type": "text"},
    {"name": "product", "data_type": "text"},
    {"name": "units", "data_type": "integer"},
    {"name": "amount", "data_type": "number"},
]
REGIONS = ("north", "south", "east", "west")
PRODUCTS = (("Starter kit", 49.0), ("Pro licence", 290.0), ("Team licence", 990.0))


def _box(x: int, y: int, w: int, h: int) -> dict[str, int]:
    return {"x": x, "y": y, "w": w, "h": h}


def _metric(query: dict[str, Any]) -> dict[str, Any]:
    return {"type": "metric", "query": query}


def demo_dashboards() -> list[dict[str, Any]]:
    """Every demo document, in the order they are seeded."""
    return [
        welcome_dashboard(),
        service_health_dashboard(),
        product_kpis_dashboard(),
        funnel_and_retention_dashboard(),
        url_fed_dashboard(),
        dataset_dashboard(),
    ]


# ---------------------------------------------------------------- examples/welcome


def _weekly_visits() -> list[dict[str, Any]]:
    days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    return [{"day": day, "visits": 120 + 40 * i - 15 * (i % 3)} for i, day in enumerate(days)]


def _signups() -> list[dict[str, Any]]:
    return [
        {"date": f"2026-10-{day:02d}", "signups": round(40 + 12 * math.sin(day / 3) + day)}
        for day in range(1, 31)
    ]


def welcome_dashboard() -> dict[str, Any]:
    """Charts drawn offline from inline data: works with no events at all."""
    return {
        "title": "Welcome to gaugeboard",
        "name": "welcome",
        "folder": "examples",
        "description": "A first dashboard: charts drawn offline from inline data.",
        "widgets": [
            {
                "id": "visits",
                "type": "vega-lite",
                "title": "Visits per weekday",
                "position": _box(0, 0, 6, 5),
                "source": {"type": "inline", "data": _weekly_visits()},
                "spec": {
                    "mark": {"type": "bar", "tooltip": True},
                    "encoding": {
                        "x": {"field": "day", "type": "ordinal", "sort": None},
                        "y": {"field": "visits", "type": "quantitative"},
                    },
                },
            },
            {
                "id": "signups",
                "type": "vega-lite",
                "title": "Sign-ups in October",
                "position": _box(6, 0, 6, 5),
                "source": {"type": "inline", "data": _signups()},
                "spec": {
                    "mark": {"type": "line", "point": True, "tooltip": True},
                    "encoding": {
                        "x": {"field": "date", "type": "temporal"},
                        "y": {"field": "signups", "type": "quantitative"},
                    },
                },
            },
        ],
    }


# ---------------------------------------------------------------- operations/service-health


def _status_widget(
    widget_id: str, title: str, measure: str, x: int, y: int, y_title: str
) -> dict[str, Any]:
    return {
        "id": widget_id,
        "title": title,
        "type": "vega-lite",
        "position": _box(x, y, 6, 5),
        "source": {"type": "status", "measure": measure, "hours": 24, "step": "hour"},
        "spec": {
            "mark": {"type": "line", "point": True, "tooltip": True},
            "encoding": {
                "x": {"field": "time", "type": "temporal", "title": "Hour (UTC)"},
                "y": {"field": "value", "type": "quantitative", "title": y_title},
                "color": {"field": "route", "type": "nominal", "title": "Route"},
            },
        },
    }


def service_health_dashboard() -> dict[str, Any]:
    """Fed by the status monitor: the demo server's own requests, errors and latency."""
    return {
        "title": "Service health",
        "name": "service-health",
        "folder": "operations",
        "description": "Requests, error rate and p95 latency per route over the last "
        "24 hours, from the status monitor (see also the status page at /status).",
        "widgets": [
            _status_widget("requests", "Requests per hour", "requests", 0, 0, "Requests"),
            _status_widget("errors", "Error rate per hour", "error_rate", 6, 0, "Error rate"),
            _status_widget("latency", "p95 latency per hour", "p95_ms", 0, 5, "p95 (ms)"),
        ],
    }


# ---------------------------------------------------------------- product/kpis


def _number(
    widget_id: str, title: str, query: dict[str, Any], x: int, options: dict[str, Any]
) -> dict[str, Any]:
    return {
        "id": widget_id,
        "type": "number",
        "title": title,
        "position": _box(x, 0, 3, 3),
        "source": _metric({**query, "compare": True}),
        "options": options,
    }


def product_kpis_dashboard() -> dict[str, Any]:
    """The numbers a product team opens every morning, each against the previous period.
    The sign-ups number and line name the same query, so they share one fetch."""
    signups_per_day = {"event": "signup", "bucket": "day"}
    return {
        "title": "Product KPIs",
        "name": "kpis",
        "folder": "product",
        "description": "Visitors, sign-ups, purchases and revenue over the last 30 days, "
        "each compared with the 30 days before (from the demo events).",
        "time_range": "last_30_days",
        "widgets": [
            _number(
                "visitors",
                "Visitors",
                {"event": "pageview", "metric": "unique_persons", "bucket": None},
                0,
                {},
            ),
            _number("signups", "Sign-ups", signups_per_day, 3, {}),
            _number("purchases", "Purchases", {"event": "purchase", "bucket": "day"}, 6, {}),
            _number(
                "revenue",
                "Revenue",
                {"event": "purchase", "metric": "sum", "property": "amount", "bucket": None},
                9,
                {"format": "currency", "decimals": 0},
            ),
            {
                "id": "signups-per-day",
                "type": "line",
                "title": "Sign-ups per day (dashed: the previous 30 days)",
                "position": _box(0, 3, 6, 5),
                "source": _metric({**signups_per_day, "compare": True}),
                "options": {"previous": True, "y_title": "Sign-ups"},
            },
            {
                "id": "purchases-by-plan",
                "type": "bar",
                "title": "Purchases per week by plan",
                "position": _box(6, 3, 6, 5),
                "source": _metric({"event": "purchase", "bucket": "week", "breakdown": "plan"}),
                "options": {"stack": "stacked", "y_title": "Purchases"},
            },
            {
                "id": "top-pages",
                "type": "bar",
                "title": "Most viewed pages",
                "position": _box(0, 8, 6, 5),
                "source": _metric({"event": "pageview", "bucket": None, "breakdown": "path"}),
                "options": {"orientation": "horizontal", "x_title": "Page", "y_title": "Views"},
            },
            {
                "id": "signups-by-country",
                "type": "table",
                "title": "Sign-ups by country",
                "position": _box(6, 8, 6, 5),
                "source": _metric({"event": "signup", "bucket": None, "breakdown": "country"}),
                "options": {"page_size": 10},
            },
        ],
    }


# ---------------------------------------------------------------- product/funnel-and-retention


def funnel_and_retention_dashboard() -> dict[str, Any]:
    """How many sign-ups activate and buy, by plan, and how many come back week after week."""
    steps = [{"event": "signup"}, {"event": "activate"}, {"event": "purchase"}]
    window = {"value": 14, "unit": "day"}
    return {
        "title": "Funnel and retention",
        "name": "funnel-and-retention",
        "folder": "product",
        "description": "Sign-up → activation → purchase within 14 days, and weekly "
        "retention of the people who signed up (from the demo events, last 90 days).",
        "time_range": "last_90_days",
        "widgets": [
            {
                "id": "funnel",
                "type": "funnel",
                "title": "Sign-up → activate → purchase (14 days)",
                "position": _box(0, 0, 6, 6),
                "source": _metric({"type": "funnel", "steps": steps, "window": window}),
            },
            {
                "id": "funnel-by-plan",
                "type": "bar",
                "title": "The same funnel by plan",
                "position": _box(6, 0, 6, 6),
                "source": _metric(
                    {"type": "funnel", "steps": steps, "window": window, "breakdown": "plan"}
                ),
                "options": {"y_title": "People"},
            },
            {
                "id": "retention",
                "type": "retention",
                "title": "Weekly retention after sign-up (any page view)",
                "position": _box(0, 6, 12, 6),
                "source": _metric(
                    {
                        "type": "retention",
                        "start_event": "signup",
                        "return_event": "pageview",
                        "period": "week",
                        "periods": 8,
                    }
                ),
            },
        ],
    }


# ---------------------------------------------------------------- examples/url-fed


def _months(today: date, count: int) -> list[str]:
    """The ``count`` months up to and including ``today``'s, oldest first, as YYYY-MM."""
    months = []
    year, month = today.year, today.month
    for _ in range(count):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def sales_payload(today: date) -> dict[str, Any]:
    """Example sales in jsondash's shared form: one ``multicharts`` object whose parts
    several widgets pick with their ``key`` (fetched once for all of them)."""
    monthly: list[dict[str, Any]] = [
        {
            "month": month,
            "region": region,
            "sales": round(8000 + 900 * index + 1500 * r + 700 * math.sin(index + r)),
        }
        for index, month in enumerate(_months(today, 6))
        for r, region in enumerate(REGIONS)
    ]
    by_region = {
        region: sum(row["sales"] for row in monthly if row["region"] == region)
        for region in REGIONS
    }
    products = [
        {"product": name, "units": 40 * (3 - i) + 7, "revenue": price * (40 * (3 - i) + 7)}
        for i, (name, price) in enumerate(PRODUCTS)
    ]
    return {
        "multicharts": {
            "monthly": monthly,
            "regions": by_region,
            "total": {"data": sum(by_region.values()), "units": "EUR"},
            "products": products,
        }
    }


def _sales_widget(
    widget_id: str, kind: str, title: str, key: str, box: dict[str, int], options: dict[str, Any]
) -> dict[str, Any]:
    return {
        "id": widget_id,
        "type": kind,
        "title": title,
        "position": box,
        "source": {"type": "url", "url": SALES_PATH},
        "key": key,
        "options": options,
    }


def url_fed_dashboard() -> dict[str, Any]:
    """Four widgets fed by one JSON URL of the demo app (a path: fetched in-process)."""
    return {
        "title": "Fed by a JSON URL",
        "name": "url-fed",
        "folder": "examples",
        "description": f"Every widget reads {SALES_PATH}, a JSON route of the demo itself, "
        'through a url source. The payload is jsondash\'s {"multicharts": {key: …}}: each '
        "widget picks its part with its key, and the URL is fetched once for all four.",
        "widgets": [
            _sales_widget("total", "number", "Sales, last 6 months", "total", _box(0, 0, 4, 3), {}),
            _sales_widget("regions", "donut", "Sales by region", "regions", _box(4, 0, 8, 6), {}),
            _sales_widget(
                "monthly",
                "bar",
                "Sales per month and region",
                "monthly",
                _box(0, 6, 12, 6),
                {"x": "month", "y": "sales", "color": "region", "stack": "stacked"},
            ),
            _sales_widget(
                "products",
                "table",
                "Products",
                "products",
                _box(0, 3, 4, 3),
                {"sort": "revenue", "descending": True},
            ),
        ],
    }


# ---------------------------------------------------------------- examples/data-set


def sales_rows(today: date) -> list[dict[str, Any]]:
    """Sales of each product in each region, month by month over the last two years up to
    ``today``'s month (288 rows), the same for the same month: the demo data set's rows."""
    rows = []
    for index, month in enumerate(_months(today, DATASET_MONTHS)):
        for r, region in enumerate(REGIONS):
            for p, (product, price) in enumerate(PRODUCTS):
                season = 1 + 0.25 * math.sin(2 * math.pi * (int(month[5:]) - 3) / 12)
                units = round((30 - 8 * p + 5 * r + index) * season)
                rows.append(
                    {
                        "month": f"{month}-01",
                        "region": region,
                        "product": product,
                        "units": units,
                        "amount": round(units * price, 2),
                    }
                )
    return rows


def _dataset_widget(
    widget_id: str,
    kind: str,
    title: str,
    query: dict[str, Any],
    box: dict[str, int],
    options: dict[str, Any],
) -> dict[str, Any]:
    return {
        "id": widget_id,
        "type": kind,
        "title": title,
        "position": box,
        "source": {"type": "dataset", "dataset": DEMO_DATASET, "query": query},
        "options": options,
    }


def _sum(column: str, name: str) -> dict[str, str]:
    return {"aggregate": "sum", "column": column, "name": name}


def dataset_dashboard() -> dict[str, Any]:
    """Grouped sums of the demo data set, computed in DuckDB by the ``dataset`` source."""
    return {
        "title": "Sales by region and month",
        "name": "data-set",
        "folder": "examples",
        "description": f"Every widget asks the data set “{DEMO_DATASET}” for grouped sums "
        "through a dataset source. The data set is rebuilt every morning from "
        f"{SALES_ROWS_PATH} (a reload), so its two years end with the current month.",
        "widgets": [
            _dataset_widget(
                "monthly",
                "bar",
                "Sales per month and region",
                {
                    "group_by": ["month", "region"],
                    "measures": [_sum("amount", "sales")],
                    "sort": [{"column": "month"}, {"column": "region"}],
                },
                _box(0, 0, 8, 6),
                {"x": "month", "y": ["sales"], "color": "region", "stack": "stacked"},
            ),
            _dataset_widget(
                "regions",
                "donut",
                "Sales by region",
                {"group_by": ["region"], "measures": [_sum("amount", "sales")]},
                _box(8, 0, 4, 6),
                {"y": "sales", "color": "region"},
            ),
            _dataset_widget(
                "units",
                "line",
                "Units sold per month",
                {"group_by": ["month"], "measures": [_sum("units", "units")]},
                _box(0, 6, 8, 5),
                {"x": "month", "y": ["units"]},
            ),
            _dataset_widget(
                "products",
                "table",
                "Products",
                {
                    "group_by": ["product"],
                    "measures": [_sum("units", "units"), _sum("amount", "sales")],
                    "sort": [{"column": "sales", "direction": "desc"}],
                },
                _box(8, 6, 4, 5),
                {},
            ),
        ],
    }


# The demo's notebook dashboard: a regional sales report with parameters (region, months,
# growth, a table or not), stored with the outputs its defaults give (computed here by the
# same formula the notebook runs), so the demo starts without a kernel; a viewer's values
# run it for real.
NOTEBOOK_PATH = "examples/regional-report"
BASES = {"north": 120, "south": 95, "east": 80, "west": 105}
DEFAULTS: dict[str, Any] = {"region": "north", "months": 6, "growth": 0.05, "show_table": True}
PARAMETERS = 'region = "north"\nmonths = 6\ngrowth = 0.05\nshow_table = True\n'
REPORT = """\
from IPython.display import Markdown, display

base = {"north": 120, "south": 95, "east": 80, "west": 105}.get(region, 100)
rows = [{"month": m + 1, "sales": round(base * (1 + growth) ** m, 1)} for m in range(months)]
total = round(sum(row["sales"] for row in rows), 1)
print(f"{region}: {months} months, total sales {total}")
display({"application/vnd.vegalite.v5+json": {
    "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
    "title": f"Monthly sales, {region}",
    "data": {"values": rows},
    "mark": "bar",
    "encoding": {
        "x": {"field": "month", "type": "ordinal"},
        "y": {"field": "sales", "type": "quantitative"},
    },
}}, raw=True)
if show_table:
    lines = [f"| {row['month']} | {row['sales']} |" for row in rows]
    display(Markdown("| month | sales |\\n| --- | --- |\\n" + "\\n".join(lines)))
"""


def _rows(region: str, months: int, growth: float) -> list[dict[str, Any]]:
    base = BASES.get(region, 100)
    return [{"month": m + 1, "sales": round(base * (1 + growth) ** m, 1)} for m in range(months)]


def _outputs(region: str, months: int, growth: float, show_table: bool) -> list[dict[str, Any]]:
    rows = _rows(region, months, growth)
    total = round(sum(row["sales"] for row in rows), 1)
    chart = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": f"Monthly sales, {region}",
        "data": {"values": rows},
        "mark": "bar",
        "encoding": {
            "x": {"field": "month", "type": "ordinal"},
            "y": {"field": "sales", "type": "quantitative"},
        },
    }
    outputs: list[dict[str, Any]] = [
        {
            "output_type": "stream",
            "name": "stdout",
            "text": f"{region}: {months} months, total sales {total}\n",
        },
        {
            "output_type": "display_data",
            "data": {"application/vnd.vegalite.v5+json": chart},
            "metadata": {},
        },
    ]
    if show_table:
        lines = [f"| {row['month']} | {row['sales']} |" for row in rows]
        outputs.append(
            {
                "output_type": "display_data",
                "data": {
                    "text/markdown": "| month | sales |\n| --- | --- |\n" + "\n".join(lines),
                    "text/plain": "<IPython.core.display.Markdown object>",
                },
                "metadata": {},
            }
        )
    return outputs


def _cell(kind: str, number: int, source: str, **extra: Any) -> dict[str, Any]:
    cell: dict[str, Any] = {"cell_type": kind, "id": f"demo-{number}", "metadata": {}}
    cell.update(extra)
    cell["source"] = source
    return cell


def demo_notebook() -> dict[str, Any]:
    """The report as nbformat 4.5 JSON, with the outputs of its default values."""
    intro = (
        "# Regional sales report\n\nChange the parameters above and run it: the notebook "
        "runs on the server with your values (papermill and an ipykernel kernel)."
    )
    cells = [
        _cell("markdown", 0, intro),
        _cell(
            "code",
            1,
            PARAMETERS,
            metadata={"tags": ["parameters"]},
            execution_count=1,
            outputs=[],
        ),
        _cell("code", 2, REPORT, execution_count=2, outputs=_outputs(**DEFAULTS)),
    ]
    return {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {
            "title": "Regional sales report",
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "language_info": {"name": "python"},
        },
        "cells": cells,
    }
