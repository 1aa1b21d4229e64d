"""A notebook's JSON: read, brought to nbformat 4, repaired where tools are known to
write it wrong, and validated by nbformat's own schema.

Altair 6 writes its charts under ``application/vnd.vegalite.v6.json`` (no ``+``), which
nbformat's schema refuses, so that spelling (and Vega's) is renamed to the ``+json`` one
before validation: the chart is kept, and the stored notebook is valid for nbclient.
Cells of nbformat 4.5+ without an ``id`` get one (nbformat warns and will refuse them).
"""

from __future__ import annotations

import re
import warnings
from typing import Any

import nbformat
import orjson
from nbformat.validator import ValidationError as NotebookValidationError

from gaugeboard.errors import ValidationFailed
from gaugeboard.json_paths import json_path

NOTEBOOK_MAJOR = 4
# Altair's spelling without the "+": application/vnd.vegalite.v6.json, vnd.vega.v5.json.
_PLUSLESS_VEGA = re.compile(r"application/vnd\.vega(?:lite)?\.v\d+(?:\.\d+)*\.json")
_MAX_MESSAGE = 300


def _problem(message: str) -> ValidationFailed:
    return ValidationFailed(f"file: {message}")


def loads_json(data: bytes, what: str) -> Any:
    """``data`` parsed as JSON; ValidationFailed saying where it is not."""
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise _problem(f"{what} is not valid JSON ({str(exc)[:_MAX_MESSAGE]})") from None


def _repair_vega_keys(notebook: dict[str, Any]) -> None:
    for cell in notebook.get("cells") or []:
        outputs = cell.get("outputs") if isinstance(cell, dict) else None
        for output in outputs if isinstance(outputs, list) else []:
            data = output.get("data") if isinstance(output, dict) else None
            if not isinstance(data, dict):
                continue
            for key in [key for key in data if _PLUSLESS_VEGA.fullmatch(key)]:
                if isinstance(data[key], dict):
                    fixed = key[: -len(".json")] + "+json"
                    data.setdefault(fixed, data[key])
                    del data[key]


def _add_cell_ids(notebook: dict[str, Any]) -> None:
    """Ids for the cells of a 4.5+ notebook that lack one (unique in the notebook)."""
    if notebook.get("nbformat_minor", 0) < 5:
        return
    cells = [cell for cell in notebook.get("cells") or [] if isinstance(cell, dict)]
    taken = {cell["id"] for cell in cells if isinstance(cell.get("id"), str)}
    number = 0
    for cell in cells:
        if "id" in cell:
            continue
        while f"cell-{number}" in taken:
            number += 1
        cell["id"] = f"cell-{number}"
        taken.add(cell["id"])


def _upgraded(raw: dict[str, Any]) -> dict[str, Any]:
    major = raw.get("nbformat")
    if not isinstance(major, int) or isinstance(major, bool):
        raise _problem("not a Jupyter notebook: it has no whole-number 'nbformat' version")
    if major > NOTEBOOK_MAJOR or major < 3:
        raise _problem(f"nbformat {major} notebooks are not read; save it as nbformat 4")
    if major == NOTEBOOK_MAJOR:
        return raw
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            notebook = nbformat.from_dict(raw)  # type: ignore[no-untyped-call]
            converted = nbformat.convert(notebook, NOTEBOOK_MAJOR)  # type: ignore[no-untyped-call]
    except Exception:  # nbformat's converters raise whatever the bad input makes them
        raise _problem(f"this nbformat {major} notebook cannot be converted to 4") from None
    return orjson.loads(orjson.dumps(converted))  # type: ignore[no-any-return]


def _validation_message(error: NotebookValidationError) -> str:
    where = json_path(("notebook", *error.absolute_path))
    message = str(error.message)
    if len(message) > _MAX_MESSAGE:
        message = message[:_MAX_MESSAGE] + "…"
    return f"not a valid Jupyter notebook: {where}: {message}"


def checked_notebook(raw: Any) -> dict[str, Any]:
    """``raw`` (parsed JSON) as a valid nbformat 4 notebook; ValidationFailed naming the
    first problem nbformat's schema finds."""
    if not isinstance(raw, dict):
        raise _problem("not a Jupyter notebook: the JSON is not an object")
    notebook = _upgraded(raw)
    _repair_vega_keys(notebook)
    _add_cell_ids(notebook)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            nbformat.validate(notebook)
        except NotebookValidationError as exc:
            raise _problem(_validation_message(exc)) from None
    return notebook


def parse_notebook(data: bytes) -> dict[str, Any]:
    """The bytes of an ``.ipynb`` as a valid nbformat 4 notebook."""
    return checked_notebook(loads_json(data, "the notebook"))


def notebook_bytes(notebook: dict[str, Any]) -> bytes:
    """The notebook as stored: indented JSON, as Jupyter writes it."""
    return orjson.dumps(notebook, option=orjson.OPT_INDENT_2) + b"\n"


def notebook_title(notebook: dict[str, Any], fallback: str) -> str:
    """``metadata.title`` when the notebook names itself, else ``fallback``."""
    title = (notebook.get("metadata") or {}).get("title")
    if isinstance(title, str) and title.strip():
        return title.strip()[:200]
    return fallback[:200]
