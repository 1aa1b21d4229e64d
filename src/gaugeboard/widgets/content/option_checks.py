"""Reading a content widget's ``options`` through its pydantic model.

Typos must be reported, not ignored, so every model forbids unknown keys; the same
``name: reason`` strings serve the document check and the renderer.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from gaugeboard.json_paths import json_path
from gaugeboard.widgets.request import WidgetDataError


class ContentOptions(BaseModel):
    """Base of every content type's options: unknown keys are problems."""

    model_config = ConfigDict(extra="forbid", frozen=True)


Model = TypeVar("Model", bound=ContentOptions)


def _reason(model: type[BaseModel], error: Any) -> str:
    if error["type"] == "extra_forbidden":
        return f"unknown option (known: {', '.join(sorted(model.model_fields))})"
    return str(error["msg"]).removeprefix("Value error, ")


def problems_of(model: type[ContentOptions], options: Mapping[str, Any]) -> list[str]:
    """Every problem of ``options`` for ``model`` as ``name: reason`` strings."""
    try:
        model.model_validate(dict(options))
    except ValidationError as exc:
        return [f"{json_path(tuple(e['loc']))}: {_reason(model, e)}" for e in exc.errors()]
    return []


def read_options(model: type[Model], options: Mapping[str, Any]) -> Model:
    """The checked options; WidgetDataError naming each bad option otherwise."""
    try:
        return model.model_validate(dict(options))
    except ValidationError:
        raise WidgetDataError(
            [f"options.{problem}" for problem in problems_of(model, options)]
        ) from None
