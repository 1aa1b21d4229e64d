"""Pictures that gaugeboard serves itself (its ``/static/`` files), drawn into snapshots
by reading the file in-process: nothing is fetched over HTTP, so a snapshot never waits
on the network or reaches past this server.

An image URL is this server's when it starts with one of the addresses the server is
reached at (a request's own origin and mount prefix, ``PUBLIC_URL``) followed by
``/static/``, or is such a path alone. The rest of the path must name a regular file inside
the static folder (no ``..``, no link out of it), at most ``MAX_OWN_IMAGE_BYTES``, whose
bytes are a PNG, JPEG or GIF picture, or an SVG picture of the package's own (the static
folder holds only files shipped with gaugeboard). Anything else keeps its placeholder."""

from __future__ import annotations

import base64
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

# The folder web/asset_views serves at /static/ (a path, not an import: render/ stands
# below web/; tests/render/test_own_images.py checks that both name the same folder).
STATIC_DIR = Path(__file__).resolve().parents[1] / "web" / "static"
STATIC_PATH = "/static/"
MAX_OWN_IMAGE_BYTES = 2_000_000
_DEFAULT_PORTS = {"http": "80", "https": "443"}
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)


def _origin(scheme: str, netloc: str) -> str:
    scheme, netloc = scheme.lower(), netloc.lower()
    host, _, port = netloc.rpartition(":")
    if host and port == _DEFAULT_PORTS.get(scheme):
        netloc = host
    return f"{scheme}://{netloc}"


def _media_type(name: str, data: bytes) -> str | None:
    for signature, media in _SIGNATURES:
        if data.startswith(signature):
            return media
    head = data[:200].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if name.lower().endswith(".svg") and head.startswith((b"<svg", b"<?xml")):
        return "image/svg+xml"
    return None


@dataclass(frozen=True)
class OwnImages:
    """The addresses (origin and mount prefix) this gaugeboard is reached at, and the
    folder its ``/static/`` files come from."""

    bases: frozenset[tuple[str, str]]
    static_dir: Path = STATIC_DIR

    def static_name(self, url: str) -> str | None:
        """The file name under ``/static/`` that ``url`` names on this server, or None."""
        try:
            parts = urlsplit(url.strip())
        except ValueError:
            return None
        if parts.scheme or parts.netloc:
            origin = _origin(parts.scheme, parts.netloc)
            prefixes = [prefix for found, prefix in self.bases if found == origin]
        elif url.startswith("/") and not url.startswith("//"):
            prefixes = [prefix for _origin_, prefix in self.bases]
        else:
            return None
        path = unquote(parts.path)
        for prefix in prefixes:
            if path.startswith(prefix + STATIC_PATH):
                return path[len(prefix + STATIC_PATH) :]
        return None

    def data_url(self, url: str) -> str | None:
        """``url``'s picture as a data: URL, when it is one of this server's static
        pictures; None otherwise."""
        name = self.static_name(url)
        if not name or "\\" in name or "\x00" in name or ".." in name.split("/"):
            return None
        root = self.static_dir.resolve()
        try:
            path = (root / name).resolve()
            if not path.is_relative_to(root) or not path.is_file():
                return None
            if path.stat().st_size > MAX_OWN_IMAGE_BYTES:
                return None
            data = path.read_bytes()
        except OSError:
            return None
        media = _media_type(path.name, data)
        if media is None or len(data) > MAX_OWN_IMAGE_BYTES:
            return None
        return f"data:{media};base64,{base64.b64encode(data).decode()}"


def own_images(addresses: Iterable[str], static_dir: Path = STATIC_DIR) -> OwnImages:
    """The server reached at each of ``addresses`` (``https://host[:port][/prefix]``;
    empty and malformed ones are skipped)."""
    bases = set()
    for address in addresses:
        try:
            parts = urlsplit(address.strip())
        except ValueError:
            continue
        if parts.scheme.lower() in ("http", "https") and parts.netloc:
            bases.add((_origin(parts.scheme, parts.netloc), parts.path.rstrip("/")))
    return OwnImages(frozenset(bases), static_dir)
