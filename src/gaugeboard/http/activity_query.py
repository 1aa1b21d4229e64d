"""The activity log as a request asks for it and as it is shown: the filter a query string
names (``action``, ``actor``, ``since``/``until`` in ISO 8601 or epoch seconds) and each
entry described. The API and the admin page both read it through here."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from gaugeboard.errors import ValidationFailed
from gaugeboard.store.activity import ActivityFilter
from gaugeboard.store.activity_models import ActivityEntry
from gaugeboard.store.types import iso_utc


def parse_instant(name: str, raw: str | None, problems: list[str]) -> datetime | None:
    """``raw`` as an aware UTC datetime: epoch seconds or ISO 8601 (no zone means UTC)."""
    if raw is None or raw.strip() == "":
        return None
    text = raw.strip()
    try:
        if text.lstrip("-").replace(".", "", 1).isdigit():
            return datetime.fromtimestamp(float(text), UTC)
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except (ValueError, OverflowError, OSError):
        problems.append(f"{name}: must be an ISO 8601 time or epoch seconds")
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def activity_filter(args: Mapping[str, str]) -> ActivityFilter:
    """The filter a query string asks for; ValidationFailed names every bad parameter."""
    problems: list[str] = []
    since = parse_instant("since", args.get("since"), problems)
    until = parse_instant("until", args.get("until"), problems)
    if since and until and since > until:
        problems.append("until: must not be before since")
    if problems:
        raise ValidationFailed(problems)
    return ActivityFilter(
        action=args.get("action") or None,
        actor=args.get("actor") or None,
        since=since,
        until=until,
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
