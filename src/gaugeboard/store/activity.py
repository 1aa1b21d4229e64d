"""The activity log: entries are added to the caller's session, so they are committed (or
rolled back) together with the change they describe, and read back newest first."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from gaugeboard.store.activity_models import ActivityEntry
from gaugeboard.store.types import utcnow

VIA_VALUES = ("session", "token", "oauth", "basic", "cli")
MAX_TARGET = 600
MAX_DETAIL_CHARS = 2000
# Detail keys that could carry a secret are refused outright: a caller bug, not user input.
FORBIDDEN_DETAIL_WORDS = ("password", "secret", "hash", "csrf")


class Actor(Protocol):
    """Who acted: a request's principal (structurally; the store does not import auth)."""

    @property
    def user_id(self) -> int: ...

    @property
    def name(self) -> str: ...

    @property
    def via(self) -> str: ...


@dataclass(frozen=True)
class ActivityFilter:
    """What ``GET /api/activity`` asks for; None means no restriction."""

    action: str | None = None
    actor: str | None = None
    since: datetime | None = None
    until: datetime | None = None


def _size(value: Any) -> int:
    return len(json.dumps(value, default=str))


def _checked_detail(detail: Mapping[str, Any] | None) -> dict[str, Any]:
    """The detail as stored: keys that could name a secret are a caller bug (refused);
    a detail too large for the log keeps its scalars and the length of each list."""
    detail = dict(detail or {})
    for key in detail:
        if any(word in key.lower() for word in FORBIDDEN_DETAIL_WORDS):
            raise ValueError(f"activity detail may not hold {key!r}")
    if _size(detail) <= MAX_DETAIL_CHARS:
        return detail
    short = {
        key: f"{len(value)} items" if isinstance(value, list | dict) else value
        for key, value in detail.items()
    }
    return short if _size(short) <= MAX_DETAIL_CHARS else {"truncated": True}


def record_activity(
    db: Session,
    actor: Actor | None,
    action: str,
    target: str = "",
    detail: Mapping[str, Any] | None = None,
    *,
    actor_name: str = "",
    via: str = "cli",
) -> ActivityEntry:
    """Add an entry to ``db`` without committing: the caller's commit writes it with the
    change, and a rollback drops both. Without an actor (the command line, a failed
    sign-in) ``actor_name`` and ``via`` say who and how."""
    entry = ActivityEntry(
        at=utcnow(),
        actor_id=actor.user_id if actor is not None else None,
        actor_name=(actor.name if actor is not None else actor_name)[:64],
        via=actor.via if actor is not None else via,
        action=action,
        target=target[:MAX_TARGET],
        detail=_checked_detail(detail),
    )
    if entry.via not in VIA_VALUES:
        raise ValueError(f"activity via must be one of {VIA_VALUES}")
    db.add(entry)
    return entry


def _filtered(query: Select[Any], wanted: ActivityFilter) -> Select[Any]:
    if wanted.action is not None:
        query = query.where(ActivityEntry.action == wanted.action)
    if wanted.actor is not None:
        query = query.where(ActivityEntry.actor_name == wanted.actor)
    if wanted.since is not None:
        query = query.where(ActivityEntry.at >= wanted.since)
    if wanted.until is not None:
        query = query.where(ActivityEntry.at <= wanted.until)
    return query


def list_activity(
    db: Session, wanted: ActivityFilter, limit: int, page: int
) -> tuple[Sequence[ActivityEntry], int]:
    """One page of matching entries, newest first, and how many match in all."""
    query = _filtered(select(ActivityEntry), wanted)
    total = db.scalar(_filtered(select(func.count()).select_from(ActivityEntry), wanted))
    ordered = query.order_by(ActivityEntry.at.desc(), ActivityEntry.id.desc())
    entries = db.scalars(ordered.limit(limit).offset((page - 1) * limit)).all()
    return entries, int(total or 0)


def action_names(db: Session) -> list[str]:
    """Every action recorded so far (for the filter of the admin page)."""
    query = select(ActivityEntry.action).distinct().order_by(ActivityEntry.action)
    return list(db.scalars(query).all())
