"""The Vega/Vega-Lite/Vega-Embed bundle, taken from the installed vl-convert package.

vl-convert builds the bundle (about 2 s), so it is built once per version and kept in the
instance folder, beside its gzip and brotli encodings (compressed once, when it is built,
never per request). It is wrapped in a function so its hundreds of top-level names do not
leak into the page; only ``window.vegaEmbed`` is exported.

The build happens before a user asks for it: ``gaugeboard serve`` and ``gaugeboard demo``
build it in a child process before they listen (vl-convert's runtime must not be started in
a process that later forks workers), and an app mounted any other way starts a background
thread at its first request (``warm_in_background``).
"""

from __future__ import annotations

import gzip
import logging
import os
import tempfile
import threading
from functools import cache
from importlib.metadata import version
from pathlib import Path

from gaugeboard.data_dir import make_private_dirs

log = logging.getLogger(__name__)

_EXPORT_SNIPPET = "window.vegaEmbed = vegaEmbed;"
_lock = threading.Lock()
_loaded: dict[tuple[Path, str], bytes] = {}
_warming: set[Path] = set()
_ready: set[Path] = set()  # folders known to hold a built bundle: no disk check per request

IDENTITY = "identity"
# Brotli quality 9: 284 KB in under a second here; 11 saves 24 KB more but takes 17 s,
# which would be paid at each start after an upgrade.
BROTLI_QUALITY = 9
# File suffix of each precomputed encoding, best first (brotli is smaller).
ENCODED_SUFFIXES = {"br": ".br", "gzip": ".gz"}


@cache
def bundle_version() -> str:
    return version("vl-convert-python")


def _brotli_compress(data: bytes) -> bytes | None:
    try:
        import brotli  # type: ignore[import-untyped]
    except ImportError:  # optional: gzip alone then
        return None
    return bytes(brotli.compress(data, quality=BROTLI_QUALITY))


def _build_bundle() -> str:
    import vl_convert

    source = vl_convert.javascript_bundle(_EXPORT_SNIPPET)
    return "(function () {\n" + source + "\n})();\n"


def bundle_path(cache_dir: Path) -> Path:
    """Where the plain bundle of the installed version lives in ``cache_dir``."""
    return cache_dir / f"vega-embed-{bundle_version()}.js"


def bundle_ready(cache_dir: Path) -> bool:
    """The bundle and its gzip encoding are on disk (nothing left to build)."""
    path = bundle_path(cache_dir)
    return path.exists() and path.with_name(path.name + ".gz").exists()


def _write_private(path: Path, data: bytes) -> None:
    fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=".vega-")
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(temp_name, path)


def prepare_bundle(cache_dir: Path) -> Path:
    """Build what is missing (the bundle, then its encodings); answers the plain file."""
    path = bundle_path(cache_dir)
    if bundle_ready(cache_dir):
        return path
    with _lock:
        make_private_dirs(cache_dir)
        if path.exists():
            data = path.read_bytes()
        else:
            data = _build_bundle().encode()
            _write_private(path, data)
        gz = path.with_name(path.name + ENCODED_SUFFIXES["gzip"])
        br = path.with_name(path.name + ENCODED_SUFFIXES["br"])
        if not br.exists():
            compressed = _brotli_compress(data)
            if compressed is not None:
                _write_private(br, compressed)
        if not gz.exists():  # written last: its presence means "ready"
            _write_private(gz, gzip.compress(data, compresslevel=9, mtime=0))
    return path


def load_bundle(cache_dir: Path, encoding: str = IDENTITY) -> bytes:
    """The wrapped bundle in ``encoding`` (``identity``, ``gzip`` or ``br``), built now if
    it is missing; kept in memory after the first read."""
    key = (cache_dir, encoding)
    data = _loaded.get(key)
    if data is not None:
        return data
    path = prepare_bundle(cache_dir)
    if encoding != IDENTITY:
        path = path.with_name(path.name + ENCODED_SUFFIXES[encoding])
    data = path.read_bytes()
    _loaded[key] = data
    return data


def available_encodings(cache_dir: Path) -> list[str]:
    """The precomputed encodings on disk, best first (brotli only when it was installed)."""
    path = bundle_path(cache_dir)
    return [
        name
        for name, suffix in ENCODED_SUFFIXES.items()
        if path.with_name(path.name + suffix).exists()
    ]


def warm_in_background(cache_dir: Path) -> threading.Thread | None:
    """Start building the bundle in a daemon thread unless it is ready or already under
    way; answers the thread started, if any."""
    if cache_dir in _ready or cache_dir in _warming:
        return None
    if bundle_ready(cache_dir):
        _ready.add(cache_dir)
        return None
    _warming.add(cache_dir)

    def build() -> None:
        try:
            prepare_bundle(cache_dir)
        except Exception:  # the page's own request will build it and report the error
            log.exception("building the chart library in the background failed")
        finally:
            _warming.discard(cache_dir)

    thread = threading.Thread(target=build, name="gaugeboard-vega-bundle", daemon=True)
    thread.start()
    return thread
