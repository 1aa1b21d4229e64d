"""Configuring a monitored route (FlaskStatus's configure API): rename it, or forget its
data and hide it.

The trusted caller has already been authorized by the view (the API secret or an admin
token), which is why the body is checked here, after that: by ``RouteConfigure``, which
also describes it, every problem listed. The change is one write transaction.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
)
from sqlalchemy import Connection
from sqlalchemy.orm import Session

from gaugeboard.errors import NotFound
from gaugeboard.input_checks import checked, worded
from gaugeboard.monitor.status_monitor import StatusMonitor
from gaugeboard.store.database import begin_write
from gaugeboard.store.status_routes import StatusRouteRow, find_route, forget_route, rename_route

MAX_NAME = 255
MAX_DOC = 10_000
UNKNOWN = "unknown field; allowed: doc, name, rule"


def _rule(value: Any) -> Any:
    if not isinstance(value, str):
        raise ValueError("must be a string")
    return value


def _text(limit: int, blank: bool) -> BeforeValidator:
    """Optional text of at most ``limit`` characters (blank or not), only when renaming
    (which the context says)."""

    def check(value: Any, info: ValidationInfo) -> Any:
        if not (info.context or {}).get("rename", True):
            raise ValueError("unknown field; allowed: rule")
        if value is not None and (not isinstance(value, str) or len(value) > limit):
            raise ValueError(f"must be a string of at most {limit} characters")
        if value is not None and not blank and not value.strip():
            raise ValueError("must not be empty")
        return value

    return BeforeValidator(check)


class RouteConfigure(BaseModel):
    """PUT: rename (name, doc); DELETE: only ``rule``."""

    model_config = ConfigDict(extra="forbid")
    rule: Annotated[
        str, Field(description="The route's rule, e.g. /users/<int:id>"), BeforeValidator(_rule)
    ]
    name: Annotated[
        str | None, Field(min_length=1, max_length=MAX_NAME), _text(MAX_NAME, blank=False)
    ] = None
    doc: Annotated[str | None, Field(max_length=MAX_DOC), _text(MAX_DOC, blank=True)] = None

    _words = worded({"missing": "no rule provided", "extra_forbidden": UNKNOWN})


def forget_status_route(db: Session, monitor: StatusMonitor, body: dict[str, Any]) -> None:
    """Delete the recorded data of ``body["rule"]`` and hide it; commits."""
    wanted = checked(RouteConfigure, body, "body", context={"rename": False})
    connection = _locked(db, monitor)
    route = _route(connection, wanted.rule)
    forget_route(connection, route.id)
    db.commit()


def rename_status_route(
    db: Session, monitor: StatusMonitor, body: dict[str, Any]
) -> dict[str, str]:
    """Give ``body["rule"]`` a new name and/or doc; commits. Returns the route as renamed."""
    wanted = checked(RouteConfigure, body, "body")
    connection = _locked(db, monitor)
    route = _route(connection, wanted.rule)
    name = (wanted.name if wanted.name is not None else route.name).strip()
    doc = wanted.doc if wanted.doc is not None else route.doc
    rename_route(connection, route.id, name, doc)
    db.commit()
    return {"rule": route.rule, "name": name, "doc": doc}


def _locked(db: Session, monitor: StatusMonitor) -> Connection:
    """Every monitored route has its row, then the write transaction's connection."""
    monitor.sync_routes_changed()
    begin_write(db)
    return db.connection()


def _route(connection: Connection, rule: str) -> StatusRouteRow:
    route = find_route(connection, rule)
    if route is None:
        raise NotFound(f"rule: route {rule!r} not found")
    return route
