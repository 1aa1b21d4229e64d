"""Where a data set's rows can be rebuilt from: its source, kept in ``Dataset.source``.

Three kinds, told apart by ``type``:

- ``url``: a JSON (a list of objects, or ``{"data": [...]}``) or CSV document fetched
  under the same rules as a widget's url source (``sources.url_fetch``: http(s) only,
  private addresses refused unless URL_ALLOW_PRIVATE, size and time limits, each redirect
  checked); a path (``/api/sales``) is served by the app itself;
- ``metric``: an events query (the ``POST /api/metric/query`` body), its result read into
  rows as a table widget reads it;
- ``query``: one SQL SELECT over other data sets (``source_query``), reading only the data
  sets the rebuild's user may read.

Fetching gives an Arrow table; ``rebuild`` checks its rows against the data set.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

import orjson
import pyarrow as pa
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, field_validator
from sqlalchemy.orm import Session

from gaugeboard.dashboards.permissions import Actor
from gaugeboard.datasets.columns import arrow_schema
from gaugeboard.datasets.inference import csv_table, json_table
from gaugeboard.datasets.query import matching_rows
from gaugeboard.datasets.row_scope import row_scope
from gaugeboard.datasets.service import (
    DatasetPlace,
    dataset_info,
    may_read,
    table_columns,
    writable_dataset,
)
from gaugeboard.datasets.source_query import MAX_SQL, checked_select, run_select
from gaugeboard.errors import GaugeboardError, SourceFailed, ValidationFailed
from gaugeboard.events.analytics import run_query
from gaugeboard.events.query_model import parse_query
from gaugeboard.json_paths import json_path
from gaugeboard.sources.url_fetch import Fetched, UrlPolicy, fetch_url
from gaugeboard.sources.url_source import LocalFetch
from gaugeboard.store import datasets as store
from gaugeboard.store.activity import record_activity
from gaugeboard.store.database import begin_write
from gaugeboard.store.dataset_models import Dataset
from gaugeboard.widgets.payloads import table_of

ACCEPT = {
    "json": "application/json",
    "csv": "text/csv",
    "auto": "application/json, text/csv;q=0.9, */*;q=0.5",
}
# Numbers of an events result that are fractions somewhere, so always numbers (a column
# of whole counts today may hold an average tomorrow).
FRACTION_FIELDS = ("value", "share", "conversion_from_previous", "conversion_from_start")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class UrlRows(_Strict):
    """A JSON or CSV document; ``format`` ``auto`` goes by the Content-Type, then by the
    URL's extension, then by the first character of the body."""

    type: Literal["url"]
    url: str = Field(min_length=1, max_length=4000)
    format: Literal["auto", "json", "csv"] = "auto"

    @field_validator("url")
    @classmethod
    def _http_or_path(cls, value: str) -> str:
        if value.lower().startswith(("http://", "https://")):
            return value
        if value.startswith("/") and not value.startswith("//"):
            return value
        raise ValueError("must be an http(s) URL or a path starting with '/'")


class MetricRows(_Strict):
    """An events query; its result's rows (one per bucket and series for a metric)."""

    type: Literal["metric"]
    query: dict[str, Any]

    @field_validator("query")
    @classmethod
    def _valid_query(cls, value: dict[str, Any]) -> dict[str, Any]:
        try:
            parse_query(value)
        except ValidationFailed as exc:
            raise ValueError("; ".join(exc.errors)) from None
        return value


class QueryRows(_Strict):
    """One SQL SELECT over data sets, each named as a table (quote names with spaces)."""

    type: Literal["query"]
    sql: str = Field(min_length=1, max_length=MAX_SQL)

    @field_validator("sql")
    @classmethod
    def _one_select(cls, value: str) -> str:
        try:
            return checked_select(value)
        except ValidationFailed as exc:
            raise ValueError("; ".join(exc.errors).removeprefix("source.sql: ")) from None


SOURCE_TYPES = ("url", "metric", "query")
RowsSource = Annotated[UrlRows | MetricRows | QueryRows, Field(discriminator="type")]
_ADAPTER: TypeAdapter[UrlRows | MetricRows | QueryRows] = TypeAdapter(RowsSource)


class SourceBody(_Strict):
    """The body that sets (or, with null, removes) a data set's source."""

    source: RowsSource | None


def parse_source(raw: Any, where: str = "source") -> UrlRows | MetricRows | QueryRows | None:
    """``raw`` as a source (None or ``{}``: none); ValidationFailed naming each problem."""
    if raw is None or raw == {}:
        return None
    try:
        return _ADAPTER.validate_python(raw)
    except ValidationError as exc:
        problems = []
        for item in exc.errors():
            location = tuple(item["loc"])
            if location and location[0] in SOURCE_TYPES:
                location = location[1:]  # the tag pydantic puts first
            message = item["msg"].removeprefix("Value error, ").replace("(document): ", "")
            if item["type"] in ("union_tag_not_found", "union_tag_invalid"):
                location, message = ("type",), f"must be one of {', '.join(SOURCE_TYPES)}"
            where_exactly = f"{where}.{json_path(location)}" if location else where
            problems.append(f"{where_exactly}: {message}")
        raise ValidationFailed(problems) from None


def source_of(dataset: Dataset) -> UrlRows | MetricRows | QueryRows | None:
    return parse_source(dataset.source or None)


def set_source(db: Session, actor: Actor | None, key: str | int, raw: Any) -> Dataset:
    """Set or remove (None) the data set's source; editors of its folder only."""
    source = parse_source(raw)
    begin_write(db)
    dataset = writable_dataset(db, actor, key)
    dataset.source = source.model_dump(mode="json") if source is not None else {}
    if actor is not None and actor.principal is not None:
        kind = source.type if source is not None else "none"
        record_activity(db, actor.principal, "dataset.source", dataset.name, {"type": kind})
    db.commit()
    return dataset


def change_source(db: Session, actor: Actor | None, key: str | int, raw: Any) -> dict[str, Any]:
    """``PUT /api/data/{id}/source``: set or remove the source, then describe the data set."""
    dataset = set_source(db, actor, key, raw)
    return dataset_info(db, actor, dataset.id)


@dataclass(frozen=True)
class SourceParts:
    """What fetching needs from the mount: its settings (URL_*, EVENT_QUERY_TIMEOUT_SECONDS),
    the event segments, the app's own paths and the data sets."""

    settings: Mapping[str, Any]
    segments_dir: Path
    place: DatasetPlace
    local_fetch: LocalFetch | None = None


def _kind_of(source: UrlRows, fetched: Fetched) -> str:
    if source.format != "auto":
        return source.format
    content_type = fetched.content_type.lower()
    for kind in ("csv", "json"):
        if kind in content_type:
            return kind
    path = urlsplit(source.url).path.lower()
    if path.endswith(".csv"):
        return "csv"
    if path.endswith(".json"):
        return "json"
    return "json" if fetched.body.lstrip()[:1] in (b"[", b"{") else "csv"


def _local(path: str, parts: SourceParts, max_bytes: int) -> Fetched:
    if parts.local_fetch is None:
        raise SourceFailed(
            f"url: a path such as {urlsplit(path).path!r} is served by the app itself, which "
            "only works inside the gaugeboard server or a host app; use a full http(s) URL"
        )
    status, body, content_type = parts.local_fetch(path)
    if len(body) > max_bytes:
        raise SourceFailed(f"url: the response is larger than URL_MAX_BYTES ({max_bytes} bytes)")
    return Fetched(status, body, content_type, urlsplit(path).path)


def url_table(source: UrlRows, parts: SourceParts) -> pa.Table:
    policy = UrlPolicy.from_settings(parts.settings)
    if source.url.startswith("/"):
        fetched = _local(source.url, parts, policy.max_bytes)
    else:
        fetched = fetch_url(source.url, policy, headers={"Accept": ACCEPT[source.format]})
    if not 200 <= fetched.status < 300:
        raise SourceFailed(f"url: {fetched.where} answered HTTP {fetched.status}")
    if _kind_of(source, fetched) == "csv":
        return csv_table(fetched.body, "url")
    try:
        payload = orjson.loads(fetched.body)
    except orjson.JSONDecodeError as exc:
        raise SourceFailed(f"url: the response is not JSON ({exc})") from None
    return json_table(payload, "url")


def _fractions(row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        name: float(value)
        if name in FRACTION_FIELDS and isinstance(value, int) and not isinstance(value, bool)
        else value
        for name, value in row.items()
    }


def metric_table(db: Session, source: MetricRows, parts: SourceParts) -> pa.Table:
    timeout = float(parts.settings["EVENT_QUERY_TIMEOUT_SECONDS"])
    result = run_query(db, parts.segments_dir, source.query, timeout)
    try:
        rows = table_of(result).rows
    except GaugeboardError as exc:
        raise SourceFailed(f"metric: {exc.message}") from None
    return json_table([_fractions(row) for row in rows], "metric")


def _readable(db: Session, actor: Actor | None, name: str) -> Dataset | None:
    found = store.by_name(db, name)
    if found is None:
        folded = name.casefold()
        rows, _ = store.listed(db, 0, 1_000_000)
        matches = [row for row in rows if row.name.casefold() == folded]
        found = matches[0] if len(matches) == 1 else None
    return found if found is not None and may_read(actor, found) else None


def query_table(
    db: Session, actor: Actor | None, source: QueryRows, parts: SourceParts
) -> pa.Table:
    def lookup(name: str) -> pa.Table | None:
        dataset = _readable(db, actor, name)
        if dataset is None:
            return None
        schema = arrow_schema(table_columns(dataset))
        table = parts.place.table(dataset.id)
        scope = row_scope(db, actor, dataset)
        if scope is not None:  # only the rows this caller may see
            files = table.files(dataset.version)
            return matching_rows(files, table_columns(dataset), [], scope).cast(schema)
        # Read whole and cast to the catalog's types: Delta's rewrites leave string_view
        # columns, which Arrow cannot compare with the strings DuckDB pushes down.
        return table.dataset(dataset.version).to_table().cast(schema)

    return run_select(source.sql, lookup, parts.place.query_timeout_seconds)


def fetch_source(
    db: Session,
    actor: Actor | None,
    source: UrlRows | MetricRows | QueryRows,
    parts: SourceParts,
) -> pa.Table:
    """The source's rows as an Arrow table; a GaugeboardError saying why it failed."""
    if isinstance(source, UrlRows):
        return url_table(source, parts)
    if isinstance(source, MetricRows):
        return metric_table(db, source, parts)
    return query_table(db, actor, source, parts)
