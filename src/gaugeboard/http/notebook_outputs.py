"""A notebook's rendered outputs with their addresses, as the page embeds them and the run
API answers them: HTML outputs name their sandboxed frame, SVG outputs their picture, and
bundle files their address under the notebook's path. The outputs of a version live under
``/notebook-outputs/<id>/<version>/``, those of a parameter or cell run under
``/notebook-outputs/<id>/runs/<key>/``."""

from __future__ import annotations

import copy
from typing import Any

from flask import url_for

from gaugeboard.dashboards.paths import join_path
from gaugeboard.notebooks.render import RenderedNotebook
from gaugeboard.store.notebook_models import Notebook


def notebook_address(notebook: Notebook) -> str:
    return join_path(notebook.folder, notebook.name)


def file_url(notebook_path: str, resource: str, external: bool) -> str:
    return url_for("gaugeboard.web.browse", path=f"{notebook_path}/{resource}", _external=external)


def _node_addresses(nodes: list[Any], notebook_path: str) -> None:
    for node in nodes:
        if not isinstance(node, dict):
            continue
        resource = node.pop("resource", None)
        if isinstance(resource, str) and node.get("tag") == "img":
            node["src"] = file_url(notebook_path, resource, external=True)
        elif isinstance(resource, str) and node.get("tag") == "a":
            node["href"] = file_url(notebook_path, resource, external=False)
        children = node.get("children")
        if isinstance(children, list):
            _node_addresses(children, notebook_path)


def output_url(notebook: Notebook, where: int | str, name: str, external: bool = False) -> str:
    """The address of one output file of a version (``where`` a number) or a run (a key)."""
    if isinstance(where, str):
        return url_for(
            "gaugeboard.web.notebook_run_output",
            notebook_id=notebook.id,
            key=where,
            name=name,
            _external=external,
        )
    return url_for(
        "gaugeboard.web.notebook_output",
        notebook_id=notebook.id,
        version=where,
        name=name,
        _external=external,
    )


def _part_addresses(part: dict[str, Any], notebook: Notebook, where: int | str) -> None:
    name = part.get("part")
    if isinstance(name, str) and part.get("kind") == "html":
        part["src"] = output_url(notebook, where, f"{name}.html")
    elif isinstance(name, str) and part.get("kind") == "image":
        part["url"] = output_url(notebook, where, f"{name}.svg", external=True)
    if isinstance(part.get("nodes"), list):
        _node_addresses(part["nodes"], notebook_address(notebook))


def page_outputs(
    rendered: RenderedNotebook, notebook: Notebook, where: int | str
) -> dict[str, dict[str, Any]]:
    """Each widget's output with the addresses of its frames, pictures and bundle files
    (a copy: the rendering is shared through the cache). ``where``: the version drawn, or
    the key of the run whose outputs these are."""
    outputs = {}
    for widget in rendered.widgets:
        output = copy.deepcopy(widget.output)
        parts = output["parts"] if output.get("kind") == "outputs" else [output]
        for part in parts:
            _part_addresses(part, notebook, where)
        outputs[widget.id] = output
    return outputs


def widget_boxes(rendered: RenderedNotebook) -> list[dict[str, Any]]:
    """Where each widget goes: what the page needs to lay out a run's new cells."""
    return [
        {
            "id": widget.id,
            "index": widget.index,
            "cell_type": widget.cell_type,
            "x": widget.x,
            "y": widget.y,
            "w": widget.w,
            "h": widget.h,
        }
        for widget in rendered.widgets
    ]
