"""Notebooks written by the tests with nbformat, their outputs set directly (what a kernel
would have saved), and zip bundles made of them: every output type a notebook dashboard
draws, without running anything."""

from __future__ import annotations

import base64
import io
import struct
import zipfile
import zlib
from collections.abc import Iterable, Mapping
from typing import Any

import nbformat
from nbformat import v4
from nbformat.notebooknode import NotebookNode

VEGA_LITE = "application/vnd.vegalite.v6+json"
ALTAIR_VEGA_LITE = "application/vnd.vegalite.v6.json"  # Altair 6's spelling, no "+"
PLOTLY = "application/vnd.plotly.v1+json"


def png(width: int = 4, height: int = 3, rgb: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    """A real PNG of one colour (what matplotlib's inline backend saves, only smaller)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


def png_base64(**kwargs: Any) -> str:
    return base64.b64encode(png(**kwargs)).decode()


def altair_spec() -> dict[str, Any]:
    """A chart as Altair writes it: named data sets, a config, and its own $schema."""
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.4.1.json",
        "config": {"view": {"continuousWidth": 300, "continuousHeight": 300}},
        "data": {"name": "data-3f1c"},
        "datasets": {"data-3f1c": [{"city": "Oslo", "visits": 3}, {"city": "Bergen", "visits": 5}]},
        "mark": {"type": "bar"},
        "encoding": {
            "x": {"field": "city", "type": "nominal"},
            "y": {"field": "visits", "type": "quantitative"},
        },
        "usermeta": {"embedOptions": {"actions": True, "patch": "{}"}},
    }


def plotly_figure() -> dict[str, Any]:
    """A Plotly figure as plotly.py saves it in a notebook (data, layout, config)."""
    return {
        "data": [{"type": "bar", "x": ["a", "b", "c"], "y": [2, 5, 3], "name": "counts"}],
        "layout": {"title": {"text": "Counts"}, "template": {"layout": {"font": {"size": 12}}}},
        "config": {"plotlyServerURL": "https://plot.ly", "displayModeBar": True},
    }


SVG_WITH_SCRIPT = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20" onload="alert(1)">'
    '<script>alert("svg")</script><rect id="shape" width="40" height="20" fill="teal"/></svg>'
)
PANDAS_HTML = (
    '<div><style scoped>.dataframe td { color: red; }</style><table border="1" '
    'class="dataframe"><thead><tr><th></th><th>city</th></tr></thead><tbody><tr><th>0</th>'
    "<td>Oslo</td></tr></tbody></table><script>alert('html')</script></div>"
)
TRACEBACK = [
    "\x1b[0;31m---------------------------------------------------------------\x1b[0m",
    "\x1b[0;31mZeroDivisionError\x1b[0m   Traceback (most recent call last)",
    "Cell \x1b[0;32mIn[3], line 1\x1b[0m\n\x1b[0;32m----> 1\x1b[0m 1/0",
    "\x1b[0;31mZeroDivisionError\x1b[0m: division by zero",
]


def markdown(text: str, tags: Iterable[str] = (), **metadata: Any) -> NotebookNode:
    cell = v4.new_markdown_cell(text)
    cell.metadata.update(metadata)
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


def code(
    source: str, outputs: Iterable[NotebookNode] = (), tags: Iterable[str] = (), **metadata: Any
) -> NotebookNode:
    cell = v4.new_code_cell(source)
    cell.outputs = list(outputs)
    cell.metadata.update(metadata)
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


def display(data: Mapping[str, Any]) -> NotebookNode:
    return v4.new_output("display_data", data=dict(data))


def result(data: Mapping[str, Any], count: int = 1) -> NotebookNode:
    return v4.new_output("execute_result", data=dict(data), execution_count=count)


def stream(text: str, name: str = "stdout") -> NotebookNode:
    return v4.new_output("stream", name=name, text=text)


def error(name: str = "ZeroDivisionError", value: str = "division by zero") -> NotebookNode:
    return v4.new_output("error", ename=name, evalue=value, traceback=TRACEBACK)


def notebook(*cells: NotebookNode, **metadata: Any) -> NotebookNode:
    made = v4.new_notebook()
    made.cells = list(cells)
    made.metadata.update(metadata)
    return made


def ipynb(made: NotebookNode) -> bytes:
    return nbformat.writes(made).encode()


def with_altair_spelling(data: bytes) -> bytes:
    """The notebook's Vega-Lite outputs under Altair 6's key (nbformat would refuse to
    write it, so the JSON is edited after writing)."""
    return data.replace(VEGA_LITE.encode(), ALTAIR_VEGA_LITE.encode())


def zip_bundle(entries: Mapping[str, bytes], symlinks: Mapping[str, str] | None = None) -> bytes:
    """A zip of ``entries`` (name → content), plus symbolic links (name → target)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
        for name, target in (symlinks or {}).items():
            info = zipfile.ZipInfo(name)
            info.external_attr = (0o120777 << 16) | 0x20
            archive.writestr(info, target)
    return buffer.getvalue()


def grid_view(col: int, row: int, width: int, height: int, hidden: bool = False) -> dict[str, Any]:
    """A cell's place in the Jupyter Dashboards grid view ``grid_default``."""
    return {
        "extensions": {
            "jupyter_dashboards": {
                "version": 1,
                "views": {
                    "grid_default": {
                        "col": col,
                        "row": row,
                        "width": width,
                        "height": height,
                        "hidden": hidden,
                    },
                    "report_default": {"hidden": hidden},
                },
            }
        }
    }


GRID_NOTEBOOK_METADATA: dict[str, Any] = {
    "extensions": {
        "jupyter_dashboards": {
            "version": 1,
            "activeView": "grid_default",
            "views": {
                "grid_default": {
                    "name": "grid",
                    "type": "grid",
                    "cellMargin": 10,
                    "cellHeight": 20,
                    "maxColumns": 12,
                },
                "report_default": {"name": "report", "type": "report"},
            },
        }
    }
}


def showcase() -> NotebookNode:
    """One notebook with every kind of output a dashboard draws."""
    return notebook(
        markdown("# Sales report\n\nFigures for **May**.\n\n<script>alert('md')</script>"),
        code(
            "alt.Chart(df).mark_bar()",
            [display({VEGA_LITE: altair_spec(), "text/plain": "<VegaLite 6 object>"})],
        ),
        code("px.bar(df)", [display({PLOTLY: plotly_figure(), "text/html": "<div>plotly</div>"})]),
        code(
            "plt.plot()",
            [
                display(
                    {"image/png": png_base64(), "text/plain": "<Figure size 640x480 with 1 Axes>"}
                )
            ],
        ),
        code("svg", [display({"image/svg+xml": SVG_WITH_SCRIPT, "text/plain": "<svg>"})]),
        code("df", [result({"text/html": PANDAS_HTML, "text/plain": "  city\n0 Oslo"})]),
        code("print('hello')", [stream("hello\n")]),
        code("1/0", [error()]),
        code("x = 1"),
    )
