"""The activity log as a request asks for it and as it is shown: the filter a query string
names (``action``, ``actor``, ``since``/``until`` in ISO 8601 or epoch seconds, checked and
described by ``ActivityQuery``) and each entry described. The API and the admin page both
read it through here."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    Field,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)

from gaugeboard.paging import PAGE_NUMBER, WholeNumber
from gaugeboard.store.activity import ActivityFilter
from gaugeboard.store.activity_models import ActivityEntry
from gaugeboard.store.types import iso_utc

DEFAULT_LIMIT = 50
MAX_LIMIT = 500


def instant(raw: Any) -> datetime | None:
    """``raw`` as an aware UTC datetime: epoch seconds or ISO 8601 (no zone means UTC);
    None when blank (a pydantic before-validator)."""
    if raw is None or (isinstance(raw, str) and raw.strip() == ""):
        return None
    text = str(raw).strip()
    try:
        if text.lstrip("-").replace(".", "", 1).isdigit():
            return datetime.fromtimestamp(float(text), UTC)
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except (ValueError, OverflowError, OSError):
        raise ValueError("must be an ISO 8601 time or epoch seconds") from None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


# A query string's text, read as a time.
Instant = Annotated[datetime | None, WithJsonSchema({"type": "string"}), BeforeValidator(instant)]


class ActivityQuery(BaseModel):
    action: str = ""
    actor: str = ""
    since: Instant = Field(None, description="ISO 8601 or epoch seconds")
    until: Instant = Field(None, description="ISO 8601 or epoch seconds, not before since")
    limit: Annotated[int, WholeNumber(1, MAX_LIMIT)] = DEFAULT_LIMIT
    page: Annotated[int, PAGE_NUMBER] = 1

    @field_validator("until")
    @classmethod
    def _not_before_since(cls, until: datetime | None, info: ValidationInfo) -> datetime | None:
        since = info.data.get("since")
        if since is not None and until is not None and since > until:
            raise ValueError("must not be before since")
        return until


def activity_filter(query: ActivityQuery) -> ActivityFilter:
    """The filter the checked query string asks for."""
    return ActivityFilter(
        action=query.action or None,
        actor=query.actor or None,
        since=query.since,
        until=query.until,
    )


def describe_entry(entry: ActivityEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "at": iso_utc(entry.at),
        "actor": entry.actor_name or None,
        "actor_id": entry.actor_id,
        "via": entry.via,
        "action": entry.action,
        "target": entry.target,
        "detail": entry.detail,
    }
