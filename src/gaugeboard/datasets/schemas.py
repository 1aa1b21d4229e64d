"""What crosses the edge of data sets: creation bodies (gaugeboard's and ClicData's), row
writes in both shapes, filters, and the answers. The same models check requests and
describe them in ``/api/openapi.json``."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    RootModel,
    ValidationError,
    field_validator,
    model_validator,
)

from gaugeboard.dashboards.paths import folder_problems
from gaugeboard.datasets.columns import REC_ID
from gaugeboard.datasets.query import RowFilter, RowQuery, SortKey
from gaugeboard.datasets.row_scope import MAX_ROW_FILTERS, RowFilterRule, rule_problems
from gaugeboard.errors import ValidationFailed
from gaugeboard.jobs.schemas import ScheduleOut
from gaugeboard.json_text import UnreadableJson, load_json, value_problems

NAME_PATTERN = r'^[^\x00-\x1f"]+$'
DataType = Literal[
    "text", "number", "integer", "datetime", "date", "percentage", "checkbox", "dropdown"
]


class ColumnIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=64, pattern=NAME_PATTERN)
    data_type: DataType
    values: list[str] = Field(default_factory=list, max_length=500)

    @field_validator("name")
    @classmethod
    def _not_rec_id(cls, value: str) -> str:
        if value.strip().lower() == REC_ID:
            raise ValueError("rec_id is the row id gaugeboard adds; name the column otherwise")
        return value

    @model_validator(mode="after")
    def _dropdown_values(self) -> ColumnIn:
        if self.data_type == "dropdown" and not self.values:
            raise ValueError("a dropdown column lists its allowed values")
        if self.data_type != "dropdown" and self.values:
            raise ValueError("only a dropdown column has values")
        return self


class DatasetCreate(BaseModel):
    """A new data set; ``description``/``columns`` as ClicData's client sends them."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200, pattern=r"^[^\x00-\x1f]+$")
    description: str = Field(default="", max_length=5000)
    folder: str = Field(default="", max_length=500)
    columns: list[ColumnIn] = Field(min_length=1, max_length=500)
    key_columns: list[str] = Field(default_factory=list, max_length=10)
    keep_versions: bool = True
    row_filters: list[RowFilterRule] = Field(
        default_factory=list,
        max_length=MAX_ROW_FILTERS,
        description="callers other than the owner and admins see only the rows whose column "
        "equals one of their teams' values of the parameter",
    )

    @field_validator("name")
    @classmethod
    def _not_an_id(cls, value: str) -> str:
        if value.strip().isdigit():
            raise ValueError("a name of digits only would read as an id; add a letter")
        if value != value.strip():
            raise ValueError("no spaces at the start or the end")
        return value

    @field_validator("folder")
    @classmethod
    def _folder(cls, value: str) -> str:
        problems = folder_problems(value.strip("/"))
        if problems:
            raise ValueError("; ".join(problems))
        return value.strip("/")

    @model_validator(mode="after")
    def _names(self) -> DatasetCreate:
        names = [column.name for column in self.columns]
        doubled = sorted({name for name in names if names.count(name) > 1})
        if doubled:
            raise ValueError(f"column names must differ: {', '.join(doubled)} given twice")
        unknown = [key for key in self.key_columns if key not in names]
        if unknown:
            raise ValueError(f"key_columns: no column named {', '.join(unknown)}")
        problems = rule_problems(self.row_filters, names)
        if problems:
            raise ValueError("; ".join(problems))
        return self


class DatasetChange(BaseModel):
    """What ``PUT /api/data/{id}`` changes: the description, the row filters, whether old
    versions are kept, or several of them."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"minProperties": 1})

    description: str | None = Field(default=None, max_length=5000)
    row_filters: list[RowFilterRule] | None = Field(
        default=None,
        max_length=MAX_ROW_FILTERS,
        description="the whole new list; [] lifts every filter",
    )
    keep_versions: bool | None = Field(
        default=None,
        description="false: the next vacuum deletes every version but the current one",
    )

    @model_validator(mode="after")
    def _something(self) -> DatasetChange:
        if self.description is None and self.row_filters is None and self.keep_versions is None:
            raise ValueError("give description, row_filters or keep_versions")
        return self


class Cell(BaseModel):
    model_config = ConfigDict(extra="forbid")

    column: str = Field(min_length=1, max_length=64)
    value: Any = None


class RowsIn(BaseModel):
    """Rows to append: objects in ``rows``, or ClicData's ``data``: one list of
    ``{"column", "value"}`` cells per row."""

    model_config = ConfigDict(extra="forbid")

    rows: list[dict[str, Any]] | None = Field(default=None, max_length=100_000)
    data: list[list[Cell]] | None = Field(default=None, max_length=100_000)

    @model_validator(mode="after")
    def _one_shape(self) -> RowsIn:
        if (self.rows is None) == (self.data is None):
            raise ValueError("send either rows (objects) or data (lists of cells)")
        return self

    def as_objects(self) -> tuple[str, list[dict[str, Any]]]:
        if self.rows is not None:
            return "rows", self.rows
        return "data", [{cell.column: cell.value for cell in row} for row in self.data or []]


class RowsUpdate(BaseModel):
    """Change rows: set ``set`` on rows matching ``filters`` (or ClicData's ``find``), or
    replace the rows whose ``keys`` columns match those of each row in ``rows``/``data``."""

    model_config = ConfigDict(extra="forbid")

    filters: list[RowFilter] | None = Field(default=None, max_length=50)
    find: list[Cell] | None = Field(default=None, max_length=50)
    set: dict[str, Any] | None = None
    keys: list[str] | None = Field(default=None, max_length=10)
    rows: list[dict[str, Any]] | None = Field(default=None, max_length=100_000)
    data: list[list[Cell]] | None = Field(default=None, max_length=100_000)

    @model_validator(mode="after")
    def _one_way(self) -> RowsUpdate:
        by_filter = self.set is not None
        by_keys = self.rows is not None or self.data is not None
        if by_filter == by_keys:
            raise ValueError("send set (with filters or find), or rows/data (with keys)")
        if self.rows is not None and self.data is not None:
            raise ValueError("send either rows (objects) or data (lists of cells)")
        if by_keys and not self.keys:
            raise ValueError("keys: name the columns the rows are matched on")
        return self

    def as_objects(self) -> tuple[str, list[dict[str, Any]]]:
        """The rows matched by key, as objects, and where they came from."""
        if self.rows is not None:
            return "rows", self.rows
        return "data", [{cell.column: cell.value for cell in row} for row in self.data or []]


class RowsDelete(BaseModel):
    """ClicData's delete: ``multiplerows`` and ``find`` cells; or gaugeboard ``filters``."""

    model_config = ConfigDict(extra="forbid")

    multiplerows: Literal["all", "first"] = "all"
    find: list[Cell] | None = Field(default=None, max_length=50)
    filters: list[RowFilter] | None = Field(default=None, max_length=50)

    @model_validator(mode="after")
    def _some_filter(self) -> RowsDelete:
        if not self.find and not self.filters:
            raise ValueError("name the rows to delete with find or filters (all rows: use reload)")
        return self


def filters_of(find: list[Cell] | None, filters: list[RowFilter] | None) -> list[RowFilter]:
    found = [RowFilter(column=cell.column, op="=", value=cell.value) for cell in find or []]
    return found + list(filters or [])


class RowsQuery(BaseModel):
    """The query string of a rows read."""

    model_config = ConfigDict(extra="forbid")

    page: int = Field(default=1, ge=1, le=1_000_000)
    limit: int = Field(default=1000, ge=1, le=10_000)
    format: Literal["json", "csv"] = "json"
    filters: str | None = Field(default=None, description="JSON list of {column, op, value}")
    sort: str | None = Field(default=None, description="column, or -column for descending; commas")


class RowFilterOut(BaseModel):
    column: str
    parameter: str


class ColumnOut(BaseModel):
    name: str
    data_type: str
    values: list[str] | None = None


class DatasetOut(BaseModel):
    id: int
    rec_id: int
    name: str
    description: str
    folder: str
    columns: list[ColumnOut]
    key_columns: list[str]
    keep_versions: bool
    row_count: int
    size_bytes: int
    version: int
    version_count: int
    source: dict[str, Any]
    row_filters: list[RowFilterOut]
    owner: str | None
    created_at: str | None
    last_change: str | None
    schedules: list[ScheduleOut] = Field(
        description="the schedules that rebuild this data set, each with its last run"
    )


class DatasetList(BaseModel):
    ok: Literal[True]
    data: list[DatasetOut]
    items: list[DatasetOut]
    total: int
    page: int
    limit: int
    has_more_data: bool


class DatasetFetched(BaseModel):
    ok: Literal[True]
    dataset: DatasetOut


class RowsPage(BaseModel):
    ok: Literal[True]
    data: list[dict[str, Any]]
    items: list[dict[str, Any]]
    page: int
    limit: int
    version: int
    has_more_data: bool


class RowsWritten(BaseModel):
    ok: Literal[True]
    version: int
    rows_added: int = 0
    rows_updated: int = 0
    rows_deleted: int = 0
    row_count: int


class VersionOut(BaseModel):
    version: int
    at: str
    author: str
    operation: str
    rows_added: int
    rows_removed: int
    rows_updated: int


class VersionList(BaseModel):
    ok: Literal[True]
    versions: list[VersionOut]


class DatasetListQuery(BaseModel):
    """The query string of the list; ``uniquekeyavailable`` and ``refresh`` as ClicData's
    client sends them (``refresh`` changes nothing: the figures are always current)."""

    model_config = ConfigDict(extra="forbid")

    page: int = Field(default=1, ge=1, le=1_000_000)
    limit: int = Field(default=100, ge=1, le=1000)
    name: str | None = Field(default=None, max_length=200, description="exact name")
    uniquekeyavailable: bool | None = Field(
        default=None, description="true: only data sets with unique key columns"
    )
    refresh: bool | None = None


class DatasetCreated(RootModel[int]):
    """The new data set's id as a bare JSON integer (ClicData's client reads
    ``int(response.text)``); its address is in the ``Location`` header."""


class DatasetDeleted(BaseModel):
    ok: Literal[True]
    deleted: int


class RowsDeleteQuery(BaseModel):
    """``DELETE …/row`` for clients that cannot send a body: the same fields as
    ``RowsDelete``, with ``find`` and ``filters`` as JSON text."""

    model_config = ConfigDict(extra="forbid")

    multiplerows: Literal["all", "first"] = "all"
    find: str | None = Field(default=None, description='JSON list of {"column", "value"}')
    filters: str | None = Field(default=None, description="JSON list of {column, op, value}")


def _json_list(raw: str | None, name: str, problems: list[str]) -> list[Any]:
    """A query parameter holding a JSON list (``[]`` when absent)."""
    if raw is None or raw.strip() == "":
        return []
    try:
        found = load_json(raw)
    except UnreadableJson as exc:
        problems.append(f"{name}: {exc}")
        return []
    problems.extend(value_problems(found, name))
    if not isinstance(found, list):
        problems.append(f"{name}: must be a JSON list")
        return []
    return found


def model_problems(error: ValidationError, root: str) -> list[str]:
    """``filters[0].op: …`` for each problem pydantic found under ``root``."""
    found = []
    for item in error.errors():
        path = root
        for part in item["loc"]:
            path += f"[{part}]" if isinstance(part, int) else f".{part}" if path else str(part)
        found.append(f"{path or 'query'}: {item['msg']}")
    return found


def _sort_keys(raw: str | None, problems: list[str]) -> list[SortKey]:
    """``col,-col2`` as sort keys (``-``: descending)."""
    keys = []
    for index, part in enumerate(part.strip() for part in (raw or "").split(",")):
        if not part:
            continue
        descending = part.startswith("-")
        column = part[1:].strip() if descending else part
        try:
            keys.append(SortKey(column=column, direction="desc" if descending else "asc"))
        except ValidationError as exc:
            problems.extend(model_problems(exc, f"sort[{index}]"))
    return keys


def row_query(params: RowsQuery) -> RowQuery:
    """The rows query a query string asks for: ``filters`` a JSON list of ``{column, op,
    value}``, ``sort`` ``col,-col2``, ``page`` from 1 and ``limit``; ValidationFailed names
    each bad parameter and position."""
    problems: list[str] = []
    filters = _json_list(params.filters, "filters", problems)
    raw: dict[str, Any] = {
        "filters": filters,
        "limit": params.limit,
        "offset": (params.page - 1) * params.limit,
    }
    raw["sort"] = _sort_keys(params.sort, problems)
    if problems:
        raise ValidationFailed(problems)
    try:
        return RowQuery.model_validate(raw)
    except ValidationError as exc:
        raise ValidationFailed(model_problems(exc, "")) from None


def delete_from_query(params: RowsDeleteQuery) -> RowsDelete:
    """``DELETE …/row`` given in the query string, as the body it stands for."""
    problems: list[str] = []
    raw = {
        "multiplerows": params.multiplerows,
        "find": _json_list(params.find, "find", problems) or None,
        "filters": _json_list(params.filters, "filters", problems) or None,
    }
    if problems:
        raise ValidationFailed(problems)
    try:
        return RowsDelete.model_validate(raw)
    except ValidationError as exc:
        raise ValidationFailed(model_problems(exc, "")) from None
