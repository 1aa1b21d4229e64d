"""Venn diagrams of one to three sets, as circles whose areas are the sets' sizes.

The circles are placed by the usual area-proportional approximation: each pair of
circles is set apart so that their overlap's area equals the pair's intersection size
(found by bisection on the lens area), and a third circle is put where its two distances
meet (law of cosines; clamped when the three distances cannot form a triangle). A
three-way intersection is then only as exact as the pairs allow, as in venn.js.
"""

from __future__ import annotations

import json
import math
from typing import Any

from gaugeboard.widgets.content.shapes import describe
from gaugeboard.widgets.figures.spec import palette, text_fill
from gaugeboard.widgets.payloads import is_number
from gaugeboard.widgets.request import WidgetDataError

ACCEPTED = 'sets [{"sets": ["A"], "size": 12}, {"sets": ["A", "B"], "size": 2}, ...]'
MAX_SETS = 3
Circle = tuple[float, float, float]  # x, y, r


def lens_area(r1: float, r2: float, d: float) -> float:
    """The area two circles of radii ``r1`` and ``r2``, ``d`` apart, have in common."""
    if d >= r1 + r2:
        return 0.0
    if d <= abs(r1 - r2):
        return math.pi * min(r1, r2) ** 2
    a1 = r1 * r1 * math.acos((d * d + r1 * r1 - r2 * r2) / (2 * d * r1))
    a2 = r2 * r2 * math.acos((d * d + r2 * r2 - r1 * r1) / (2 * d * r2))
    corner = 0.5 * math.sqrt((-d + r1 + r2) * (d + r1 - r2) * (d - r1 + r2) * (d + r1 + r2))
    return a1 + a2 - corner


def distance_for(r1: float, r2: float, overlap: float) -> float:
    """How far apart two circles must be for their common area to be ``overlap``."""
    low, high = abs(r1 - r2), r1 + r2
    if overlap <= 0:
        return high
    if overlap >= math.pi * min(r1, r2) ** 2:
        return low
    for _ in range(60):
        middle = (low + high) / 2
        if lens_area(r1, r2, middle) > overlap:
            low = middle
        else:
            high = middle
    return (low + high) / 2


def _read(payload: Any) -> tuple[list[str], dict[frozenset[str], float]]:
    if not isinstance(payload, list) or not all(
        isinstance(item, dict) and isinstance(item.get("sets"), list) for item in payload
    ):
        raise WidgetDataError(f"payload: a venn takes {ACCEPTED}; got {describe(payload)}")
    names: list[str] = []
    sizes: dict[frozenset[str], float] = {}
    for index, item in enumerate(payload):
        members = [str(name) for name in item["sets"]]
        size = item.get("size")
        if not members or not is_number(size) or size < 0:
            raise WidgetDataError(
                f"payload[{index}]: needs a non-empty sets list and a size of 0 or more"
            )
        for name in members:
            if name not in names:
                names.append(name)
        sizes[frozenset(members)] = float(size)
    if len(names) > MAX_SETS:
        raise WidgetDataError(
            f"payload: a venn draws {MAX_SETS} sets at most; "
            f"got {len(names)} ({', '.join(names[:6])})"
        )
    missing = [name for name in names if frozenset([name]) not in sizes]
    if missing:
        raise WidgetDataError(f"payload: no size for the set {missing[0]!r} alone")
    return names, sizes


def _third(d01: float, d02: float, d12: float) -> tuple[float, float]:
    """Where the third centre goes, given the first at (0, 0) and the second at (d01, 0)."""
    if d01 == 0:
        return d02, 0.0
    x = (d01 * d01 + d02 * d02 - d12 * d12) / (2 * d01)
    x = max(-d02, min(d02, x))
    return x, math.sqrt(max(0.0, d02 * d02 - x * x))


def layout(names: list[str], sizes: dict[frozenset[str], float]) -> list[Circle]:
    """One circle per set, in ``names``' order, areas equal to the set sizes."""
    radii = [math.sqrt(sizes[frozenset([name])] / math.pi) for name in names]

    def apart(i: int, j: int) -> float:
        overlap = sizes.get(frozenset([names[i], names[j]]), 0.0)
        return distance_for(radii[i], radii[j], overlap)

    circles: list[Circle] = [(0.0, 0.0, radii[0])]
    if len(names) > 1:
        circles.append((apart(0, 1), 0.0, radii[1]))
    if len(names) > 2:
        x, y = _third(apart(0, 1), apart(0, 2), apart(1, 2))
        circles.append((x, y, radii[2]))
    return circles


def _labels(
    names: list[str], sizes: dict[frozenset[str], float], circles: list[Circle]
) -> list[dict[str, Any]]:
    cx = sum(c[0] for c in circles) / len(circles)
    cy = sum(c[1] for c in circles) / len(circles)
    labels = []
    for name, (x, y, r) in zip(names, circles, strict=True):
        dx, dy = x - cx, y - cy
        norm = math.hypot(dx, dy) or 1.0
        shift = 0.5 * r if len(circles) > 1 else 0.0
        labels.append(
            {
                "x": x + dx / norm * shift,
                "y": y + dy / norm * shift,
                "text": name,
                "size": sizes[frozenset([name])],
                "kind": "set",
            }
        )
    for key, size in sizes.items():
        if len(key) < 2:
            continue
        members = [circles[names.index(name)] for name in key]
        x = sum(c[0] for c in members) / len(members)
        y = sum(c[1] for c in members) / len(members)
        if len(key) == 2:
            (x1, y1, r1), (x2, y2, r2) = members
            d = math.hypot(x2 - x1, y2 - y1) or 1.0
            # Halfway between the two inner edges, on the line between the centres.
            t = ((r1 - r2) / d + 1) / 2
            x, y = x1 + (x2 - x1) * t, y1 + (y2 - y1) * t
            if len(circles) == 3:
                x, y = x + (x - cx) * 0.35, y + (y - cy) * 0.35
        labels.append(
            {"x": x, "y": y, "text": " ∩ ".join(sorted(key)), "size": size, "kind": "overlap"}
        )
    return labels


def _normalised(
    circles: list[Circle], labels: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Circles and labels in a unit frame: the diagram's bounding box centred on (0, 0),
    its larger side 1, so the spec can scale it to any widget."""
    left = min(x - r for x, _, r in circles)
    right = max(x + r for x, _, r in circles)
    top = min(y - r for _, y, r in circles)
    bottom = max(y + r for _, y, r in circles)
    span = max(right - left, bottom - top) or 1.0
    mx, my = (left + right) / 2, (top + bottom) / 2
    shapes = [{"x": (x - mx) / span, "y": (y - my) / span, "r": r / span} for x, y, r in circles]
    for label in labels:
        label["x"] = (label["x"] - mx) / span
        label["y"] = (label["y"] - my) / span
    return shapes, labels


def venn_body(payload: Any, options: Any, theme: str) -> dict[str, Any]:
    """Translucent circles named by their set and labelled with its size; every overlap
    labelled with its size, its sets named in its tooltip and ``aria-label``."""
    if payload in (None, []):
        names: list[str] = []
        circles: list[dict[str, Any]] = []
        labels: list[dict[str, Any]] = []
    else:
        names, sizes = _read(payload)
        placed = layout(names, sizes)
        circles, labels = _normalised(placed, _labels(names, sizes, placed))
        for name, circle in zip(names, circles, strict=True):
            circle["set"] = name
            circle["size"] = sizes[frozenset([name])]
    form = json.dumps(options.format or ",~r")
    scale = "0.92 * min(width, height)"
    circle_mark = {
        "type": "symbol",
        "name": "circles",
        "from": {"data": "circle-data"},
        "encode": {
            "update": {
                "shape": {"value": "circle"},
                "x": {"signal": f"width / 2 + datum.x * {scale}"},
                "y": {"signal": f"height / 2 + datum.y * {scale}"},
                "size": {"signal": f"4 * pow(datum.r * {scale}, 2)"},
                "fill": {"scale": "color", "field": "set"},
                "fillOpacity": {"value": 0.35},
                "stroke": {"scale": "color", "field": "set"},
                "strokeWidth": {"value": 2},
                "tooltip": {"signal": f"{{set: datum.set, size: format(datum.size, {form})}}"},
                "description": {"signal": "'set ' + datum.set"},
            }
        },
    }
    label_mark = {
        "type": "text",
        "name": "labels",
        "from": {"data": "label-data"},
        "encode": {
            "update": {
                "x": {"signal": f"width / 2 + datum.x * {scale}"},
                "y": {"signal": f"height / 2 + datum.y * {scale}"},
                "align": {"value": "center"},
                "baseline": {"value": "middle"},
                "text": {
                    "signal": f"datum.kind === 'set' ? [datum.text, format(datum.size, {form})]"
                    f" : format(datum.size, {form})"
                },
                "fontWeight": {"signal": "datum.kind === 'set' ? 'bold' : 'normal'"},
                "fontSize": {"value": 12},
                "description": {
                    "signal": f"datum.kind + ' ' + datum.text + ': ' + format(datum.size, {form})"
                },
                "tooltip": {"signal": f"{{sets: datum.text, size: format(datum.size, {form})}}"},
                **text_fill(theme),
            }
        },
    }
    return {
        "data": [
            {"name": "circle-data", "values": circles},
            {"name": "label-data", "values": labels},
        ],
        "scales": [
            {
                "name": "color",
                "type": "ordinal",
                "domain": names or ["-"],
                "range": palette(options.colors),
            }
        ],
        "marks": [circle_mark, label_mark],
    }
