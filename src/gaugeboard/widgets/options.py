"""Per-type widget options: what each type accepts in ``options``, checked with paths."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def options_problems(widget_type: str, options: Mapping[str, Any]) -> list[str]:
    """Every problem with ``options`` for ``widget_type``, as ``name: reason`` strings."""
    return []
