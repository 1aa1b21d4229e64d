"""Pictures inside charts: a Vega-Lite ``image`` mark (and its ``url`` channel) makes the
viewer's browser load whatever address it names, so a chart draws one only when its
``options.images`` lists the origins it loads from. The dashboard page lets images come
from those origins (and gaugeboard's own, ``data:`` and ``blob:``) and from no others.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any
from urllib.parse import urlsplit

from gaugeboard.json_paths import json_path

MAX_IMAGE_ORIGINS = 20
# What a Content-Security-Policy source may name: scheme, plain host name, optional port.
_ORIGIN = re.compile(r"(https?)://([a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?)(?::([0-9]{1,5}))?")
_DEFAULT_PORTS = {"http": 80, "https": 443}
# Keys of a spec that hold data, not views: nothing under them is a mark or an encoding.
DATA_KEYS = frozenset({"data", "datasets"})
NEEDS_OPT_IN = (
    "an image in a chart loads pictures from other sites; list the origins it may load from "
    "in options.images (like https://images.example.com) to draw it"
)


def origin_of(url: str) -> str | None:
    """The origin (``https://host[:port]``) of an absolute http(s) URL, spelled as a CSP
    source may be; None for anything else (relative, ``data:``, odd host names)."""
    try:
        parts = urlsplit(url.strip())
        scheme, host, port = parts.scheme.lower(), parts.hostname, parts.port
    except ValueError:
        return None
    if scheme not in _DEFAULT_PORTS or not host:
        return None
    try:
        host = host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return None
    origin = f"{scheme}://{host}"
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        origin += f":{port}"
    return origin if _ORIGIN.fullmatch(origin) else None


def image_origin(value: str) -> str:
    """An ``options.images`` entry as its origin; ValueError when it is not one."""
    origin = origin_of(value)
    rest = urlsplit(value.strip())
    if origin is None or rest.path not in ("", "/") or rest.query or rest.fragment:
        raise ValueError(
            f"{value[:80]!r} is not an origin: give scheme, host and optional port only, "
            "like https://images.example.com"
        )
    return origin


def image_origins(options: Any) -> tuple[str, ...]:
    """The valid origins a chart's raw ``options`` allow images from (bad entries skipped:
    the document check reports them)."""
    listed = options.get("images") if isinstance(options, dict) else None
    if not isinstance(listed, list):
        return ()
    found = []
    for entry in listed[:MAX_IMAGE_ORIGINS]:
        try:
            found.append(image_origin(entry) if isinstance(entry, str) else None)
        except ValueError:
            continue
    return tuple(origin for origin in found if origin is not None)


Location = tuple[int | str, ...]


def spec_objects(node: Any, location: Location = ()) -> Iterator[tuple[Location, dict[str, Any]]]:
    """Every object of a spec with its location, data left out."""
    if isinstance(node, list):
        for index, item in enumerate(node):
            yield from spec_objects(item, (*location, index))
    elif isinstance(node, dict):
        yield location, node
        for key, value in node.items():
            if key not in DATA_KEYS:
                yield from spec_objects(value, (*location, key))


def _is_image_mark(mark: Any) -> bool:
    kind = mark.get("type") if isinstance(mark, dict) else mark
    return isinstance(kind, str) and kind.lower() == "image"


def _literal_urls(node: dict[str, Any]) -> Iterator[tuple[tuple[str, ...], str]]:
    """The fixed picture addresses of one view: its mark's ``url`` and ``url.value``."""
    mark = node.get("mark")
    if isinstance(mark, dict) and isinstance(mark.get("url"), str):
        yield ("mark", "url"), mark["url"]
    encoding = node.get("encoding")
    channel = encoding.get("url") if isinstance(encoding, dict) else None
    if isinstance(channel, dict) and isinstance(channel.get("value"), str):
        yield ("encoding", "url", "value"), channel["value"]


def image_problems(spec: Any, origins: Sequence[str], where: str) -> list[str]:
    """Every image use in ``spec`` that ``origins`` do not allow, with its JSON path under
    ``where``: any image mark or ``url`` channel when no origin is named, else a fixed
    address from an origin not named."""
    problems = []
    for location, node in spec_objects(spec):
        uses: list[tuple[str, ...]] = []
        if "mark" in node and _is_image_mark(node["mark"]):
            uses.append(("mark",))
        if isinstance(node.get("encoding"), dict) and "url" in node["encoding"]:
            uses.append(("encoding", "url"))
        if not origins:
            problems += [f"{json_path((where, *location, *use))}: {NEEDS_OPT_IN}" for use in uses]
            continue
        for use, url in _literal_urls(node):
            origin = origin_of(url)
            if origin is not None and origin not in origins:
                problems.append(
                    f"{json_path((where, *location, *use))}: {origin} is not in options.images"
                )
    return problems
