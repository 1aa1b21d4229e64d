"""What the event routes take and answer, as pydantic models for ``@described``.

The events engine checks events with its own fast code (``events/validation.py``) and the
tracking endpoints answer in the reference's words, so these models describe and the
engine checks; the metric query is ``events.query_model.MetricQueryBody``, which both do.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, RootModel

from gaugeboard.events.catalog import MAX_VALUE_LENGTH, MAX_VALUES
from gaugeboard.events.validation import (
    EARLIEST_TS,
    MAX_EVENTS_PER_REQUEST,
    MAX_NAME_LENGTH,
    MAX_PERSON_LENGTH,
    MAX_PROPERTIES,
)
from gaugeboard.paging import WholeNumber

MAX_FILTER_FIELD = 266  # a filter's field: ``properties.`` and a 255-character key
NAME = Field(min_length=1, max_length=MAX_NAME_LENGTH, description="The event name")
PERSON = Field(None, max_length=MAX_PERSON_LENGTH, description="Who did it")
TIME = Field(
    None,
    description=f"Epoch seconds (or ISO 8601 in the named form), from {EARLIEST_TS:.0f} "
    "to a day ahead; default now",
)


class TrackedEvent(BaseModel):
    """The tracking form: reserved keys with an underscore, every other key a property."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)
    n: str = Field(alias="_n", min_length=1, max_length=MAX_NAME_LENGTH)
    p: str | None = Field(None, alias="_p", max_length=MAX_PERSON_LENGTH)
    t: float | None = Field(None, alias="_t", description="Epoch seconds; default now")
    id: str | None = Field(None, alias="_id", description="Insert id: a repeat is stored once")


class NamedEvent(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = NAME
    person: str | None = PERSON
    time: float | str | None = TIME
    properties: dict[str, Any] | None = Field(None, max_length=MAX_PROPERTIES)
    insert_id: str | None = Field(None, description="A repeat of the same id is stored once")


Event = NamedEvent | TrackedEvent
EVENTS = Field(max_length=MAX_EVENTS_PER_REQUEST)


class EventBatch(BaseModel):
    key: str | None = Field(None, description="The event key, unless sent as _k or X-Event-Key")
    events: list[Event] = EVENTS


class EventBody(RootModel[Event | list[Event] | EventBatch]):
    """One event, a list of them, or ``{"key", "events"}``; every bad item is named."""


class EventKeyQuery(BaseModel):
    k: str | None = Field(None, alias="_k", description="The event key")


class EventsStored(BaseModel):
    ok: Literal[True]
    received: int
    stored: int
    duplicates: int = Field(description="Events whose insert id was stored before")


class TrackQuery(BaseModel):
    """The reference's parameters; every other parameter is a property of the event."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)
    k: str | None = Field(None, alias="_k", description="The event key")
    n: str | None = Field(None, alias="_n", description="The event name")
    p: str | None = Field(None, alias="_p", description="The person")
    t: str | None = Field(None, alias="_t", description="Epoch seconds")
    d: str | None = Field(None, alias="_d", description="base64 of a JSON event or list")


class EventList(BaseModel):
    ok: Literal[True]
    items: list[dict[str, Any]]
    page: int
    limit: int
    next: int | None


class MetricResult(BaseModel):
    model_config = ConfigDict(extra="allow")
    ok: Literal[True]
    query: dict[str, Any] = Field(description="The query as understood, defaults filled in")
    description: str
    elapsed_ms: float
    approximate: bool = Field(
        False,
        description="On metric results: true when the numbers are estimates (a unique_persons "
        'query with "approximate": true, counted with HyperLogLog: typical error about 3%), '
        "false when they are exact",
    )


def _event_name(value: Any) -> Any:
    if not isinstance(value, str) or not 1 <= len(value) <= MAX_NAME_LENGTH:
        raise ValueError(f"must be 1-{MAX_NAME_LENGTH} characters")
    return value


class EventNamesQuery(BaseModel):
    name: Annotated[
        str | None,
        Field(min_length=1, max_length=MAX_NAME_LENGTH, description="An event's properties"),
        BeforeValidator(_event_name),
    ] = None


class EventName(BaseModel):
    name: str
    count: int
    last_seen: str | None


class PropertyKey(BaseModel):
    key: str
    count: int
    types: list[str]


class EventCatalog(BaseModel):
    """Without ``name``: ``names``; with it: that event's ``properties``."""

    ok: Literal[True]
    names: list[EventName] | None = None
    name: str | None = None
    sampled: int | None = None
    properties: list[PropertyKey] | None = None


class PropertyValuesQuery(BaseModel):
    event: Annotated[
        str | None,
        Field(min_length=1, max_length=MAX_NAME_LENGTH, description="Only this event's values"),
        BeforeValidator(_event_name),
    ] = None
    property: str = Field(
        min_length=1,
        max_length=MAX_FILTER_FIELD,
        description="A property key, as a filter names it (``properties.x`` is ``x``)",
    )
    q: str = Field("", max_length=MAX_VALUE_LENGTH, description="Values containing this")
    limit: Annotated[int, WholeNumber(1, MAX_VALUES)] = 20


class PropertyValue(BaseModel):
    value: str = Field(description="As a filter's value field takes it")
    count: int = Field(description="Events holding it, in the sample")


class PropertyValues(BaseModel):
    """The most frequent values of a property in the latest events (``sampled`` of them)."""

    ok: Literal[True]
    name: str | None
    property: str
    sampled: int
    values: list[PropertyValue]


class EventKeyOut(BaseModel):
    id: int
    name: str
    prefix: str
    created_at: str | None
    revoked_at: str | None


class EventKeyList(BaseModel):
    ok: Literal[True]
    items: list[EventKeyOut]
    next: None


class EventKeyCreated(BaseModel):
    ok: Literal[True]
    key: EventKeyOut
    secret: str = Field(description="The event key itself, shown this once only")


class EventKeyRevoked(BaseModel):
    ok: Literal[True]
    key: EventKeyOut
