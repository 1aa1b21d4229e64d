"""The Vega/Vega-Lite/Vega-Embed bundle, taken from the installed vl-convert package.

vl-convert builds the bundle (about 2 s), so it is built once per version and kept in the
instance folder. It is wrapped in a function so its hundreds of top-level names do not
leak into the page; only ``window.vegaEmbed`` is exported.
"""

from __future__ import annotations

import os
import tempfile
import threading
from functools import cache
from importlib.metadata import version
from pathlib import Path

from gaugeboard.data_dir import make_private_dirs

_EXPORT_SNIPPET = "window.vegaEmbed = vegaEmbed;"
_lock = threading.Lock()


@cache
def bundle_version() -> str:
    return version("vl-convert-python")


def _build_bundle() -> str:
    import vl_convert

    source = vl_convert.javascript_bundle(_EXPORT_SNIPPET)
    return "(function () {\n" + source + "\n})();\n"


def load_bundle(cache_dir: Path) -> bytes:
    """The wrapped bundle, from the instance cache or built (and cached) now."""
    path = cache_dir / f"vega-embed-{bundle_version()}.js"
    if path.exists():
        return path.read_bytes()
    with _lock:
        if path.exists():
            return path.read_bytes()
        data = _build_bundle().encode()
        make_private_dirs(cache_dir)
        fd, temp_name = tempfile.mkstemp(dir=cache_dir, prefix=".vega-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temp_name, path)
        return data
