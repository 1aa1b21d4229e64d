"""What each figure type accepts in ``options`` (unknown keys refused, like charts)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from gaugeboard.widgets.charts.options import ChartOptions, FieldName, Title

ColorBy = Literal["depth", "value"]


class HierarchyOptions(ChartOptions):
    """circlepack, dendrogram, radial-dendrogram, flamegraph: cells coloured by ``depth``
    or ``value``; ``x`` and ``y`` name the label and size fields of flat parent rows."""

    x: FieldName | None = None
    y: FieldName | None = None
    color_by: ColorBy = "depth"


class TreemapOptions(HierarchyOptions):
    """treemap. ``limit``, ``x_title``, ``y_title`` and ``legend`` are still accepted
    from documents written when a treemap was drawn as bars; a treemap has no axes or
    legend, and draws every node (up to the hierarchy limit)."""

    limit: int = Field(30, ge=1, le=1000)
    x_title: Title | None = None
    y_title: Title | None = None
    legend: bool | None = None


class VoronoiOptions(ChartOptions):
    """voronoi: the cells of points at (``x``, ``y``), coloured by ``color`` if given."""

    x: FieldName | None = None
    y: FieldName | None = None
    color: FieldName | None = None


class WordcloudOptions(ChartOptions):
    """wordcloud: ``text`` and ``size`` fields (jsondash's), at most ``max_words`` words
    (the largest), some turned upright when ``rotate``."""

    text: FieldName = "text"
    size: FieldName = "size"
    max_words: int = Field(200, ge=1, le=1000)
    rotate: bool = True


class VennOptions(ChartOptions):
    """venn: two or three sets and their overlaps, sized by area."""


class NetworkOptions(ChartOptions):
    """network (jsondash ``sigma``, ``cytoscape``, ``graph``): at most ``max_nodes``
    nodes are laid out; node names shown when ``labels``."""

    max_nodes: int = Field(500, ge=1, le=2000)
    labels: bool = True


FIGURE_MODELS: dict[str, type[ChartOptions]] = {
    "treemap": TreemapOptions,
    "circlepack": HierarchyOptions,
    "dendrogram": HierarchyOptions,
    "radial-dendrogram": HierarchyOptions,
    "flamegraph": HierarchyOptions,
    "voronoi": VoronoiOptions,
    "wordcloud": WordcloudOptions,
    "venn": VennOptions,
    "network": NetworkOptions,
}
