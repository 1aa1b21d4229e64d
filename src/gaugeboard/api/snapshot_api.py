"""``/api/dashboard/<id>/snapshot`` and ``/thumbnail`` (ClicData's ``GET
/dashboard/{id}/snapshot|thumbnail``): the dashboard drawn on the server as PNG, SVG or
PDF, or the cached thumbnail; ``format=base64`` answers the PNG as base64 text, as
ClicData's client reads it. Same rights as the page: embed tokens open them too, and a
dashboard the caller may not see is 404. Pictures served by this gaugeboard itself (its
``/static/`` files, at the request's own address or ``PUBLIC_URL``) are drawn; no other
address is fetched."""

from __future__ import annotations

import base64
from typing import Annotated, Literal

from flask import Blueprint, Response
from pydantic import BaseModel, Field

from gaugeboard.auth.access import Access, access
from gaugeboard.dashboards.service import document_of
from gaugeboard.http.contract import checked_query, described
from gaugeboard.http.dashboard_lookup import visible_dashboard
from gaugeboard.http.dashboard_request import read_data_request
from gaugeboard.http.snapshot_images import request_images
from gaugeboard.http.source_context import cached_fetcher, source_context
from gaugeboard.http.team_variables import for_caller
from gaugeboard.http.thumbnails import thumbnail_of
from gaugeboard.paging import WholeNumber
from gaugeboard.render.snapshot import (
    DEFAULT_WIDTH,
    MAX_SCALE,
    MAX_WIDTH,
    MIN_SCALE,
    MIN_WIDTH,
    render_dashboard,
)

MEDIA = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
    "base64": "text/plain",
}


class SnapshotQuery(BaseModel):
    """A snapshot's form; the data request's ``range``, ``from``/``to``, ``var.<name>``,
    ``input.<widget>.<name>`` and ``widgets`` are read as the data API reads them."""

    format: Literal["png", "svg", "pdf", "base64"] = Field(
        "png", description="png, svg, pdf, or base64 (the PNG as base64 text)"
    )
    width: Annotated[int, WholeNumber(MIN_WIDTH, MAX_WIDTH)] = Field(
        DEFAULT_WIDTH, description="the image's width in CSS pixels, as the page is laid out"
    )
    scale: float = Field(
        1.0, ge=MIN_SCALE, le=MAX_SCALE, description="pixels per CSS pixel (2 for high-DPI)"
    )


class ThumbnailQuery(BaseModel):
    format: Literal["png", "base64"] = Field("png", description="png, or base64 text")


def register(bp: Blueprint) -> None:
    bp.add_url_rule(
        "/dashboard/<int:dashboard_id>/snapshot", view_func=dashboard_snapshot, methods=["GET"]
    )
    bp.add_url_rule(
        "/dashboard/<int:dashboard_id>/thumbnail", view_func=dashboard_thumbnail, methods=["GET"]
    )


def _image(data: bytes, format: str, name: str) -> Response:
    if format == "base64":
        return Response(base64.b64encode(data), mimetype=MEDIA["base64"])
    return Response(
        data,
        mimetype=MEDIA[format],
        headers={
            "Content-Disposition": f'inline; filename="{name}.{format}"',
            "Cache-Control": "private, max-age=60",
        },
    )


@access(Access.DASHBOARD_READER)
# check=False: a dashboard the caller may not see is a 404 before its query is read.
@described(
    query=SnapshotQuery,
    responses={200: None},
    media={200: tuple(MEDIA.values())},
    tags=["dashboards"],
    check=False,
)
def dashboard_snapshot(dashboard_id: int) -> Response:
    """The dashboard with its current data (variables, range and inputs as the data API
    takes them) drawn as one image."""
    dashboard = visible_dashboard(str(dashboard_id))
    query = checked_query(SnapshotQuery)
    document = for_caller(document_of(dashboard))
    wanted = read_data_request(document)
    image = render_dashboard(
        document,
        source_context(document, wanted.values, wanted.time_range),
        format="png" if query.format == "base64" else query.format,
        width=query.width,
        scale=query.scale,
        inputs=wanted.inputs,
        fetch=cached_fetcher(document),
        only=wanted.only,
        images=request_images(),
    )
    return _image(image, query.format, dashboard.name)


@access(Access.DASHBOARD_READER)
@described(
    query=ThumbnailQuery,
    responses={200: None},
    media={200: ("image/png", "text/plain")},
    tags=["dashboards"],
    check=False,
)
def dashboard_thumbnail(dashboard_id: int) -> Response:
    """The dashboard's thumbnail (400 px wide), as the ``render.thumbnails`` job last drew
    it; drawn now when it has none yet."""
    dashboard = visible_dashboard(str(dashboard_id))
    query = checked_query(ThumbnailQuery)
    return _image(thumbnail_of(dashboard), query.format, dashboard.name)
