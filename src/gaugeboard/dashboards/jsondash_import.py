"""Turn a flask_jsondash dashboard into a gaugeboard document without losing a widget.

Pure: no database, no network. Whatever gaugeboard has no field for (jsondash's ``id``,
``date``, ``created_by``, each module's ``guid``, ``family``, ``row``, ``order``, pixel
sizes, ``classes``, ``override``…) is kept under a ``jsondash`` key on the document and on
each widget: the document model keeps unknown keys, so the original can be rebuilt.
Problems are reported all at once in jsondash's own terms (``modules[3].type``); the
result still goes through ``parse_document`` like any other document.

Bootstrap classes in a module's ``classes`` that have a meaning here become the widget's
``emphasis`` (``text-danger``, ``bg-success``…) and, in a grid, its width when the module
gives none (``col-md-6``); all its classes stay under ``jsondash``.

A module that cannot be drawn (a type gaugeboard does not know, an address that cannot be
shown) never refuses the dashboard: it becomes an ``unsupported`` widget that fails alone,
naming its reason, and keeps the module so a later version can draw it. Only problems of
the document itself (its name, layout, sizes, rows) refuse it.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from gaugeboard.errors import ValidationFailed
from gaugeboard.sources.definitions import UrlSource
from gaugeboard.widgets.catalog import JSONDASH_ALIASES, WIDGET_TYPES, unknown_type_message
from gaugeboard.widgets.content.urls import embed_source, frame_url_problem, image_url_problem

# One grid row of gaugeboard.css (``grid-auto-rows: 60px``): a jsondash height in pixels
# becomes ceil(height / 60) rows.
GRID_ROW_PIXELS = 60
GRID_COLUMNS = 12
MAX_GRID_ROWS = 48
# Freeform widgets are packed left to right, in ``order``, into a canvas this wide.
FREEFORM_CANVAS_PIXELS = 1200
MIN_FREEFORM_PIXELS = 40
MAX_FREEFORM_PIXELS = 10_000
# jsondash's edit form fills in 10 s when refresh is on and no interval is given.
DEFAULT_REFRESH_MS = 10_000
MIN_REFRESH_SECONDS = 5
MAX_REFRESH_SECONDS = 86_400
# Always fullmatch: with re.match, "$" also matches before a trailing newline.
WIDGET_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
GRID_WIDTH = re.compile(r"col-(?:(?:xs|sm|md|lg)-)?(\d{1,2})")
COLUMN_CLASS = re.compile(r"col-(?:(xs|sm|md|lg)-)?(\d{1,2})")
EMPHASIS_CLASS = re.compile(
    r"(?:text|bg|panel|alert|label|btn|border)-(primary|info|success|warning|danger|muted|error)"
)
EMPHASIS_ALIASES = {"error": "danger"}
INTERVAL = re.compile(r"(\d+(?:\.\d+)?)(?:-([smhd]))?")
UNIT_MS = {None: 1, "s": 1000, "m": 60_000, "h": 3_600_000, "d": 86_400_000}
# Module keys that become widget fields; every other key is kept under ``jsondash``.
MAPPED_MODULE_KEYS = frozenset({"name", "dataSource", "key", "inputs"})
MAPPED_DOCUMENT_KEYS = frozenset({"name", "layout", "modules"})
NO_CATEGORY = "uncategorized"
# jsondash types whose dataSource is the page or image itself, not data.
EMBEDDED_TYPES = frozenset({"iframe", "image", "youtube"})


@dataclass
class _Box:
    """A widget's place while laying out: size in columns/rows (grid) or pixels."""

    index: int
    group: int
    order: float
    w: int
    h: int
    x: int = 0
    y: int = 0


def convert_jsondash(raw: Any, folder: str = "", global_user: str = "global") -> dict[str, Any]:
    """The gaugeboard document for jsondash dashboard ``raw``; widgets keep the modules'
    order. Raise ValidationFailed listing every problem (refused types, bad sizes…)."""
    if not isinstance(raw, dict):
        raise ValidationFailed("(document): must be a JSON object")
    problems: list[str] = []
    modules = _modules(raw, problems)
    layout = _layout(raw, modules, problems)
    ids = _widget_ids(modules)
    widgets: list[dict[str, Any]] = []
    boxes: list[_Box] = []
    for index, module in enumerate(modules):
        if not isinstance(module, dict):
            problems.append(f"modules[{index}]: must be an object")
            continue
        widget, box = _widget(module, index, layout, problems)
        widget["id"] = ids[index]
        widgets.append(widget)
        if box is not None:
            boxes.append(box)
    title = _title(raw, problems)
    if problems:
        raise ValidationFailed(problems)
    _place(widgets, boxes, layout)
    document: dict[str, Any] = {
        "title": title,
        "name": slugify(title) or slugify(str(raw.get("id") or "")) or "dashboard",
        "folder": folder.strip("/") or _category_folder(raw.get("category")),
        "layout": layout,
        "widgets": widgets,
        "jsondash": {k: v for k, v in raw.items() if k not in MAPPED_DOCUMENT_KEYS},
    }
    if raw.get("created_by") == global_user:
        document["global"] = True
    return document


def is_jsondash(raw: Any) -> bool:
    """A jsondash dashboard has ``modules`` where a gaugeboard document has ``widgets``."""
    return isinstance(raw, dict) and "modules" in raw and "widgets" not in raw


def slugify(text: str) -> str:
    """A path segment from free text: ASCII letters and digits, ``-`` between words."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9_.]+", "-", ascii_text.lower())
    slug = re.sub(r"\.{2,}", ".", slug).strip("-._")
    return slug[:100].rstrip("-._")


def _modules(raw: dict[str, Any], problems: list[str]) -> list[Any]:
    modules = raw.get("modules")
    if not isinstance(modules, list):
        problems.append("modules: must be a list of modules")
        return []
    return modules


def _field(module: Any, name: str) -> Any:
    return module.get(name) if isinstance(module, dict) else None


def _layout(raw: dict[str, Any], modules: list[Any], problems: list[str]) -> str:
    """``grid`` or ``freeform``; documents older than jsondash's grid have no ``layout``:
    grid when a module has a ``row``, else freeform."""
    layout = raw.get("layout")
    if layout is None:
        has_rows = any(_field(module, "row") is not None for module in modules)
        return "grid" if has_rows else "freeform"
    if layout not in ("grid", "freeform"):
        problems.append(f"layout: must be 'grid' or 'freeform', not {layout!r}")
        return "grid"
    return str(layout)


def _title(raw: dict[str, Any], problems: list[str]) -> str:
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        problems.append("name: required (the dashboard's title)")
        return ""
    return name.strip()


def _category_folder(category: Any) -> str:
    """jsondash files dashboards by ``category``; ``uncategorized`` is its word for none."""
    if not isinstance(category, str) or category.strip().lower() == NO_CATEGORY:
        return ""
    return slugify(category)


def _widget_ids(modules: list[Any]) -> list[str]:
    """Each module's ``guid`` when it is a valid, unused widget id; ``w1``, ``w2``… else."""
    ids: list[str | None] = []
    used: set[str] = set()
    for module in modules:
        guid = _field(module, "guid")
        if isinstance(guid, str) and WIDGET_ID.fullmatch(guid) and guid not in used:
            used.add(guid)
            ids.append(guid)
        else:
            ids.append(None)
    counter = 0
    result = []
    for given in ids:
        if given is None:
            counter += 1
            while f"w{counter}" in used:
                counter += 1
            given = f"w{counter}"
            used.add(given)
        result.append(given)
    return result


def _widget(
    module: dict[str, Any], index: int, layout: str, problems: list[str]
) -> tuple[dict[str, Any], _Box | None]:
    where = f"modules[{index}]"
    widget: dict[str, Any] = {"title": module.get("name") or ""}
    widget.update(_content(module, where, problems))
    for field in ("key", "inputs"):
        if module.get(field) is not None:
            widget[field] = module[field]
    refresh = _refresh_seconds(module, where, problems)
    if refresh is not None:
        widget["refresh"] = refresh
    emphasis = class_emphasis(module_classes(module))
    if emphasis is not None:
        widget["emphasis"] = emphasis
    widget["jsondash"] = {k: v for k, v in module.items() if k not in MAPPED_MODULE_KEYS}
    if module.get("type") == "youtube" or widget.get("type") == "unsupported":
        # The embed code cannot be rebuilt from the URL; an unsupported widget has no source.
        widget["jsondash"]["dataSource"] = module.get("dataSource")
    boxed = _grid_box if layout == "grid" else _free_box
    box = boxed(module, index, problems)
    if box is not None:
        _height(module, where, layout, box, problems)
    return widget, box


# jsondash sparkline kinds other than a line: the sparkline ``mark`` that draws each.
SPARKLINE_MARKS = {
    "sparklines-bar": "bar",
    "sparklines-tristate": "tristate",
    "sparklines-discrete": "discrete",
    "sparklines-bullet": "bullet",
}


MAX_REASON = 1000


def unsupported(reason: str) -> dict[str, Any]:
    """The content of a widget that fails alone with ``reason``."""
    return {"type": "unsupported", "options": {"reason": reason[:MAX_REASON]}}


def _content(module: dict[str, Any], where: str, problems: list[str]) -> dict[str, Any]:
    """The widget's ``type`` and where its content comes from (``source`` or ``options``);
    an ``unsupported`` widget naming the reason when the module cannot be drawn."""
    jsondash_type = module.get("type")
    if not isinstance(jsondash_type, str) or not jsondash_type:
        problems.append(f"{where}.type: required")
        return {}
    widget_type = JSONDASH_ALIASES.get(jsondash_type, jsondash_type)
    if widget_type not in WIDGET_TYPES or widget_type == "unsupported":
        return unsupported(f"{where}.type: {unknown_type_message(jsondash_type)}")
    content: dict[str, Any] = {"type": widget_type}
    if jsondash_type in SPARKLINE_MARKS:
        content["options"] = {"mark": SPARKLINE_MARKS[jsondash_type]}
    try:
        url = _data_source(module.get("dataSource"), jsondash_type)
    except ValueError as exc:
        return unsupported(f"{where}.dataSource: {exc}")
    if url is None:
        return content
    if jsondash_type in EMBEDDED_TYPES:
        content["options"] = {"url": url}
    else:
        content["source"] = {"type": "url", "url": url}
    return content


def _data_source(value: Any, jsondash_type: str) -> str | None:
    """The URL a module names; None when empty (the widget is kept, with no source).
    ValueError saying why when the address cannot be used."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError("must be a URL")
    url = value.strip()
    if jsondash_type == "youtube" and url.startswith("<"):
        found = youtube_url(url)
        if not found:
            raise ValueError('no <iframe src="…"> in the YouTube embed code')
        url = found
    if jsondash_type in EMBEDDED_TYPES:
        # A path starting with "/" is the host's own page, as jsondash resolves it.
        check = image_url_problem if jsondash_type == "image" else frame_url_problem
        problem = check(url)
        if problem:
            raise ValueError(problem)
        return url
    try:
        UrlSource.model_validate({"type": "url", "url": url})
    except ValidationError as exc:
        raise ValueError(exc.errors()[0]["msg"].removeprefix("Value error, ")) from None
    return url


def youtube_url(embed_code: str) -> str | None:
    """The ``src`` of YouTube's ``<iframe …>`` embed code (``//host`` becomes https)."""
    src = (embed_source(embed_code) or "").strip()
    return "https:" + src if src.startswith("//") else src or None


def _refresh_seconds(module: dict[str, Any], where: str, problems: list[str]) -> int | None:
    """``refresh`` + ``refreshInterval`` (milliseconds, or jsondash's ``N-s``/``N-m``/``N-h``/
    ``N-d``) as whole seconds, rounded up, at least 5; None when refresh is off."""
    if module.get("refresh") is not True:
        return None
    interval = module.get("refreshInterval")
    if interval is None or interval == "":
        milliseconds = float(DEFAULT_REFRESH_MS)
    elif isinstance(interval, int | float) and not isinstance(interval, bool):
        milliseconds = float(interval)
    elif isinstance(interval, str) and (match := INTERVAL.fullmatch(interval.strip())):
        milliseconds = float(match.group(1)) * UNIT_MS[match.group(2)]
    else:
        problems.append(f"{where}.refreshInterval: must be milliseconds, or N-s, N-m, N-h, N-d")
        return None
    seconds = math.ceil(milliseconds / 1000)
    return min(max(seconds, MIN_REFRESH_SECONDS), MAX_REFRESH_SECONDS)


def _pixels(value: Any) -> int | None:
    """A positive pixel size from a number or a numeric string (``"400"``, ``"400px"``)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(?:px)?\s*", value)
        value = float(match.group(1)) if match else None
    if isinstance(value, int | float) and value > 0 and math.isfinite(value):
        return math.ceil(value)
    return None


def _order(value: Any) -> float:
    """jsondash's sort key: a missing or invalid ``order`` sorts first (-1)."""
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
        return float(value)
    return -1.0


def module_classes(module: Mapping[str, Any]) -> list[str]:
    """A module's ``classes``: a list of class names, or one space-separated string."""
    classes = module.get("classes")
    if isinstance(classes, str):
        return classes.split()
    if isinstance(classes, list):
        return [name for item in classes if isinstance(item, str) for name in item.split()]
    return []


def class_emphasis(classes: list[str]) -> str | None:
    """The emphasis Bootstrap's contextual classes give (``text-danger``, ``bg-success``,
    ``panel-info``…); the first one that has a meaning wins."""
    for name in classes:
        match = EMPHASIS_CLASS.fullmatch(name.lower())
        if match:
            return EMPHASIS_ALIASES.get(match.group(1), match.group(1))
    return None


def class_columns(classes: list[str]) -> int | None:
    """The desktop width Bootstrap column classes give (``col-lg-N`` over ``col-md-N``
    over ``col-N`` over ``col-sm-N`` over ``col-xs-N``), or None."""
    found: dict[str, int] = {}
    for name in classes:
        match = COLUMN_CLASS.fullmatch(name.lower())
        if match and 1 <= int(match.group(2)) <= GRID_COLUMNS:
            found.setdefault(match.group(1) or "", int(match.group(2)))
    return next((found[size] for size in ("lg", "md", "", "sm", "xs") if size in found), None)


def _grid_box(module: dict[str, Any], index: int, problems: list[str]) -> _Box | None:
    where = f"modules[{index}]"
    width = module.get("width")
    match = GRID_WIDTH.fullmatch(width) if isinstance(width, str) else None
    columns = int(match.group(1)) if match else 0
    if not 1 <= columns <= GRID_COLUMNS:
        # A module without a usable width takes the one its column classes give.
        columns = class_columns(module_classes(module)) or columns
    if not 1 <= columns <= GRID_COLUMNS:
        problems.append(f"{where}.width: {width!r} is not a grid width (use col-1 … col-12)")
    row = module.get("row")
    if isinstance(row, str) and row.strip().isdigit():
        row = int(row)
    if not isinstance(row, int) or isinstance(row, bool) or row < 1:
        problems.append(f"{where}.row: a grid layout needs a row (a whole number from 1)")
        row = 0
    return _Box(index=index, group=row, order=_order(module.get("order")), w=columns, h=1)


def _free_box(module: dict[str, Any], index: int, problems: list[str]) -> _Box | None:
    width = _pixels(module.get("width"))
    if width is None:
        problems.append(f"modules[{index}].width: must be a number of pixels in freeform layout")
        return None
    width = min(max(width, MIN_FREEFORM_PIXELS), MAX_FREEFORM_PIXELS)
    return _Box(index=index, group=0, order=_order(module.get("order")), w=width, h=1)


def _height(
    module: dict[str, Any], where: str, layout: str, box: _Box, problems: list[str]
) -> None:
    """Grid: rows of GRID_ROW_PIXELS (1-48). Freeform: pixels (40-10,000)."""
    pixels = _pixels(module.get("height"))
    if pixels is None:
        problems.append(f"{where}.height: must be a number of pixels")
    elif layout == "grid":
        box.h = min(max(math.ceil(pixels / GRID_ROW_PIXELS), 1), MAX_GRID_ROWS)
    else:
        box.h = min(max(pixels, MIN_FREEFORM_PIXELS), MAX_FREEFORM_PIXELS)


def _place(widgets: list[dict[str, Any]], boxes: list[_Box], layout: str) -> None:
    """Give every widget its position. Grid: rows in ``row`` order, each starting below the
    previous one, widgets left to right by ``order`` (a row wider than 12 columns wraps).
    Freeform: the same packing, in ``order``, into a 1200 px wide canvas."""
    width = GRID_COLUMNS if layout == "grid" else FREEFORM_CANVAS_PIXELS
    groups: dict[int, list[_Box]] = {}
    for box in sorted(boxes, key=lambda box: (box.group, box.order, box.index)):
        groups.setdefault(box.group, []).append(box)
    top = 0
    for group in groups.values():
        x, y, line = 0, top, 0
        for box in group:
            if x and x + box.w > width:
                x, y, line = 0, y + line, 0
            box.x, box.y = x, y
            x += box.w
            line = max(line, box.h)
        top = y + line
    for box in boxes:
        widgets[box.index]["position"] = {"x": box.x, "y": box.y, "w": box.w, "h": box.h}
