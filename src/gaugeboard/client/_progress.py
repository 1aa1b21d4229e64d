"""Progress of long uploads: a tqdm bar on a terminal, nothing anywhere else.

``progress=None`` (the default) shows a bar when tqdm is installed and stderr is a
terminal, so scripts, logs and CI stay quiet; ``True`` asks for one (and needs tqdm),
``False`` never shows one.
"""

from __future__ import annotations

import importlib
import sys
from types import TracebackType
from typing import Any

from gaugeboard.client._frames import INSTALL_HINT


class Progress:
    """Rows sent so far, shown as a bar or not at all; a context manager."""

    def __init__(self, total: int, description: str, wanted: bool | None) -> None:
        self.bar: Any = None
        tqdm = _tqdm(wanted)
        if tqdm is not None:
            self.bar = tqdm(total=total, desc=description, unit="rows", unit_scale=True)

    def advance(self, rows: int) -> None:
        if self.bar is not None:
            self.bar.update(rows)

    def restart(self) -> None:
        """Back to zero (a body made again to be sent again)."""
        if self.bar is not None:
            self.bar.reset()

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self.bar is not None:
            self.bar.close()


def _tqdm(wanted: bool | None) -> Any:
    if wanted is False:
        return None
    if wanted is None and not _terminal():
        return None
    try:
        module = importlib.import_module("tqdm")
    except ImportError as exc:
        if wanted:
            raise ImportError(f"progress=True needs tqdm: {INSTALL_HINT}") from exc
        return None
    return module.tqdm


def _terminal() -> bool:
    isatty = getattr(sys.stderr, "isatty", None)
    return bool(isatty and isatty())
