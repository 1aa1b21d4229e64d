"""plotly.js, the file the ``plotly`` Python package ships (``package_data/plotly.min.js``).

Found without importing the package (which would load its Python side for nothing) and
served as it is: unlike the Vega bundle it needs no wrapping, since it sets only
``window.Plotly``. The page loads it on its first Plotly figure.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from importlib.metadata import version
from pathlib import Path


@cache
def plotly_version() -> str:
    return version("plotly")


@cache
def plotly_bundle_path() -> Path | None:
    """The installed ``plotly.min.js``, or None when the package is not installed."""
    spec = importlib.util.find_spec("plotly")
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        candidate = Path(folder) / "package_data" / "plotly.min.js"
        if candidate.is_file():
            return candidate
    return None
