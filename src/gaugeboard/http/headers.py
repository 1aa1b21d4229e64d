"""Security headers on every gaugeboard response: a strict CSP and friends.

Responses admitted by an embed token (page, data, HTML frames) may be framed by the sites
named in ``EMBED_FRAME_ANCESTORS`` instead of ``FRAME_ANCESTORS``; nothing else may.

Images and frames come from gaugeboard itself (and ``data:``/``blob:`` images) unless the
view says otherwise for its one response: a dashboard page allows exactly the origins its
``image`` and ``iframe`` widgets (and the ``options.images`` of its charts) use, so a page
without them can load no picture from another site.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from flask import Response, g

from gaugeboard.http.guard import current_embed
from gaugeboard.state import current_state

# Scripts, styles, fetches and fonts come only from gaugeboard itself; images and frames
# from gaugeboard and the origins the view allowed (frames are sandboxed by the page).
_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; "
    "img-src {img_src}; frame-src {frame_src}; "
    "connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; "
    "object-src 'none'; frame-ancestors {frame_ancestors}"
)
BASE_IMG_SRC = ("'self'", "data:", "blob:")
BASE_FRAME_SRC = ("'self'",)
ANY_HTTP = ("http:", "https:")
_SOURCES_KEY = "gaugeboard_widget_sources"
# What a source added to img-src/frame-src may look like: an origin or a bare scheme.
_SOURCE = re.compile(r"https?://[a-z0-9.-]+(?::[0-9]{1,5})?|https?:")


@dataclass(frozen=True)
class WidgetSources:
    """Where one response's widgets may load images and frames from, beyond gaugeboard."""

    images: tuple[str, ...] = ()
    frames: tuple[str, ...] = ()


# The editor previews whatever image or page its author types, before it is saved.
ANY_WIDGET_SOURCES = WidgetSources(images=ANY_HTTP, frames=ANY_HTTP)


def allow_widget_sources(sources: WidgetSources) -> None:
    """Let the current response's page load images and frames from ``sources``."""
    setattr(g, _SOURCES_KEY, sources)


def _directive(base: tuple[str, ...], extra: Iterable[str]) -> str:
    wanted = [source for source in extra if _SOURCE.fullmatch(source)]
    return " ".join(dict.fromkeys([*base, *sorted(wanted)]))


def content_policy(frame_ancestors: str) -> str:
    """The Content-Security-Policy of the current response."""
    sources = g.get(_SOURCES_KEY) or WidgetSources()
    return _POLICY.format(
        img_src=_directive(BASE_IMG_SRC, sources.images),
        frame_src=_directive(BASE_FRAME_SRC, sources.frames),
        frame_ancestors=frame_ancestors,
    )


_FRAME_ANCESTORS = re.compile(r"frame-ancestors [^;]*")


def _embed_frame_ancestors(response: Response, allowed: str) -> None:
    """Let the allowed sites frame an embed response. A response meant only for frames
    inside gaugeboard's own page (``'self'``) keeps ``'self'`` and adds the sites, since
    every ancestor of a frame must be allowed."""
    policy = response.headers.get("Content-Security-Policy")
    if policy is None:
        policy = content_policy(allowed)
    found = _FRAME_ANCESTORS.search(policy)
    value = allowed
    if found is not None and found.group(0).split()[1:] == ["'self'"]:
        value = "'self'" if allowed == "'none'" else f"'self' {allowed}"
    response.headers["Content-Security-Policy"] = _FRAME_ANCESTORS.sub(
        lambda _match: f"frame-ancestors {value}", policy
    )
    if value == "'none'":
        response.headers["X-Frame-Options"] = "DENY"
    else:
        response.headers.pop("X-Frame-Options", None)


def add_security_headers(response: Response) -> Response:
    settings = current_state().settings
    if current_embed() is not None:
        _embed_frame_ancestors(response, settings["EMBED_FRAME_ANCESTORS"].strip())
    frame_ancestors = settings["FRAME_ANCESTORS"]
    response.headers.setdefault("Content-Security-Policy", content_policy(frame_ancestors))
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if frame_ancestors.strip() == "'none'" and current_embed() is None:
        response.headers.setdefault("X-Frame-Options", "DENY")
    if response.mimetype == "application/json" or response.mimetype == "text/html":
        response.headers.setdefault("Cache-Control", "no-store")
    return response
