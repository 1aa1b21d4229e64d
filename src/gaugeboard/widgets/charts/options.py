"""What each chart type accepts in ``options``: one pydantic model per type, unknown keys
refused so a typo is reported instead of silently ignored."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, AliasChoices, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic import ValidationError as PydanticValidationError

from gaugeboard.json_paths import json_path
from gaugeboard.widgets.chart_images import MAX_IMAGE_ORIGINS, image_origin
from gaugeboard.widgets.content.colors import css_color

# d3-format: [[fill]align][sign][symbol][0][width][,][.precision][~][type]
D3_FORMAT = re.compile(r"(?:.?[<>=^])?[-+( ]?[$#]?0?\d*,?(?:\.\d+)?~?[eEfgGrsopdxXbcn%]?")
Interpolate = Literal[
    "linear",
    "linear-closed",
    "step",
    "step-before",
    "step-after",
    "basis",
    "basis-open",
    "basis-closed",
    "cardinal",
    "cardinal-open",
    "cardinal-closed",
    "bundle",
    "monotone",
    "natural",
    "catmull-rom",
]
Stack = Literal["grouped", "stacked", "normalized"]
Orientation = Literal["vertical", "horizontal"]


def _d3_format(value: str) -> str:
    if not D3_FORMAT.fullmatch(value):
        raise ValueError("not a d3 number format (for example ',.0f', '.1%', '$,.2f', '~s')")
    return value


def _css_color(value: str) -> str:
    """The same colours content widgets accept (names, hex, plain rgb()/hsl())."""
    color = css_color(value)
    if color is None:
        raise ValueError("not a CSS color (a name, #hex, rgb() or hsl() with numbers only)")
    return color


def _field_list(value: Any) -> Any:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and value:
        return value
    raise ValueError("must be a field name or a non-empty list of field names")


FieldName = Annotated[str, Field(min_length=1, max_length=200)]
FieldList = Annotated[
    list[FieldName], BeforeValidator(_field_list), Field(min_length=1, max_length=20)
]
Color = Annotated[str, AfterValidator(_css_color)]
Title = Annotated[str, Field(max_length=200)]
D3Format = Annotated[str, Field(max_length=40), AfterValidator(_d3_format)]
ImageOrigin = Annotated[str, Field(max_length=300), AfterValidator(image_origin)]
# The origins a chart's image marks load pictures from (chart_images.py): none by default.
ImageOrigins = Annotated[list[ImageOrigin], Field(min_length=1, max_length=MAX_IMAGE_ORIGINS)]


def _color_field() -> Any:
    """``color`` is also spelled ``series`` (jsondash's word for it)."""
    return Field(None, validation_alias=AliasChoices("color", "series"))


class ChartOptions(BaseModel):
    """Options every drawn chart type takes."""

    model_config = ConfigDict(extra="forbid")

    height: int | None = Field(None, ge=20, le=4000)
    colors: list[Color] | None = Field(None, min_length=1, max_length=50)
    format: D3Format | None = None
    images: ImageOrigins | None = None

    def problems(self) -> list[str]:
        """Problems involving several options (each option alone is already valid)."""
        return []


class AxesOptions(ChartOptions):
    """Charts with axes and a legend."""

    x_title: Title | None = None
    y_title: Title | None = None
    legend: bool | None = None


class SeriesOptions(AxesOptions):
    """Charts of one or more measures (``y``) over ``x``, split by ``color``."""

    x: FieldName | None = None
    y: FieldList | None = None
    color: FieldName | None = _color_field()

    def problems(self) -> list[str]:
        """A split by ``color`` needs a single measure."""
        if self.color is not None and self.y is not None and len(self.y) > 1:
            return ["color: cannot split several y fields again; give one y field or no color"]
        return []


class LineOptions(SeriesOptions):
    """line, timeseries, step and spline."""

    interpolate: Interpolate | None = None
    points: bool | None = None
    previous: bool = False


class AreaOptions(SeriesOptions):
    """area: ``grouped`` overlaps the series, ``stacked`` piles them up."""

    interpolate: Interpolate | None = None
    stack: Stack = "grouped"


class BarOptions(SeriesOptions):
    """bar: series side by side (``grouped``) or stacked; ``horizontal`` bars."""

    stack: Stack = "grouped"
    orientation: Orientation = "vertical"


class ScatterOptions(SeriesOptions):
    """scatter: ``size`` names a field that sizes the points."""

    size: FieldName | None = None


class PieOptions(ChartOptions):
    """pie and donut: ``y`` the value, ``color`` the slice, ``labels`` what each slice
    shows on it (its value or its share of the whole)."""

    y: FieldName | None = None
    color: FieldName | None = _color_field()
    legend: bool | None = None
    labels: Literal["none", "value", "percent"] = Field(
        "none", description="What each slice shows on it: nothing, its value or its percentage."
    )


class GridOptions(AxesOptions):
    """Heatmap and retention: cells at (``x``, ``y``) coloured by the ``color`` field."""

    x: FieldName | None = None
    y: FieldName | None = None
    color: FieldName | None = _color_field()


class HistogramOptions(AxesOptions):
    """histogram: ``x`` the field to bin, ``bins`` the most bins."""

    x: FieldName | None = None
    color: FieldName | None = _color_field()
    bins: int = Field(20, ge=1, le=500)


class BoxplotOptions(AxesOptions):
    """boxplot: ``x`` the category, ``y`` the values."""

    x: FieldName | None = None
    y: FieldName | None = None
    orientation: Orientation = "vertical"


class SparklineOptions(ChartOptions):
    """sparkline: no axes or legend, so no titles. ``mark`` also takes jsondash's
    (jquery.sparkline's) ``tristate``, ``discrete`` and ``bullet`` kinds."""

    x: FieldName | None = None
    y: FieldName | None = None
    mark: Literal["line", "bar", "area", "tristate", "discrete", "bullet"] = "line"
    interpolate: Interpolate | None = None


class GaugeOptions(ChartOptions):
    """gauge: the value of ``y`` between ``min`` and ``max``."""

    y: FieldName | None = None
    min: float = 0
    max: float = 100

    def problems(self) -> list[str]:
        """The range must not be empty."""
        return ["max: must be greater than min"] if self.max <= self.min else []


class FunnelOptions(AxesOptions):
    """funnel: ``x`` the step, ``y`` its count, ``color`` the breakdown."""

    x: FieldName | None = None
    y: FieldName | None = None
    color: FieldName | None = _color_field()


class VegaLiteOptions(BaseModel):
    """A raw spec carries its own settings; only the origins its images may come from are
    the document's to say."""

    model_config = ConfigDict(extra="forbid")

    images: ImageOrigins | None = None

    def problems(self) -> list[str]:
        """Nothing to check across options."""
        return []


MODELS: dict[str, type[ChartOptions] | type[VegaLiteOptions]] = {
    "line": LineOptions,
    "timeseries": LineOptions,
    "step": LineOptions,
    "spline": LineOptions,
    "area": AreaOptions,
    "bar": BarOptions,
    "scatter": ScatterOptions,
    "pie": PieOptions,
    "donut": PieOptions,
    "heatmap": GridOptions,
    "retention": GridOptions,
    "histogram": HistogramOptions,
    "boxplot": BoxplotOptions,
    "sparkline": SparklineOptions,
    "gauge": GaugeOptions,
    "funnel": FunnelOptions,
    "vega-lite": VegaLiteOptions,
}


Models = Mapping[str, type[ChartOptions] | type[VegaLiteOptions]]


def option_names(widget_type: str, models: Models = MODELS) -> list[str]:
    """Every option ``widget_type`` takes (``series`` included as ``color``'s other name)."""
    model = models[widget_type]
    names = list(model.model_fields)
    return names + (["series"] if "color" in names else [])


def _message(
    widget_type: str, error: Mapping[str, Any], given: Mapping[str, Any], models: Models
) -> str:
    location = tuple(error["loc"])
    if error["type"] == "extra_forbidden":
        if location == ("series",) and "color" in given:
            return "series: same as color; give only one of them"
        known = ", ".join(option_names(widget_type, models)) or "none"
        return f"{json_path(location)}: not an option of {widget_type} (options: {known})"
    return f"{json_path(location)}: {str(error['msg']).removeprefix('Value error, ')}"


def parse_options(
    widget_type: str, options: Mapping[str, Any], models: Models = MODELS
) -> tuple[ChartOptions | VegaLiteOptions | None, list[str]]:
    """The parsed options of ``widget_type`` (a key of ``models``: the chart types unless
    told) and every problem as ``name: reason``."""
    model = models[widget_type]
    try:
        parsed = model.model_validate(dict(options))
    except PydanticValidationError as exc:
        return None, [_message(widget_type, error, options, models) for error in exc.errors()]
    return parsed, parsed.problems()
