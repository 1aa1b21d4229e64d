"""One spelling of a validation error's location: ``widgets[0].position.w``."""

from __future__ import annotations


def json_path(location: tuple[int | str, ...]) -> str:
    """pydantic's error location as a JSON path: ``widgets[0].position.w``."""
    path = ""
    for part in location:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path or "(document)"
