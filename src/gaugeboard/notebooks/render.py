"""A notebook as a dashboard: each shown cell becomes a widget whose output the page draws
with the dashboards' own renderers. Pure: the notebook and the names of its bundle's files
in, widgets out; nothing runs and nothing is fetched.

A Markdown cell is the ``markdown`` kind (the safe node tree; its pictures may be the
cell's attachments, ``data:`` images, http(s) pictures or the bundle's own files, and its
links may name the bundle's files). A code cell shows its outputs (and its code only when
it asks to), as one part, or as the ``outputs`` kind holding its parts in order. Raw cells
and cells with nothing to show are left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit

from gaugeboard.notebooks.layout import (
    GRID,
    GRID_COLUMNS,
    View,
    active_view,
    cell_flags,
    grid_box,
    hidden_in_view,
)
from gaugeboard.notebooks.outputs import (
    RASTER,
    Extras,
    Part,
    output_part,
    preformatted,
    text_of,
)
from gaugeboard.notebooks.parameters import Parameter, declared_parameters
from gaugeboard.widgets.chart_images import origin_of
from gaugeboard.widgets.content.markdown import ImageResolver, Node, markdown_nodes
from gaugeboard.widgets.content.urls import image_url_problem

# Rows given to a cell the grid view does not place (it goes below the others).
UNPLACED_ROWS = 4
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass(frozen=True)
class CellWidget:
    """One shown cell: its widget id, the cell's index, its place and its output."""

    id: str
    index: int
    cell_type: str
    x: int
    y: int
    w: int
    h: int
    output: Part


@dataclass(frozen=True)
class RenderedNotebook:
    """What a notebook page draws, and what its parts refer to."""

    layout: str
    widgets: tuple[CellWidget, ...]
    extras: Extras = field(default_factory=Extras)
    parameters: tuple[Parameter, ...] = ()

    @property
    def needs_plotly(self) -> bool:
        return any(part.get("kind") == "plotly" for part in self.parts())

    def parts(self) -> Iterator[Part]:
        for widget in self.widgets:
            output = widget.output
            yield from output.get("parts", []) if output.get("kind") == "outputs" else [output]


def bundle_path(reference: str, resources: frozenset[str]) -> str | None:
    """The bundle file a relative address names (``./img/a.png``, ``img/a%20b.png``), or
    None when it names none of ``resources``."""
    if not reference or _SCHEME.match(reference) or reference.startswith(("/", "#", "?")):
        return None
    path = unquote(urlsplit(reference).path)
    parts = [part for part in path.split("/") if part not in ("", ".")]
    if not parts or ".." in parts:
        return None
    candidate = "/".join(parts)
    return candidate if candidate in resources else None


def _attachment(cell: Mapping[str, Any], name: str, alt: str) -> Node | None:
    attachments = cell.get("attachments")
    bundle = attachments.get(name) if isinstance(attachments, dict) else None
    if not isinstance(bundle, dict):
        return None
    for mime in RASTER:
        if mime in bundle:
            url = f"data:{mime};base64," + re.sub(r"\s+", "", text_of(bundle[mime]))
            if image_url_problem(url) is None:
                return {"tag": "img", "src": url, "alt": alt}
    return None


def _image_resolver(
    cell: Mapping[str, Any], resources: frozenset[str], extras: Extras
) -> ImageResolver:
    def resolve(src: str, alt: str) -> Node | None:
        src = src.strip()
        if src.startswith("attachment:"):
            return _attachment(cell, unquote(src.removeprefix("attachment:")), alt)
        if src[:5].lower() == "data:":
            return {"tag": "img", "src": src, "alt": alt} if not image_url_problem(src) else None
        origin = origin_of(src)
        if origin is not None and image_url_problem(src) is None:
            extras.image_origins.add(origin)
            return {"tag": "img", "src": src, "alt": alt}
        found = bundle_path(src, resources)
        return {"tag": "img", "resource": found, "alt": alt} if found else None

    return resolve


def _bundle_links(nodes: list[Node], resources: frozenset[str]) -> list[Node]:
    """Links to the bundle's files name them as ``resource`` (the page makes the address)."""
    for node in nodes:
        if node.get("tag") == "a" and isinstance(node.get("href"), str):
            found = bundle_path(node["href"], resources)
            if found is not None:
                del node["href"]
                node["resource"] = found
        children = node.get("children")
        if isinstance(children, list):
            _bundle_links(children, resources)
    return nodes


def _markdown_output(cell: Mapping[str, Any], resources: frozenset[str], extras: Extras) -> Part:
    text = text_of(cell.get("source"))
    nodes = markdown_nodes(text, _image_resolver(cell, resources, extras))
    return {"ok": True, "kind": "markdown", "nodes": _bundle_links(nodes, resources)}


def _code_parts(
    cell: Mapping[str, Any],
    index: int,
    flags: frozenset[str],
    extras: Extras,
    images: ImageResolver,
) -> list[Part]:
    parts: list[Part] = []
    source = text_of(cell.get("source"))
    if "show_code" in flags and source.strip():
        parts.append(
            {"ok": True, "kind": "markdown", "nodes": [preformatted(source)], "tone": "code"}
        )
    if "hide_output" in flags:
        return parts
    outputs = cell.get("outputs")
    for number, output in enumerate(outputs if isinstance(outputs, list) else []):
        part = (
            output_part(output, f"c{index}-{number}", extras, images)
            if isinstance(output, dict)
            else None
        )
        if part is not None:
            parts.append(part)
    return parts


def _cell_output(
    cell: Mapping[str, Any], index: int, resources: frozenset[str], extras: Extras
) -> Part | None:
    kind = cell.get("cell_type")
    if kind == "markdown":
        return (
            _markdown_output(cell, resources, extras)
            if text_of(cell.get("source")).strip()
            else None
        )
    if kind != "code":
        return None
    images = _image_resolver({}, resources, extras)
    parts = _code_parts(cell, index, cell_flags(cell), extras, images)
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else {"ok": True, "kind": "outputs", "parts": parts}


def render_notebook(
    notebook: Mapping[str, Any], resources: frozenset[str] = frozenset()
) -> RenderedNotebook:
    """The widgets of ``notebook`` (nbformat 4, already validated); ``resources`` are the
    relative paths of its bundle's files (empty for a lone ``.ipynb``)."""
    view = active_view(notebook)
    extras = Extras()
    cells = notebook.get("cells")
    shown: list[tuple[int, Mapping[str, Any], Part]] = []
    for index, cell in enumerate(cells if isinstance(cells, list) else []):
        if not isinstance(cell, dict) or "hidden" in cell_flags(cell) or hidden_in_view(cell, view):
            continue
        output = _cell_output(cell, index, resources, extras)
        if output is not None:
            shown.append((index, cell, output))
    widgets = _placed(shown, view)
    return RenderedNotebook(
        layout=view.type if view.type == GRID else "report",
        widgets=widgets,
        extras=extras,
        parameters=tuple(declared_parameters(notebook)),
    )


def _placed(shown: list[tuple[int, Mapping[str, Any], Part]], view: View) -> tuple[CellWidget, ...]:
    """Widgets at their grid boxes (cells the view leaves out go below, full width), or in
    order one per row for a report."""
    boxes = [grid_box(cell, view, "full_width" in cell_flags(cell)) for _, cell, _ in shown]
    bottom = max((box.y + box.h for box in boxes if box is not None), default=0)
    widgets = []
    for (index, cell, output), box in zip(shown, boxes, strict=True):
        if box is None:
            x, y, w, h = 0, bottom, GRID_COLUMNS, UNPLACED_ROWS
            bottom += UNPLACED_ROWS
        else:
            x, y, w, h = box.x, box.y, box.w, box.h
        widgets.append(
            CellWidget(f"cell-{index}", index, str(cell.get("cell_type")), x, y, w, h, output)
        )
    return tuple(widgets)
